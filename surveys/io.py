"""The XLSX export of a cycle's preparations: one sheet of entries, one of counts per network."""

import io
from datetime import date

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from networks.io import FORMULA_TRIGGERS
from peerreview.cycles.models import Cycle
from surveys import selectors
from surveys.enums import PreparationState
from surveys.models import Bottleneck, GoodPractice

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
