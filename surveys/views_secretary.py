"""The secretary's side of the preparation: the themes of a cycle, the overview of every network's
preparation, its XLSX export, and sending the form to the networks.

The overview is read in a fixed number of queries, whatever the number of networks and entries:
counts are aggregated per (network, theme) in the database, not per row in the template.
"""

import io
from dataclasses import dataclass, field
from datetime import date

import openpyxl
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from networks.io import FORMULA_TRIGGERS
from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.core.views import FormPageMixin
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.views import CycleScopedMixin
from surveys import selectors, services
from surveys.enums import PreparationState
from surveys.forms_secretary import ThemeForm, ThemeMoveForm
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The overview


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
    themes = [t for t in selectors.themes_of(cycle, active_only=False) if t.active or t.pk in used_themes]

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


class PreparationsMixin(CycleScopedMixin):
    """Pages under /cycles/<year>/preparations/: the secretary's, checked against the cycle."""

    permission_required = "surveys.view_overview"

    def get_success_url(self):
        return reverse("preparations:overview", kwargs={"year": self.cycle.year})


class OverviewView(PreparationsMixin, TemplateView):
    template_name = "surveys/overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "overview": preparations_overview(self.cycle)}


class ReopenView(PreparationsMixin, View):
    """Opens a submitted preparation for changes again (POST only)."""

    permission_required = "surveys.reopen_preparation"
    http_method_names = ["post"]

    @cached_property
    def preparation(self) -> Preparation:
        return get_object_or_404(
            Preparation.objects.select_related("network"), cycle=self.cycle, network__slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.preparation

    def post(self, request, *args, **kwargs):
        if self.preparation.is_submitted:
            services.preparation_reopen(actor=request.user, preparation=self.preparation)
            messages.success(
                request,
                _("The preparation of %(network)s is open for changes again; it must be submitted again.")
                % {"network": self.preparation.network.name},
            )
        else:
            messages.info(request, _("This preparation was not submitted; nothing changed."))
        return redirect(self.get_success_url())


# The export


def _cell(value):
    """A value as a cell: text that a spreadsheet would run as a formula is made plain text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def _sheet(workbook, title: str, headers: list[str], rows) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append([_cell(h) for h in headers])
    for number, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = min(60, max(12, len(header) + 4))
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"


def _entry_rows(cycle: Cycle):
    yes, no = _("yes"), _("no")
    related = ("preparation__network", "theme")
    entries = [
        *GoodPractice.objects.filter(preparation__cycle=cycle).select_related(*related),
        *Bottleneck.objects.filter(preparation__cycle=cycle).select_related(*related),
    ]
    entries.sort(
        key=lambda e: (
            e.preparation.network.name,
            e.theme.position,
            e.theme_id,
            isinstance(e, Bottleneck),
            e.position,
            e.pk,
        )
    )
    for entry in entries:
        theme = entry.theme.display_name
        if entry.theme.is_own and entry.preparation.own_theme_name:
            theme = entry.preparation.own_theme_name
        state = str(PreparationState(entry.preparation.state).label)
        if isinstance(entry, GoodPractice):
            yield [
                entry.preparation.network.name,
                state,
                theme,
                _("good practice"),
                entry.title,
                entry.description,
                entry.lessons,
                entry.success_factors,
                yes if entry.want_to_present else no,
                "",
                None,
            ]
        else:
            yield [
                entry.preparation.network.name,
                state,
                theme,
                _("bottleneck"),
                "",
                entry.description,
                "",
                "",
                yes if entry.want_to_discuss else no,
                entry.learning_question,
                entry.priority,
            ]


def preparations_xlsx(cycle: Cycle) -> bytes:
    """Every entry of the cycle's preparations on one sheet, the overview's counts on another."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    entry_headers = [
        _("Network"),
        _("State"),
        _("Theme"),
        _("Kind"),
        _("Title"),
        _("Description"),
        _("What other networks can learn from it"),
        _("Success factors"),
        _("Present / discuss"),
        _("Learning question"),
        _("Priority"),
    ]
    _sheet(workbook, _("Entries"), entry_headers, _entry_rows(cycle))

    overview = preparations_overview(cycle)
    kinds = (_("good practices"), _("bottlenecks"), _("learning questions"))
    headers = [_("Network"), _("State"), _("Submitted"), _("Meeting"), _("Deadline"), *(k.capitalize() for k in kinds)]
    headers += [f"{theme.display_name}: {kind}" for theme in overview.themes for kind in kinds]

    def numbers(counts_list):
        return [n for c in counts_list for n in (c.good_practices, c.bottlenecks, c.learning_questions)]

    rows = [
        [
            row.network.name,
            row.state_label,
            timezone.localtime(row.preparation.submitted_at).date() if row.is_submitted else None,
            row.meeting.name if row.meeting else "",
            row.deadline,
            *numbers([row.total, *row.per_theme]),
        ]
        for row in overview.rows
    ]
    rows.append([_("Total"), "", None, "", None, *numbers([overview.total, *overview.theme_totals])])
    _sheet(workbook, _("Overview"), headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ExportView(PreparationsMixin, View):
    def get(self, request, *args, **kwargs):
        filename = f"{_('preparations')}-{self.cycle.year}.xlsx"
        return HttpResponse(
            preparations_xlsx(self.cycle),
            content_type=XLSX,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


# Sending the form


class InviteSendView(PreparationsMixin, TemplateView):
    """A page that says who will get the form; its button sends it (the January task)."""

    permission_required = "surveys.send_invitations"
    template_name = "surveys/overview_send.html"

    def get_context_data(self, **kwargs):
        networks = list(self.cycle.networks.filter(active=True).order_by("name"))
        coordinators = coordinators_by_network([network.pk for network in networks])
        dated = set(
            ReviewMeeting.networks.through.objects.filter(
                reviewmeeting__cycle=self.cycle, reviewmeeting__date__isnull=False
            ).values_list("network_id", flat=True)
        )
        return {
            **super().get_context_data(**kwargs),
            "networks": networks,
            "recipient_count": sum(len(coordinators.get(network.pk, [])) for network in networks),
            "without_coordinator": [network for network in networks if not coordinators.get(network.pk)],
            "without_date": [network for network in networks if network.pk not in dated],
            "task": self.cycle.tasks.filter(key="preparation_send").select_related("completed_by").first(),
        }

    def post(self, request, *args, **kwargs):
        count = services.preparation_invite_send(actor=request.user, cycle=self.cycle)
        messages.success(
            request,
            ngettext(
                "The preparation form was sent: %(count)d message is in the outbox.",
                "The preparation form was sent: %(count)d messages are in the outbox.",
                count,
            )
            % {"count": count},
        )
        return redirect(self.get_success_url())


# The themes (the December task)


class ThemesMixin(PreparationsMixin):
    permission_required = "surveys.manage_themes"

    def get_success_url(self):
        return reverse("preparations:themes", kwargs={"year": self.cycle.year})


class ThemeObjectMixin(ThemesMixin):
    @cached_property
    def theme(self) -> Theme:
        return get_object_or_404(Theme, cycle=self.cycle, pk=self.kwargs["pk"])

    def get_success_url(self):
        return f"{super().get_success_url()}#theme-{self.theme.pk}"


class ThemeListView(ThemesMixin, TemplateView):
    """The cycle's themes; the first visit gives the cycle the previous cycle's themes or the defaults."""

    template_name = "surveys/themes.html"

    def get_context_data(self, **kwargs):
        services.themes_install(cycle=self.cycle)
        themes = selectors.themes_of(self.cycle, active_only=False).annotate(
            in_use=Exists(GoodPractice.objects.filter(theme=OuterRef("pk")))
            | Exists(Bottleneck.objects.filter(theme=OuterRef("pk")))
        )
        return {
            **super().get_context_data(**kwargs),
            "themes": themes,
            "task": self.cycle.tasks.filter(key="themes").select_related("cycle", "completed_by").first(),
            "today": timezone.localdate(),
        }


class ThemeFormMixin(FormPageMixin):
    template_name = "surveys/themes_form.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def save(self, form):
        return services.theme_save(actor=self.request.user, theme=form.instance)


class ThemeCreateView(ThemesMixin, ThemeFormMixin, FormView):
    title = gettext_lazy("New theme")

    def get_success_url(self):
        theme = getattr(self, "object", None)
        url = super().get_success_url()
        return f"{url}#theme-{theme.pk}" if theme else url


class ThemeUpdateView(ThemeObjectMixin, ThemeFormMixin, FormView):
    title = gettext_lazy("Edit theme")

    def get_instance(self):
        return self.theme


class ThemeActionView(ThemeObjectMixin, View):
    """Retire, restore or move a theme (POST only)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        theme = self.theme
        if self.action == "move":
            form = ThemeMoveForm(request.POST, theme=theme)
            if form.is_valid():
                with transaction.atomic():
                    for moved in form.moved:
                        services.theme_save(actor=request.user, theme=moved)
        else:
            theme.active = self.action == "restore"
            services.theme_save(actor=request.user, theme=theme)
            if theme.active:
                messages.success(request, _("The theme is on the form again."))
            else:
                messages.success(request, _("The theme was retired: it is no longer on the form."))
        return redirect(self.get_success_url())


class ThemeDeleteView(ThemeObjectMixin, TemplateView):
    """Asks before removing a theme; one that entries use can only be retired."""

    template_name = "surveys/themes_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "theme": self.theme, "in_use": services.theme_in_use(self.theme)}

    def post(self, request, *args, **kwargs):
        name = self.theme.name
        try:
            services.theme_delete(actor=request.user, theme=self.theme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_success_url())
        messages.success(request, _("The theme %(name)s was removed.") % {"name": name})
        return redirect(ThemesMixin.get_success_url(self))
