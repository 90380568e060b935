"""Reads of the preparations, shaped by who is asking."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from networks.models import Network
from networks.selectors import coordinated_network_ids
from peerreview.cycles.models import Cycle, ReviewMeeting
from surveys.enums import PreparationState
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme


def themes_of(cycle: Cycle, *, active_only: bool = True) -> QuerySet[Theme]:
    themes = Theme.objects.filter(cycle=cycle)
    return themes.filter(active=True) if active_only else themes


def meeting_of(cycle: Cycle, network) -> ReviewMeeting | None:
    """The meeting of the cycle this network takes part in (one per cycle)."""
    return cycle.meetings.filter(networks=network).select_related("cycle").order_by("date", "pk").first()


def deadline_of(cycle: Cycle, network) -> date | None:
    """Three weeks (the cycle's setting) before the network's meeting; none until it has a date."""
    meeting = meeting_of(cycle, network)
    return meeting.preparation_deadline if meeting else None


def preparation_with_entries(preparation: Preparation) -> Preparation:
    """The preparation with its entries loaded in two queries, ordered as the form shows them."""
    return (
        Preparation.objects.select_related("cycle", "network", "submitted_by", "reopened_by")
        .prefetch_related(
            Prefetch("good_practices", queryset=GoodPractice.objects.select_related("theme")),
            Prefetch("bottlenecks", queryset=Bottleneck.objects.select_related("theme")),
        )
        .get(pk=preparation.pk)
    )


def learning_questions(preparation: Preparation) -> QuerySet[Bottleneck]:
    return preparation.bottlenecks.exclude(learning_question="").order_by("priority", "pk")


# The secretary's overview: read in a fixed number of queries, whatever the number of networks and
# entries; counts are aggregated per (network, theme) in the database, not per row in the template.


@dataclass
class Counts:
    good_practices: int = 0
    bottlenecks: int = 0
    learning_questions: int = 0

    def __bool__(self) -> bool:
        return bool(self.good_practices or self.bottlenecks or self.learning_questions)

    def add(self, other: "Counts") -> None:
        self.good_practices += other.good_practices
        self.bottlenecks += other.bottlenecks
        self.learning_questions += other.learning_questions


@dataclass
class OverviewRow:
    network: Network
    preparation: Preparation | None
    state: str
    meeting: ReviewMeeting | None
    deadline: date | None
    per_theme: list[Counts]  # in the order of Overview.themes
    total: Counts = field(default_factory=Counts)

    @property
    def state_label(self) -> str:
        return str(PreparationState(self.state).label)

    @property
    def is_submitted(self) -> bool:
        return self.state in (PreparationState.SUBMITTED, PreparationState.LATE)


@dataclass
class Overview:
    themes: list[Theme]
    rows: list[OverviewRow]
    theme_totals: list[Counts]
    total: Counts

    @property
    def submitted_count(self) -> int:
        return sum(row.is_submitted for row in self.rows)


def preparations_overview(cycle: Cycle) -> Overview:
    """Per participating network: its preparation's state, meeting, deadline and counts per theme.

    Seven queries whatever the size of the cycle. Retired themes appear only when entries use them.
    """
    networks = list(cycle.networks.order_by("name"))
    first_meeting: dict[int, ReviewMeeting] = {}
    for meeting in cycle.meetings.select_related("cycle").prefetch_related("networks").order_by("date", "pk"):
        for network in meeting.networks.all():
            first_meeting.setdefault(network.pk, meeting)
    preparations = {p.network_id: p for p in Preparation.objects.filter(cycle=cycle)}
    counts: dict[tuple[int, int], Counts] = {}
    good_practices = (
        GoodPractice.objects.filter(preparation__cycle=cycle)
        .values_list("preparation__network_id", "theme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for network_id, theme_id, n in good_practices:
        counts.setdefault((network_id, theme_id), Counts()).good_practices = n
    bottlenecks = (
        Bottleneck.objects.filter(preparation__cycle=cycle)
        .values_list("preparation__network_id", "theme_id")
        .annotate(n=Count("pk"), questions=Count("pk", filter=~Q(learning_question="")))
        .order_by()
    )
    for network_id, theme_id, n, questions in bottlenecks:
        cell = counts.setdefault((network_id, theme_id), Counts())
        cell.bottlenecks, cell.learning_questions = n, questions
    used_themes = {theme_id for _network_id, theme_id in counts}
    themes = [t for t in themes_of(cycle, active_only=False) if t.active or t.pk in used_themes]

    rows, theme_totals, total = [], [Counts() for _theme in themes], Counts()
    for network in networks:
        per_theme = [counts.get((network.pk, theme.pk), Counts()) for theme in themes]
        row_total = Counts()
        for column, cell in enumerate(per_theme):
            row_total.add(cell)
            theme_totals[column].add(cell)
        total.add(row_total)
        preparation = preparations.get(network.pk)
        if preparation is None or (not preparation.is_submitted and not row_total):
            state = PreparationState.NOT_STARTED  # opened but empty is not started, as on the dashboard
        else:
            state = preparation.state
        meeting = first_meeting.get(network.pk)
        rows.append(
            OverviewRow(
                network=network,
                preparation=preparation,
                state=state,
                meeting=meeting,
                deadline=meeting.preparation_deadline if meeting else None,
                per_theme=per_theme,
                total=row_total,
            )
        )
    return Overview(themes=themes, rows=rows, theme_totals=theme_totals, total=total)


@dataclass
class HomePreparation:
    network: Network
    preparation: Preparation | None
    deadline: date | None


def preparations_for_home(user, cycle: Cycle) -> list[HomePreparation]:
    """The preparations a coordinator works on in this cycle: one per coordinated network taking part."""
    networks = list(cycle.networks.filter(pk__in=coordinated_network_ids(user)).order_by("name"))
    if not networks:
        return []
    preparations = {p.network_id: p for p in Preparation.objects.filter(cycle=cycle, network__in=networks)}
    meetings = {}
    for meeting in cycle.meetings.select_related("cycle").prefetch_related("networks").order_by("date", "pk"):
        for network in meeting.networks.all():
            meetings.setdefault(network.pk, meeting)
    return [
        HomePreparation(
            network=network,
            preparation=preparations.get(network.pk),
            deadline=meetings[network.pk].preparation_deadline if network.pk in meetings else None,
        )
        for network in networks
    ]


@dataclass
class ThemeSection:
    theme: Theme
    good_practices: list[GoodPractice] = field(default_factory=list)
    bottlenecks: list[Bottleneck] = field(default_factory=list)


@dataclass
class PreparationDocument:
    """A preparation as the printed document shows it: its learning questions, then theme by theme."""

    preparation: Preparation
    sections: list[ThemeSection]
    learning_questions: list[Bottleneck]


def preparation_document(preparation: Preparation, themes: list[Theme] | None = None) -> PreparationDocument:
    """Every theme of the form in its order, with the preparation's entries under it.

    A theme retired after entries were written under it still shows, so nothing written is lost.
    ``themes`` saves their query when one prints several preparations of a cycle.
    """
    preparation = preparation_with_entries(preparation)
    if themes is None:
        themes = list(themes_of(preparation.cycle))
    sections = {theme.pk: ThemeSection(theme) for theme in themes}
    for practice in preparation.good_practices.all():
        sections.setdefault(practice.theme_id, ThemeSection(practice.theme)).good_practices.append(practice)
    for bottleneck in preparation.bottlenecks.all():
        sections.setdefault(bottleneck.theme_id, ThemeSection(bottleneck.theme)).bottlenecks.append(bottleneck)
    return PreparationDocument(
        preparation=preparation,
        sections=sorted(sections.values(), key=lambda section: (section.theme.position, section.theme.pk)),
        learning_questions=sorted(
            (b for b in preparation.bottlenecks.all() if b.learning_question),
            key=lambda b: (b.priority is None, b.priority or 0, b.pk),
        ),
    )
