"""Reads of the follow-up questionnaire, in a fixed number of queries whatever the number of
networks and action points."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from networks.models import Network
from networks.selectors import coordinated_network_ids
from peerreview.cycles.models import Cycle
from surveys.enums import ActionPointState, ExchangeAnswer, FollowUpState
from surveys.models import FollowUp, FollowUpItem, FollowUpSettings, PreviousActionPoint


def followup_settings_of(cycle: Cycle) -> FollowUpSettings:
    """The cycle's follow-up settings; unsaved defaults until the secretary saves them."""
    return FollowUpSettings.objects.filter(cycle=cycle).first() or FollowUpSettings(cycle=cycle)


def followup_deadline(cycle: Cycle) -> date | None:
    return FollowUpSettings.objects.filter(cycle=cycle).values_list("deadline", flat=True).first()


def followup_with_items(follow_up: FollowUp) -> FollowUp:
    """The follow-up with its items, in two queries."""
    return (
        FollowUp.objects.select_related("cycle", "network", "submitted_by", "reopened_by")
        .prefetch_related(Prefetch("items", queryset=FollowUpItem.objects.order_by("position", "pk")))
        .get(pk=follow_up.pk)
    )


def previous_action_points(cycle: Cycle, network: Network) -> QuerySet[PreviousActionPoint]:
    return PreviousActionPoint.objects.filter(cycle=cycle, network=network).order_by("position", "pk")


# Results: per network its answers, with totals per state (the overview, the export, the report)


@dataclass
class StateTotals:
    """How many action points got each answer; the field names are ActionPointState's values."""

    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    dropped: int = 0
    unanswered: int = 0

    def count(self, state: str) -> None:
        name = state or "unanswered"
        setattr(self, name, getattr(self, name) + 1)

    def add(self, other: "StateTotals") -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @property
    def total(self) -> int:
        return sum(getattr(self, item.name) for item in fields(self))

    def as_list(self) -> list[tuple[str, str, int]]:
        """(state, label, count) in the questionnaire's order, unanswered last."""
        answered = [(state.value, str(state.label), getattr(self, state.value)) for state in ActionPointState]
        return [*answered, ("unanswered", str(_UNANSWERED), self.unanswered)]


_UNANSWERED = gettext_lazy("no answer yet")


@dataclass
class NetworkResult:
    network: Network
    follow_up: FollowUp | None
    items: list[FollowUpItem]
    totals: StateTotals

    @property
    def state(self) -> str:
        if self.follow_up is None:
            return FollowUpState.NOT_STARTED
        follow_up = self.follow_up
        answered = follow_up.exchange or follow_up.exchange_explanation or self.totals.unanswered < len(self.items)
        if not follow_up.is_submitted and not answered:
            return FollowUpState.NOT_STARTED  # opened, nothing answered: as on the dashboard
        return self.follow_up.state

    @property
    def state_label(self) -> str:
        return str(FollowUpState(self.state).label)

    @property
    def is_submitted(self) -> bool:
        return self.follow_up is not None and self.follow_up.is_submitted

    @property
    def submitted_at(self) -> datetime | None:
        return self.follow_up.submitted_at if self.follow_up else None

    @property
    def exchange(self) -> str:
        return self.follow_up.exchange if self.follow_up else ""

    @property
    def exchange_label(self) -> str:
        return str(ExchangeAnswer(self.exchange).label) if self.exchange else ""

    @property
    def explanation(self) -> str:
        return self.follow_up.exchange_explanation if self.follow_up else ""


@dataclass
class FollowUpResults:
    cycle: Cycle
    rows: list[NetworkResult]
    totals: StateTotals
    # ExchangeAnswer value -> how many networks gave it
    exchange_totals: dict[str, int] = field(default_factory=dict)

    @property
    def submitted_count(self) -> int:
        return sum(row.is_submitted for row in self.rows)

    def exchange_list(self) -> list[tuple[str, str, int]]:
        return [
            (answer.value, str(answer.label), self.exchange_totals.get(answer.value, 0)) for answer in ExchangeAnswer
        ]


