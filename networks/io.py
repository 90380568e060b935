"""Import and export of a network's contacts and partner schools as CSV and XLSX files.

Every row of an imported file is validated with the form of the registry page it stands for, so
it is refused for the same reasons and with the same messages. A file is imported only when all
its rows are valid, and then in one transaction.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import zip_longest
from operator import attrgetter

import openpyxl
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from networks import selectors, services
from networks.enums import ContactRole, Weekday
from networks.forms import ContactForm, PartnerSchoolForm
from networks.models import Network

MAX_ROWS = 5000
# An XLSX file is a ZIP of XML that packs text some 5 to 10 times.
MAX_UNPACK_RATIO = 25
# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What openpyxl raises for bytes that are not a workbook (a ZIP without one raises KeyError).
NOT_A_WORKBOOK = (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, OSError, SyntaxError)

YES = _("yes")
NO = _("no")


def match_key(text) -> str:
    """A name as compared on import: case, accents, spaces and punctuation do not count ("E-mail" is "email")."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)).casefold() if c.isalnum())


def _in_every_language(text) -> set[str]:
    """A translatable text as each language of the site says it, so a file made in any of them is read."""
    said = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            said.add(str(text))
    return said


def _neutralise(value):
    """Make a text cell that a spreadsheet would run as a formula read as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _unneutralise(text: str) -> str:
    """Undo _neutralise, so that an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class Codec:
    """How a column's value is written to a cell and read back into form data."""

    number_format = "General"

    def to_cell(self, value):
        return value

    def from_cell(self, text: str):
        return text


class IsoDate(Codec):
    # Reading is left to the form, which also accepts the dates of the user's language (1-9-2024).
    number_format = "yyyy-mm-dd"


class Amount(Codec):
    """An amount in euros; Dutch Excel writes "2.500,50", sometimes with a euro sign."""

    number_format = "#,##0.00"

    def from_cell(self, text):
        text = re.sub(r"[\s€]", "", text)
        # A decimal comma, or dots grouping thousands ("1.000": the field has no third decimal).
        if text.rfind(",") > text.rfind(".") or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")


class YesNo(Codec):
    def to_cell(self, value):
        return str(YES if value else NO)

    @cached_property
    def answers(self) -> dict[str, bool]:
        yes = {*_in_every_language(YES), "ja", "j", "yes", "y", "true", "waar", "x", "1"}
        no = {*_in_every_language(NO), "nee", "n", "no", "false", "onwaar", "0"}
        return {**{match_key(a): True for a in yes}, **{match_key(a): False for a in no}}

    def from_cell(self, text):
        if not text:
            return False
        try:
            return self.answers[match_key(text)]
        except KeyError:
            raise ValidationError(_("Enter yes or no."), code="invalid_yes_no") from None


class ChoiceList(Codec):
    """Several choices in one cell, each by code or by label in any language, split by "," or ";"."""

    def __init__(self, choices: type[models.TextChoices], other_names: dict[str, tuple[str, ...]]):
        self.choices = choices
        self.other_names = other_names

    def to_cell(self, value):
        return ", ".join(str(self.choices(code).label) for code in value)

    @cached_property
    def codes(self) -> dict[str, str]:
        return {
            match_key(name): choice.value
            for choice in self.choices
            for name in (choice.value, *_in_every_language(choice.label), *self.other_names.get(choice, ()))
        }

    def from_cell(self, text):
        # An unknown name goes to the form as it is, so the form's message names it.
        return [self.codes.get(match_key(part), part.strip()) for part in re.split(r"[,;]", text) if part.strip()]


