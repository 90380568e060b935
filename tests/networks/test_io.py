"""Import and export of a network's contacts and partner schools (networks.io, networks.views_io)."""

import codecs
import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from networks.enums import ContactRole, Weekday
from networks.io import CONTACTS, MAX_ROWS, MAX_UNPACK_RATIO, PARTNER_SCHOOLS, Amount
from networks.models import Contact, PartnerSchool, School
from tests.factories import ContactFactory, PartnerSchoolFactory, SchoolFactory

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CONTACT_HEADER = ["Name", "E-mail", "Organisation", "Roles", "Working days"]
SCHOOL_HEADER = [
    "School name",
    "BRIN code",
    "Town",
    "havo",
    "vwo",
    "Tier",
    "Yearly contribution (EUR)",
    "Agreement since",
]


def export_url(network, kind, fmt):
    return reverse("networks:export", kwargs={"slug": network.slug, "kind": kind, "fmt": fmt})


def import_url(network, kind):
    return reverse("networks:import", kwargs={"slug": network.slug, "kind": kind})


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_csv(response):
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    """The cells' values; a date cell reads back as a datetime at midnight, compared here as a date."""
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        [value.date() if isinstance(value, datetime) else value for value in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


def upload(client, network, kind, name, content, **extra):
    return client.post(import_url(network, kind), {"file": SimpleUploadedFile(name, content)}, **{**ENGLISH, **extra})


def file_errors(response):
    assert response.status_code == 200
    return [str(message) for message in response.context["form"].errors["file"]]


def row_errors(response):
    assert response.status_code == 200
    return [(error.number, error.column, str(error.message)) for error in response.context["row_errors"]]


def contact_values(network, exclude=None):
    return list(
        Contact.objects.filter(network=network)
        .exclude(email=exclude)
        .order_by("email")
        .values_list("name", "email", "organisation", "roles", "working_days")
    )


def partner_school_values(network):
    return list(
        PartnerSchool.objects.filter(network=network)
        .order_by("school__brin_code")
        .values_list(
            "school__name",
            "school__brin_code",
            "school__town",
            "school__offers_havo",
            "school__offers_vwo",
            "tier",
            "yearly_contribution",
            "agreement_since",
        )
    )


@pytest.fixture
def contacts(network):
    return [
        ContactFactory(
            network=network,
            name="Anna de Vries",
            email="anna@lyceum.example",
            organisation="Lyceum Utrecht",
            roles=[ContactRole.COORDINATOR, ContactRole.VO_TEACHER],
            working_days=[Weekday.MONDAY, Weekday.WEDNESDAY],
        ),
        ContactFactory(
            network=network,
            name="Bram Bakker",
            email="bram@uu.example",
            organisation="",
            roles=[ContactRole.TOA],
            working_days=[],
        ),
    ]


@pytest.fixture
def partner_schools(network):
    return [
        PartnerSchoolFactory(
            network=network,
            school=SchoolFactory(name="Amadeus Lyceum", brin_code="12AB", town="Vleuten", offers_vwo=False),
            tier="Ambitie",
            yearly_contribution=Decimal("2500.50"),
            agreement_since=date(2021, 9, 1),
        ),
        PartnerSchoolFactory(
            network=network,
            school=SchoolFactory(name="Bonifatius College", brin_code="34CD01", town="Utrecht"),
            tier="",
            yearly_contribution=None,
            agreement_since=None,
        ),
    ]


def test_contacts_export_csv_lists_contacts_in_fixed_columns(client, secretary, contacts):
    client.force_login(secretary)

    response = client.get(export_url(contacts[0].network, "contacts", "csv"), **ENGLISH)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="utrecht-contacts.csv"'
    assert read_csv(response) == [
        CONTACT_HEADER,
        [
            "Anna de Vries",
            "anna@lyceum.example",
            "Lyceum Utrecht",
            "network coordinator, VO teacher",
            "Monday, Wednesday",
        ],
        ["Bram Bakker", "bram@uu.example", "", "lab assistant (TOA)", ""],
    ]


def test_partner_schools_export_xlsx_has_typed_cells(client, secretary, partner_schools):
    client.force_login(secretary)

    response = client.get(export_url(partner_schools[0].network, "partner-schools", "xlsx"), **ENGLISH)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="utrecht-partner-schools.xlsx"'
    assert read_xlsx(response) == [
        SCHOOL_HEADER,
        ["Amadeus Lyceum", "12AB", "Vleuten", "yes", "no", "Ambitie", 2500.5, date(2021, 9, 1)],
        ["Bonifatius College", "34CD01", "Utrecht", "yes", "yes", None, None, None],
    ]


def test_partner_schools_export_csv_writes_iso_dates_and_plain_amounts(client, secretary, partner_schools):
    client.force_login(secretary)

    response = client.get(export_url(partner_schools[0].network, "partner-schools", "csv"), **ENGLISH)

    assert read_csv(response)[1] == [
        "Amadeus Lyceum",
        "12AB",
        "Vleuten",
        "yes",
        "no",
        "Ambitie",
        "2500.50",
        "2021-09-01",
    ]


def test_export_headers_follow_the_ui_language(client, secretary, network):
    client.force_login(secretary)

    dutch = client.get(export_url(network, "contacts", "csv"))
    english = client.get(export_url(network, "contacts", "csv"), **ENGLISH)

    with translation.override("nl"):
        assert read_csv(dutch) == [CONTACTS.headers()]
    with translation.override("en"):
        assert read_csv(english) == [CONTACTS.headers()] == [CONTACT_HEADER]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_cells_that_would_run_as_formulas(client, secretary, network, fmt):
    ContactFactory(network=network, name="=HYPERLINK(1)", email="a@example.org", organisation="+31 30 123")
    ContactFactory(network=network, name="@SUM(A1)", email="b@example.org", organisation="-Lyceum")
    client.force_login(secretary)

    response = client.get(export_url(network, "contacts", fmt), **ENGLISH)

    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    assert [row[:3] for row in rows[1:]] == [
        ["'=HYPERLINK(1)", "a@example.org", "'+31 30 123"],
        ["'@SUM(A1)", "b@example.org", "'-Lyceum"],
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_export_imports_back_unchanged(client, secretary, network, contacts, partner_schools, fmt, language):
    ContactFactory(network=network, name="=1+1", email="formula@example.org", roles=list(ContactRole.values))
    client.force_login(secretary)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    before = (contact_values(network), partner_school_values(network))
    exported = {
        kind: client.get(export_url(network, kind, fmt), **headers).content for kind in ["contacts", "partner-schools"]
    }

    for kind, content in exported.items():
        assert upload(client, network, kind, f"update.{fmt}", content, **headers).status_code == 302
    assert (contact_values(network), partner_school_values(network)) == before

    Contact.objects.all().delete()
    PartnerSchool.objects.all().delete()
    School.objects.all().delete()
    for kind, content in exported.items():
        assert upload(client, network, kind, f"create.{fmt}", content, **headers).status_code == 302
    assert (contact_values(network), partner_school_values(network)) == before
    assert before[0][2] == ("=1+1", "formula@example.org", "Lyceum", list(ContactRole.values), ["mon", "tue"])
    assert before[1][0] == (
        "Amadeus Lyceum",
        "12AB",
        "Vleuten",
        True,
        False,
        "Ambitie",
        Decimal("2500.50"),
        date(2021, 9, 1),
    )


def test_contacts_import_creates_and_updates_by_email(client, coordinator, network, contacts):
    client.force_login(coordinator)
    content = csv_bytes(
        [
            ["naam", "e-mail", "organisatie", "rollen", "werkdagen"],
            ["Anna van Dijk", "ANNA@lyceum.example", "Lyceum Utrecht", "netwerkcoördinator; docent VO", "ma, di"],
            ["Carla Claes", "carla@hu.example", "Hogeschool Utrecht", "ho_representative", "Wednesday;vrijdag"],
            ["Dirk Dekker", "dirk@school.example", "", "Schoolleider, TOA, bètacoördinator", "do"],
        ]
    )

    response = upload(client, network, "contacts", "contacts.csv", content, follow=True)

    assert response.redirect_chain == [(reverse("networks:contacts", kwargs={"slug": network.slug}), 302)]
    assert [str(message) for message in response.context["messages"]] == ["Imported: 2 added, 1 updated."]
    assert contact_values(network, exclude=coordinator.email) == [
        ("Anna van Dijk", "anna@lyceum.example", "Lyceum Utrecht", ["coordinator", "vo_teacher"], ["mon", "tue"]),
        ("Bram Bakker", "bram@uu.example", "", ["toa"], []),
        ("Carla Claes", "carla@hu.example", "Hogeschool Utrecht", ["ho_representative"], ["wed", "fri"]),
        ("Dirk Dekker", "dirk@school.example", "", ["school_leader", "beta_coordinator", "toa"], ["thu"]),
    ]
    assert Contact.objects.get(email="anna@lyceum.example").pk == contacts[0].pk
    assert Contact.objects.get(email="anna@lyceum.example").user.email == "anna@lyceum.example"


def test_contacts_import_keeps_values_of_columns_left_out(client, secretary, network, contacts):
    client.force_login(secretary)
    content = csv_bytes([["Name", "Email"], ["Anna de Vries-Smit", "anna@lyceum.example"]])

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert response.status_code == 302
    assert contact_values(network)[0] == (
        "Anna de Vries-Smit", "anna@lyceum.example", "Lyceum Utrecht", ["coordinator", "vo_teacher"], ["mon", "wed"]
    )  # fmt: skip


@pytest.mark.parametrize(
    "header",
    [
        ["naam", "e-mail", "organisatie", "rollen", "werkdagen"],
        [" Name ", "EMAIL", "Organisation", "roles", "Working Days"],
        ["Naam", "E-mailadres", "Organization", "Rol", "WERKDAGEN"],
    ],
)
def test_contacts_import_accepts_dutch_and_english_headers(client, secretary, network, header):
    client.force_login(secretary)
    content = csv_bytes([header, ["Eva Evers", "eva@example.org", "Lyceum", "coordinator", "mon"]])

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert response.status_code == 302
    assert contact_values(network) == [("Eva Evers", "eva@example.org", "Lyceum", ["coordinator"], ["mon"])]


def test_partner_schools_import_updates_partnership_but_not_school(client, coordinator, network, other_network):
    PartnerSchoolFactory(
        network=network, school=SchoolFactory(name="Oud Lyceum", brin_code="12AB", town="Zeist"), tier="Open"
    )
    SchoolFactory(name="Registry College", brin_code="56EF", town="Houten", offers_havo=False)
    client.force_login(coordinator)
    content = csv_bytes(
        [
            SCHOOL_HEADER,
            ["Nieuwe Naam", "12ab", "Bunnik", "nee", "ja", "Ambitie", "3000", "2022-01-31"],
            ["Other Name", "56EF", "Elders", "yes", "yes", "Open", "", ""],
            ["Nieuw Lyceum", "78GH", "Utrecht", "ja", "nee", "Connectie", "1250.75", "2024-09-01"],
        ]
    )

    response = upload(client, network, "partner-schools", "schools.csv", content, follow=True)

    assert [str(message) for message in response.context["messages"]] == ["Imported: 2 added, 1 updated."]
    assert partner_school_values(network) == [
        ("Oud Lyceum", "12AB", "Zeist", True, True, "Ambitie", Decimal("3000.00"), date(2022, 1, 31)),
        ("Registry College", "56EF", "Houten", False, True, "Open", None, None),
        ("Nieuw Lyceum", "78GH", "Utrecht", True, False, "Connectie", Decimal("1250.75"), date(2024, 9, 1)),
    ]
    assert School.objects.count() == 3


def test_partner_schools_import_links_registry_schools_by_brin_code_alone(client, secretary, network):
    SchoolFactory(name="Registry College", brin_code="56EF", town="Houten")
    client.force_login(secretary)
    content = csv_bytes([["BRIN code", "Tier"], ["56ef", "Open"], ["78GH", "Open"]])

    response = upload(client, network, "partner-schools", "schools.csv", content)

    assert row_errors(response) == [(3, "School name", "This field cannot be blank.")]
    assert partner_school_values(network) == []

    response = upload(client, network, "partner-schools", "schools.csv", content[: content.index(b"78GH")])

    assert response.status_code == 302
    assert partner_school_values(network) == [("Registry College", "56EF", "Houten", True, True, "Open", None, None)]


def test_partner_schools_import_reads_dutch_amounts_and_dates(client, secretary, network):
    client.force_login(secretary)
    content = csv_bytes(
        [
            ["schoolnaam", "brin", "plaats", "havo", "vwo", "bijdrage", "sinds"],
            ["Het Lyceum", "12AB", "Utrecht", "x", "", "€ 2.500,50", "1-9-2021"],
        ],
        delimiter=";",
    )

    response = upload(client, network, "partner-schools", "schools.csv", content, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 302
    assert partner_school_values(network) == [
        ("Het Lyceum", "12AB", "Utrecht", True, False, "", Decimal("2500.50"), date(2021, 9, 1))
    ]


def test_partner_schools_import_reads_typed_xlsx_cells(client, secretary, network):
    client.force_login(secretary)
    content = xlsx_bytes(
        [SCHOOL_HEADER, ["Het Lyceum", "12AB", "Utrecht", True, False, "Open", 1250.5, date(2023, 2, 1)]]
    )

    response = upload(client, network, "partner-schools", "schools.xlsx", content)

    assert response.status_code == 302
    assert partner_school_values(network) == [
        ("Het Lyceum", "12AB", "Utrecht", True, False, "Open", Decimal("1250.50"), date(2023, 2, 1))
    ]


def test_contacts_import_with_bad_rows_imports_nothing_and_lists_every_bad_row(client, secretary, network, contacts):
    client.force_login(secretary)
    before = contact_values(network)
    content = csv_bytes(
        [
            CONTACT_HEADER,
            ["Anna de Vries", "anna@lyceum.example", "Nieuwe School", "coordinator", "mon"],
            ["Carla Claes", "carla@hu", "", "", ""],
            ["Dirk Dekker", "dirk@school.example", "", "", "maandag, zondag"],
            [],
            ["Eva Evers", "eva@example.org", "", "", ""],
            ["Eva Evers", "EVA@example.org", "", "schoolhoofd", ""],
            ["", "frank@example.org", "", "", ""],
        ]
    )

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert row_errors(response) == [
        (3, "E-mail", "Enter a valid email address."),
        (4, "Working days", "Select a valid choice. zondag is not one of the available choices."),
        (6, "E-mail", "This value is in more than one row of the file (rows 6, 7)."),
        (7, "E-mail", "This value is in more than one row of the file (rows 6, 7)."),
        (7, "Roles", "Select a valid choice. schoolhoofd is not one of the available choices."),
        (8, "Name", "This field is required."),
    ]
    assert "Select a valid choice. zondag is not one of the available choices." in response.content.decode()
    assert contact_values(network) == before


def test_import_row_errors_are_in_the_users_language(client, secretary, network):
    client.force_login(secretary)
    content = csv_bytes([["naam", "e-mail"], ["Eva Evers", "eva@"]])

    response = upload(client, network, "contacts", "contacten.csv", content, HTTP_ACCEPT_LANGUAGE="nl")

    with translation.override("nl"):
        email_header = str(CONTACTS.key_column.header)
    assert row_errors(response) == [(2, email_header, "Voer een geldig e-mailadres in.")]


def test_partner_schools_import_with_bad_rows_imports_nothing(client, secretary, network, partner_schools):
    client.force_login(secretary)
    before = partner_school_values(network)
    content = csv_bytes(
        [
            SCHOOL_HEADER,
            ["Amadeus Lyceum", "12AB", "Vleuten", "ja", "nee", "Open", "100", ""],
            ["Fout College", "ABCD", "Utrecht", "ja", "ja", "", "", ""],
            ["Duur College", "56EF", "Utrecht", "ja", "ja", "", "2000000", ""],
            ["Twijfel College", "78GH", "Utrecht", "misschien", "nee", "", "", "gisteren"],
            ["Nieuw College", "90IJ", "Utrecht", "ja", "ja", "", "", ""],
        ]
    )

    response = upload(client, network, "partner-schools", "schools.csv", content)

    assert row_errors(response) == [
        (
            3,
            "BRIN code",
            "A BRIN code is two digits and two letters, such as 12AB (optionally followed by two digits).",
        ),
        (4, "Yearly contribution (EUR)", "Ensure this value is less than or equal to 1000000."),
        (5, "havo", "Enter yes or no."),
        (5, "Agreement since", "Enter a valid date."),
    ]
    assert partner_school_values(network) == before
    assert School.objects.count() == 2


def test_import_counts_rows_as_the_spreadsheet_does_and_skips_blank_rows(client, secretary, network):
    client.force_login(secretary)
    content = b"\r\nName,E-mail\r\n\r\n,,\r\nEva Evers,eva@example.org\r\nFrank,not-an-address\r\n"

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert row_errors(response) == [(6, "E-mail", "Enter a valid email address.")]


@pytest.mark.parametrize(
    ("header", "errors"),
    [
        (
            ["naam", "telefoon", "E-mail", "fax"],
            ["Unknown column(s): telefoon, fax. The columns are: Name, E-mail, Organisation, Roles, Working days."],
        ),
        (["naam", "organisatie"], ["Missing column(s): E-mail."]),
        (["naam", "e-mail", "email"], ["Column(s) given more than once: E-mail."]),
    ],
)
def test_import_with_wrong_columns_names_them(client, secretary, network, header, errors):
    client.force_login(secretary)
    content = csv_bytes([header, ["Eva Evers", "eva@example.org", "", ""][: len(header)]])

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert file_errors(response) == errors
    assert contact_values(network) == []


def test_import_reads_cp1252_csv_with_semicolons(client, secretary, network):
    client.force_login(secretary)
    content = csv_bytes(
        [["Naam", "E-mail", "Organisatie"], ["José Müller", "jose@example.org", "Café-Lyceum, Utrecht"]],
        delimiter=";",
        encoding="cp1252",
    )

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert response.status_code == 302
    assert contact_values(network) == [("José Müller", "jose@example.org", "Café-Lyceum, Utrecht", [], [])]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_import_rejects_utf16_csv(client, secretary, network, encoding):
    client.force_login(secretary)
    content = csv_bytes([CONTACT_HEADER, ["Eva", "eva@example.org", "", "", ""]], encoding=encoding)

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert file_errors(response) == [
        'This file is not a CSV file in a supported encoding. In Excel, save it as "CSV UTF-8".'
    ]


def test_import_rejects_bytes_cp1252_cannot_decode(client, secretary, network):
    client.force_login(secretary)

    response = upload(client, network, "contacts", "contacts.csv", b"Name,E-mail\r\nEva\x81,eva@example.org\r\n")

    assert file_errors(response) == ['The characters of this file could not be read. In Excel, save it as "CSV UTF-8".']


@pytest.mark.parametrize(
    "content", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"PK\x03\x04 not really a zip", csv_bytes([CONTACT_HEADER])]
)
def test_import_rejects_non_xlsx_bytes_named_xlsx(client, secretary, network, content):
    client.force_login(secretary)

    response = upload(client, network, "contacts", "contacts.xlsx", content)

    assert file_errors(response) == ["This is not a valid XLSX file."]


def test_import_rejects_xlsx_that_unpacks_to_far_more_than_the_limit(client, secretary, network, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", " " * (MAX_UNPACK_RATIO * 10_000 + 1))
    client.force_login(secretary)

    response = upload(client, network, "contacts", "contacts.xlsx", buffer.getvalue())

    assert len(buffer.getvalue()) < 10_000
    assert file_errors(response) == ["This XLSX file is too large once unpacked."]


def test_import_rejects_other_extensions(client, secretary, network):
    client.force_login(secretary)

    response = upload(client, network, "contacts", "contacts.pdf", b"%PDF-1.7")

    assert file_errors(response) == ["File extension “pdf” is not allowed. Allowed extensions are: csv, xlsx."]


def test_import_rejects_file_over_the_size_limit(client, secretary, network, settings):
    client.force_login(secretary)
    content = csv_bytes([CONTACT_HEADER]) + b" " * settings.IMPORT_MAX_BYTES

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert file_errors(response) == ["The file is larger than 2.0\xa0MB."]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "The submitted file is empty."),
        (b"\xef\xbb\xbf\r\n;;;\r\n", "The file is empty."),
        (csv_bytes([CONTACT_HEADER]), "The file has a heading row but no rows below it."),
    ],
)
def test_import_rejects_empty_file(client, secretary, network, content, error):
    client.force_login(secretary)

    response = upload(client, network, "contacts", "contacts.csv", content)

    assert file_errors(response) == [error]