def followup_results(cycle: Cycle) -> FollowUpResults:
    """Per participating network (by name): its follow-up's items with state and comment, the
    exchange answer and explanation, and totals per state; with totals over all networks.

    Three queries whatever the size of the cycle: networks, follow-ups, items.
    """
    networks = list(cycle.networks.order_by("name"))
    follow_ups = {
        f.network_id: f
        for f in FollowUp.objects.filter(cycle=cycle).prefetch_related(
            Prefetch("items", queryset=FollowUpItem.objects.order_by("position", "pk"))
        )
    }
    rows, totals, exchange_totals = [], StateTotals(), {}
    for network in networks:
        follow_up = follow_ups.get(network.pk)
        items = list(follow_up.items.all()) if follow_up else []
        row_totals = StateTotals()
        for item in items:
            row_totals.count(item.state)
        totals.add(row_totals)
        if follow_up is not None and follow_up.exchange:
            exchange_totals[follow_up.exchange] = exchange_totals.get(follow_up.exchange, 0) + 1
        rows.append(NetworkResult(network=network, follow_up=follow_up, items=items, totals=row_totals))
    return FollowUpResults(cycle=cycle, rows=rows, totals=totals, exchange_totals=exchange_totals)


# The secretary's pages


@dataclass
class FollowUpOverview:
    results: FollowUpResults
    settings: FollowUpSettings
    # network id -> how many action points the secretary entered for it
    entered: dict[int, int]

    @property
    def rows(self) -> list[tuple[NetworkResult, int]]:
        """Each network's results with the number of action points entered for it."""
        return [(row, self.entered.get(row.network.pk, 0)) for row in self.results.rows]


def followups_overview(cycle: Cycle) -> FollowUpOverview:
    """The results with the round's settings and the entered action points per network: five queries."""
    entered = dict(
        PreviousActionPoint.objects.filter(cycle=cycle)
        .values_list("network_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("network_id", "n")
    )
    return FollowUpOverview(results=followup_results(cycle), settings=followup_settings_of(cycle), entered=entered)


@dataclass
class NetworkActionPoints:
    network: Network
    points: list[PreviousActionPoint]
    follow_up: FollowUp | None

    @property
    def locked(self) -> bool:
        """A submitted follow-up keeps its questions until the secretary reopens it."""
        return self.follow_up is not None and self.follow_up.is_submitted


def action_points_by_network(cycle: Cycle) -> list[NetworkActionPoints]:
    """Every participating network with the action points entered for it and its follow-up: three queries."""
    networks = list(cycle.networks.order_by("name"))
    points: dict[int, list[PreviousActionPoint]] = {}
    for point in PreviousActionPoint.objects.filter(cycle=cycle).order_by("position", "pk"):
        points.setdefault(point.network_id, []).append(point)
    follow_ups = {f.network_id: f for f in FollowUp.objects.filter(cycle=cycle)}
    return [
        NetworkActionPoints(network=network, points=points.get(network.pk, []), follow_up=follow_ups.get(network.pk))
        for network in networks
    ]


# The coordinator's home page


@dataclass
class HomeFollowUp:
    network: Network
    follow_up: FollowUp | None
    deadline: date | None


def followups_for_home(user, cycle: Cycle) -> list[HomeFollowUp]:
    """The follow-ups a coordinator answers in this cycle, once the questionnaire was sent: four queries."""
    settings = FollowUpSettings.objects.filter(cycle=cycle, sent_at__isnull=False).first()
    if settings is None:
        return []
    networks = list(cycle.networks.filter(pk__in=coordinated_network_ids(user)).order_by("name"))
    follow_ups = {f.network_id: f for f in FollowUp.objects.filter(cycle=cycle, network__in=networks)}
    return [
        HomeFollowUp(network=network, follow_up=follow_ups.get(network.pk), deadline=settings.deadline)
        for network in networks
    ]