ROLES = ChoiceList(
    ContactRole,
    {
        ContactRole.COORDINATOR: ("netwerkcoördinator", "coördinator"),
        ContactRole.HO_REPRESENTATIVE: ("HO-vertegenwoordiger", "vertegenwoordiger HO"),
        ContactRole.VO_TEACHER: ("docent VO", "VO-docent"),
        ContactRole.SCHOOL_LEADER: ("schoolleider",),
        ContactRole.BETA_COORDINATOR: ("bètacoördinator",),
        ContactRole.TOA: ("TOA", "technisch onderwijsassistent"),
    },
)
WEEKDAYS = ChoiceList(
    Weekday,
    {
        Weekday.MONDAY: ("ma", "maandag"),
        Weekday.TUESDAY: ("di", "dinsdag"),
        Weekday.WEDNESDAY: ("wo", "woensdag"),
        Weekday.THURSDAY: ("do", "donderdag"),
        Weekday.FRIDAY: ("vr", "vrijdag"),
    },
)


@dataclass(frozen=True)
class Column:
    field: str  # the form field the column feeds
    header: str  # translatable; the heading written on export
    value: Callable  # the exported value of an object
    other_headers: tuple[str, ...] = ()  # further headings accepted on import
    required: bool = False
    codec: Codec = Codec()


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it, the heading being row 1
    values: dict[str, str]  # by column field; only the file's columns


@dataclass(frozen=True)
class RowError:
    number: int
    column: str
    message: str


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@dataclass(frozen=True)
class Table:
    """One list of a network's registry as a file: its columns, and the form and service behind a row."""

    filename: str  # translatable; the file is called <network>-<filename>.<format>
    sheet_title: str
    import_title: str
    list_url_name: str
    columns: tuple[Column, ...]
    key: str  # the field that identifies a row's object within the network
    objects_of: Callable[[Network], models.QuerySet]
    form_class: type[forms.ModelForm]
    save: Callable  # save(actor=, form=), calling the service

    @cached_property
    def key_column(self) -> Column:
        return next(column for column in self.columns if column.field == self.key)

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    @cached_property
    def fields_by_header(self) -> dict[str, str]:
        return {
            match_key(name): column.field
            for column in self.columns
            for name in (column.field, *_in_every_language(column.header), *column.other_headers)
        }

    def fields_of(self, header: list[str]) -> list[str | None]:
        """The field of each column of the heading row; columns without a heading are ignored."""
        fields = [self.fields_by_header.get(match_key(heading)) if heading else None for heading in header]
        unknown = [heading for heading, field in zip(header, fields, strict=True) if heading and not field]
        missing = [str(c.header) for c in self.columns if c.required and c.field not in fields]
        doubled = [str(c.header) for c in self.columns if fields.count(c.field) > 1]
        problems = [
            (_("Unknown column(s): %(columns)s. The columns are: %(all)s."), "unknown_columns", unknown),
            (_("Missing column(s): %(columns)s."), "missing_columns", missing),
            (_("Column(s) given more than once: %(columns)s."), "doubled_columns", doubled),
        ]
        errors = [
            ValidationError(message, code=code, params={"columns": ", ".join(names), "all": ", ".join(self.headers())})
            for message, code, names in problems
            if names
        ]
        if errors:
            raise ValidationError(errors)
        return fields

    def row_form(self, row: Row, *, network: Network, instance) -> tuple[forms.ModelForm, list[RowError]]:
        """The bound form of a row, and the errors of cells that could not be read.

        Columns missing from the file, and cells that could not be read, keep what the form shows
        when the object is edited, so an update changes only what the file gives.
        """
        unbound = self.form_class(instance=instance, network=network)
        data = {name: unbound[name].initial for name in unbound.fields}
        errors = []
        for column in self.columns:
            if column.field in row.values:
                try:
                    data[column.field] = column.codec.from_cell(row.values[column.field])
                except ValidationError as error:
                    errors += [RowError(row.number, str(column.header), message) for message in error.messages]
        return self.form_class(data, instance=instance, network=network), errors

    def form_errors(self, row: Row, form: forms.ModelForm) -> list[RowError]:
        headers = {column.field: str(column.header) for column in self.columns}
        return [
            RowError(row.number, headers.get(field, ""), message)
            for field, messages in form.errors.items()
            for message in messages
        ]


def _save_contact(*, actor, form):
    return services.contact_save(actor=actor, contact=form.instance)


