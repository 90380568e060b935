"""Files of the surveys app: the XLSX exports of a cycle's preparations and follow-ups, and the
import of the previous cycle's action points.

The import reads files the way the registry's import does (networks.io): the same columns by
heading in either language, the same row-level messages, and all rows or none.
"""

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from networks.io import FORMULA_TRIGGERS, Column, ImportRefused, IsoDate, Row, RowError, Table, match_key
from networks.models import Network
from peerreview.cycles.models import Cycle
from surveys import selectors, selectors_followup, services_followup
from surveys.enums import PreparationState
from surveys.forms_followup import ActionPointForm
from surveys.models import Bottleneck, GoodPractice, PreviousActionPoint

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

    overview = selectors.preparations_overview(cycle)
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


# The follow-up's export


def followups_xlsx(cycle: Cycle) -> bytes:
    """Every network's answer per action point on one sheet; per network its exchange answer and
    totals on another."""
    results = selectors_followup.followup_results(cycle)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    item_headers = [_("Network"), _("State"), _("Number"), _("Action point"), _("Who"), _("By when")]
    item_headers += [_("What became of it"), _("Comment")]
    item_rows = (
        [row.network.name, row.state_label, number, item.text, item.who, item.due, item.get_state_display()]
        + [item.comment]
        for row in results.rows
        for number, item in enumerate(row.items, start=1)
    )
    _sheet(workbook, _("Action points"), item_headers, item_rows)

    totals_headers = [label.capitalize() for _state, label, _count in results.totals.as_list()]
    headers = [_("Network"), _("State"), _("Submitted"), _("Exchange with other networks grown?"), _("Explanation")]
    rows = [
        [
            row.network.name,
            row.state_label,
            timezone.localtime(row.submitted_at).date() if row.submitted_at else None,
            row.exchange_label,
            row.explanation,
            *(count for _state, _label, count in row.totals.as_list()),
        ]
        for row in results.rows
    ]
    rows.append([_("Total"), "", None, "", "", *(count for _state, _label, count in results.totals.as_list())])
    _sheet(workbook, _("Networks"), headers + totals_headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The import of the previous cycle's action points


def _save_action_point(*, actor, form: ActionPointForm) -> PreviousActionPoint:
    return services_followup.action_point_save(actor=actor, point=form.instance)


def _entered_action_points(network: Network):
    return network.previous_action_points.order_by("cycle__year", "position", "pk")


ACTION_POINTS = Table(
    filename=gettext_lazy("action points"),
    sheet_title=gettext_lazy("Action points"),
    import_title=gettext_lazy("Import the previous cycle's action points"),
    list_url_name="preparations:followup_action_points",
    columns=(
        Column("network", gettext_lazy("Network"), attrgetter("network.name"), ("netwerk",), required=True),
        Column("text", gettext_lazy("Action point"), attrgetter("text"), ("actiepunt", "action"), required=True),
        Column("who", gettext_lazy("Who"), attrgetter("who"), ("wie",)),
        Column(
            "due",
            gettext_lazy("By when"),
            attrgetter("due"),
            ("wanneer", "uiterlijk", "voor wanneer", "deadline", "when", "due"),
            codec=IsoDate(),
        ),
    ),
    key="text",
    objects_of=_entered_action_points,
    form_class=ActionPointForm,
    save=_save_action_point,
)


@dataclass(frozen=True)
class ActionPointImport:
    created: int
    skipped: int  # already entered


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def _network_of(row: Row, cycle_networks: dict[str, Network], known: set[str]) -> Network | RowError:
    cell = row.values.get("network", "")
    network = cycle_networks.get(match_key(cell))
    if network is not None:
        return network
    header = str(ACTION_POINTS.columns[0].header)
    if match_key(cell) in known:
        return RowError(row.number, header, _("%(network)s does not take part in this cycle.") % {"network": cell})
    return RowError(
        row.number,
        header,
        _("Unknown network “%(network)s”: give its short name (as in its address) or its name.") % {"network": cell},
    )


def action_points_import(*, actor, cycle: Cycle, rows: list[Row]) -> ActionPointImport:
    """Add one action point of the previous cycle per row, to the network the row names (by its
    slug or name). A row already entered for that network (the same text) is skipped, so that a
    file can be uploaded again after rows were added to it.

    All rows are saved in one transaction, or none: ImportRefused lists every problem.
    Side effects: those of ``action_point_save`` (open follow-ups ask about the new action points).
    """
    cycle_networks = {match_key(name): n for n in cycle.networks.all() for name in (n.slug, n.name)}
    known = {match_key(name) for slug, name in Network.objects.values_list("slug", "name") for name in (slug, name)}
    entered = {(p.network_id, _same_text(p.text)) for p in PreviousActionPoint.objects.filter(cycle=cycle)}
    errors: list[RowError] = []
    to_save: list[tuple[Row, ActionPointForm]] = []
    rows_by_point: dict[tuple[int, str], list[int]] = defaultdict(list)
    skipped = 0
    for row in rows:
        network = _network_of(row, cycle_networks, known)
        if isinstance(network, RowError):
            errors.append(network)
            continue
        form, row_errors = ACTION_POINTS.row_form(row, network=network, instance=None)
        errors += row_errors + ACTION_POINTS.form_errors(row, form)
        point = (network.pk, _same_text(row.values["text"]))
        rows_by_point[point].append(row.number)
        if point in entered:
            skipped += 1
        else:
            to_save.append((row, form))
    text_header = str(ACTION_POINTS.key_column.header)
    for (_network, text), numbers in rows_by_point.items():
        if text and len(numbers) > 1:
            message = _("This action point is in more than one row for this network (rows %(rows)s).") % {
                "rows": ", ".join(map(str, numbers))
            }
            errors += [RowError(number, text_header, message) for number in numbers]
    if errors:
        raise ImportRefused(sorted(errors, key=attrgetter("number")))
    with transaction.atomic():
        for row, form in to_save:
            form.instance.cycle = cycle
            try:
                ACTION_POINTS.save(actor=actor, form=form)
            except ValidationError as error:
                # Raised out of the transaction: what was saved of the file so far is rolled back.
                raise ImportRefused([RowError(row.number, "", message) for message in error.messages]) from error
    return ActionPointImport(created=len(to_save), skipped=skipped)