def test_import_rejects_more_rows_than_allowed(client, secretary, network):
    client.force_login(secretary)
    rows = [["Name", "E-mail"]] + [[f"Person {n}", f"p{n}@example.org"] for n in range(MAX_ROWS + 1)]

    response = upload(client, network, "contacts", "contacts.csv", csv_bytes(rows))

    assert file_errors(response) == ["The file has more than 5000 rows; split it into smaller files."]
    assert contact_values(network) == []


def test_import_page_shows_upload_form_and_columns(client, coordinator, network):
    client.force_login(coordinator)

    response = client.get(import_url(network, "partner-schools"), **ENGLISH)

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["title"] == "Import partner schools"
    assert 'enctype="multipart/form-data"' in content
    assert [f"<code>{header}</code>" in content for header in SCHOOL_HEADER] == [True] * len(SCHOOL_HEADER)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", lambda n: import_url(n, "contacts")),
        ("post", lambda n: import_url(n, "contacts")),
        ("post", lambda n: import_url(n, "partner-schools")),
        ("get", lambda n: export_url(n, "contacts", "csv")),
        ("get", lambda n: export_url(n, "partner-schools", "xlsx")),
    ],
)
def test_coordinator_of_another_network_gets_404(client, other_coordinator, network, method, url):
    client.force_login(other_coordinator)
    content = csv_bytes([["Name", "E-mail", "BRIN code"], ["Eva", "eva@example.org", "12AB"]])

    if method == "get":
        response = client.get(url(network))
    else:
        response = client.post(url(network), {"file": SimpleUploadedFile("x.csv", content)})

    assert response.status_code == 404
    assert (Contact.objects.filter(network=network).count(), PartnerSchool.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "url", [lambda n: import_url(n, "contacts"), lambda n: export_url(n, "partner-schools", "csv")]
)
def test_anonymous_is_redirected_to_sign_in(client, network, url):
    response = client.get(url(network))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url(network)}"


@pytest.mark.parametrize(
    "url",
    [
        lambda n: import_url(n, "schools"),
        lambda n: export_url(n, "schools", "csv"),
        lambda n: export_url(n, "contacts", "pdf"),
        lambda n: export_url(n, "contacts", "XLSX"),
    ],
)
def test_unknown_kind_or_format_is_404(client, secretary, network, url):
    client.force_login(secretary)

    assert client.get(url(network)).status_code == 404


def test_tables_read_every_header_they_write():
    for table in [CONTACTS, PARTNER_SCHOOLS]:
        for language in ["nl", "en"]:
            with translation.override(language):
                header = table.headers()
            assert table.fields_of(header) == [column.field for column in table.columns]


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("2500", "2500"),
        ("2500.50", "2500.50"),
        ("2500,5", "2500.5"),
        ("€ 2.500,50", "2500.50"),
        ("1.000", "1000"),
        ("1,234.56", "1234.56"),
        ("", ""),
    ],
)
def test_amount_reads_dutch_and_english_notation(cell, amount):
    assert Amount().from_cell(cell) == amount