def _save_partner_school(*, actor, form):
    return services.partner_school_save(actor=actor, partner_school=form.instance, school=form.school)


CONTACTS = Table(
    filename=_("contacts"),
    sheet_title=_("Contacts"),
    import_title=_("Import contacts"),
    list_url_name="networks:contacts",
    columns=(
        Column("name", _("Name"), attrgetter("name"), ("naam",), required=True),
        Column("email", _("E-mail"), attrgetter("email"), ("e-mailadres",), required=True),
        Column("organisation", _("Organisation"), attrgetter("organisation"), ("organisatie", "organization")),
        Column("roles", _("Roles"), attrgetter("roles"), ("rollen", "rol", "role"), codec=ROLES),
        Column("working_days", _("Working days"), attrgetter("working_days"), ("werkdagen",), codec=WEEKDAYS),
    ),
    key="email",
    objects_of=selectors.contacts_of,
    form_class=ContactForm,
    save=_save_contact,
)

PARTNER_SCHOOLS = Table(
    filename=_("partner schools"),
    sheet_title=_("Partner schools"),
    import_title=_("Import partner schools"),
    list_url_name="networks:partner_schools",
    columns=(
        # Not required: the form needs a name only for a school new to the registry.
        Column("school_name", _("School name"), attrgetter("school.name"), ("schoolnaam", "school", "naam", "name")),
        Column("brin_code", _("BRIN code"), attrgetter("school.brin_code"), ("brin", "brinnummer"), required=True),
        Column("town", _("Town"), attrgetter("school.town"), ("plaats", "vestigingsplaats", "city")),
        Column("offers_havo", _("havo"), attrgetter("school.offers_havo"), codec=YesNo()),
        Column("offers_vwo", _("vwo"), attrgetter("school.offers_vwo"), codec=YesNo()),
        Column("tier", _("Tier"), attrgetter("tier"), ("niveau", "lidmaatschap")),
        Column(
            "yearly_contribution",
            _("Yearly contribution (EUR)"),
            attrgetter("yearly_contribution"),
            ("jaarlijkse bijdrage (EUR)", "jaarlijkse bijdrage", "bijdrage", "contribution"),
            codec=Amount(),
        ),
        Column(
            "agreement_since",
            _("Agreement since"),
            attrgetter("agreement_since"),
            ("overeenkomst sinds", "partner sinds", "sinds", "since"),
            codec=IsoDate(),
        ),
    ),
    key="brin_code",
    objects_of=selectors.partner_schools_of,
    form_class=PartnerSchoolForm,
    save=_save_partner_school,
)

TABLES = {"contacts": CONTACTS, "partner-schools": PARTNER_SCHOOLS}


def _export_rows(table: Table, network: Network) -> Iterator[list]:
    for obj in table.objects_of(network):
        yield [_neutralise(column.codec.to_cell(column.value(obj))) for column in table.columns]


def export_csv(table: Table, network: Network) -> bytes:
    """UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers())
    writer.writerows(_export_rows(table, network))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(table: Table, network: Network) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(table.sheet_title)[:31]
    headers = table.headers()
    sheet.append(headers)
    for number, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    for values in _export_rows(table, network):
        # openpyxl refuses control characters that a text field may still hold.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            cell.number_format = column.codec.number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Format:
    content_type: str
    export: Callable[[Table, Network], bytes]


FORMATS = {
    "csv": Format("text/csv; charset=utf-8", export_csv),
    "xlsx": Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export_xlsx),
}


def _decode_csv(data: bytes) -> str:
    # Text never holds NUL bytes; UTF-16 (Excel's "Unicode text") is full of them.
    if b"\x00" in data:
        raise ValidationError(
            _('This file is not a CSV file in a supported encoding. In Excel, save it as "CSV UTF-8".'),
            code="utf16",
        )
    # Dutch Excel's plain "CSV" is Windows-1252, whose accented letters are never valid UTF-8.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _('The characters of this file could not be read. In Excel, save it as "CSV UTF-8".'), code="encoding"
    )


def _csv_records(data: bytes) -> Iterator[list[str]]:
    text = _decode_csv(data)
    # Dutch Excel separates with ";" because "," is its decimal comma.
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ValidationError(
            _("This file could not be read as CSV: %(error)s"), code="invalid_csv", params={"error": error}
        ) from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    try:
        # openpyxl holds all of a workbook's texts in memory: refuse a ZIP bomb before unpacking it.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACK_RATIO * settings.IMPORT_MAX_BYTES:
            raise ValidationError(_("This XLSX file is too large once unpacked."), code="too_large_unpacked")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        finally:
            workbook.close()
    except NOT_A_WORKBOOK as error:
        raise ValidationError(_("This is not a valid XLSX file."), code="invalid_xlsx") from error


def read_rows(upload, table: Table) -> list[Row]:
    """The data rows of an uploaded file, by the field of each column. Blank rows are skipped.

    Raises ValidationError when the file as a whole cannot be used.
    """
    data = upload.read()
    records = _xlsx_records(data) if upload.name.lower().endswith(".xlsx") else _csv_records(data)
    numbered = (
        (number, [_unneutralise(value.strip()) for value in values]) for number, values in enumerate(records, start=1)
    )
    non_blank = ((number, values) for number, values in numbered if any(values))
    header = next(non_blank, None)
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    fields = table.fields_of(header[1])
    rows = []
    for number, values in non_blank:
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)d rows; split it into smaller files."),
                code="too_many_rows",
                params={"max": MAX_ROWS},
            )
        cells = zip_longest(fields, values[: len(fields)], fillvalue="")
        rows.append(Row(number, {field: value for field, value in cells if field}))
    if not rows:
        raise ValidationError(_("The file has a heading row but no rows below it."), code="no_rows")
    return rows


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        validators=[FileExtensionValidator(["csv", "xlsx"])],
        help_text=_("A CSV or XLSX file with a heading row, such as an export of this list."),
    )

    def __init__(self, *args, table: Table, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.rows: list[Row] = []
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Import")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(max)s."),
                code="too_large",
                params={"max": filesizeformat(settings.IMPORT_MAX_BYTES)},
            )
        self.rows = read_rows(upload, self.table)
        return upload


def registry_import(*, actor, network: Network, table: Table, rows: list[Row]) -> ImportResult:
    """Create or update one object per row: an object of the network with the row's key is updated.

    All rows are saved in one transaction, or none: ImportRefused lists every invalid row. Side
    effects are those of the table's service (contact_save may create a coordinator's account).
    """
    existing = {table.key_column.value(obj).lower(): obj for obj in table.objects_of(network)}
    rows_by_key = defaultdict(list)
    for row in rows:
        rows_by_key[row.values[table.key].lower()].append(row.number)
    errors, row_forms = [], []
    for row in rows:
        key = row.values[table.key].lower()
        form, row_errors = table.row_form(row, network=network, instance=existing.get(key))
        if key and len(rows_by_key[key]) > 1:
            message = _("This value is in more than one row of the file (rows %(rows)s).") % {
                "rows": ", ".join(map(str, rows_by_key[key]))
            }
            row_errors.append(RowError(row.number, str(table.key_column.header), message))
        errors += row_errors + table.form_errors(row, form)
        row_forms.append(form)
    if errors:
        raise ImportRefused(errors)
    created = sum(1 for form in row_forms if form.instance._state.adding)
    saving = None
    try:
        with transaction.atomic():
            for saving in row_forms:
                table.save(actor=actor, form=saving)
    except (IntegrityError, ValidationError) as error:
        # Someone saved the same contact or school between our checks and this save.
        number = rows[row_forms.index(saving)].number
        message = _("This row was changed by someone else during the import. Nothing was imported; please try again.")
        raise ImportRefused([RowError(number, "", message)]) from error
    return ImportResult(created=created, updated=len(row_forms) - created)
