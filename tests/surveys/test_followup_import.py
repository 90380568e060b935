"""Importing the previous cycle's action points from CSV or XLSX: all rows or none, with row-level messages."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from networks.io import ImportRefused, read_rows
from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services_followup as services
from surveys.io import ACTION_POINTS, action_points_import
from surveys.models import FollowUpItem, PreviousActionPoint
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

URL = reverse("preparations:followup_action_point_import", kwargs={"year": 2018})


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; the pages choose their language per request."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


def _csv(text: str, name="actiepunten.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("actiepunten.xlsx", buffer.getvalue())


def _import(secretary, cycle, upload):
    return action_points_import(actor=secretary, cycle=cycle, rows=read_rows(upload, ACTION_POINTS))


def _stored() -> list[tuple]:
    return list(
        PreviousActionPoint.objects.order_by("network__name", "position").values_list(
            "network__slug", "text", "who", "due"
        )
    )


GOOD_CSV = (
    "Netwerk;Actiepunt;Wie;Wanneer\n"
    "utrecht;Effectmeting ontwikkelen;Coördinator docentenprogramma;2017-06-30\n"
    "Netwerk Limburg;Stuurgroep oprichten;;\n"
    "UTRECHT;Ervaringen delen met Leiden;Netwerkcoördinator;2017-09-30\n"
)


def test_import_csv_with_dutch_headings_adds_every_row(secretary, cycle):
    result = _import(secretary, cycle, _csv(GOOD_CSV))

    assert (result.created, result.skipped) == (3, 0)
    assert _stored() == [
        ("limburg", "Stuurgroep oprichten", "", None),
        ("utrecht", "Effectmeting ontwikkelen", "Coördinator docentenprogramma", date(2017, 6, 30)),
        ("utrecht", "Ervaringen delen met Leiden", "Netwerkcoördinator", date(2017, 9, 30)),
    ]


def test_import_reads_dutch_dates_for_a_dutch_secretary(secretary, cycle):
    with translation.override("nl"):
        _import(secretary, cycle, _csv("netwerk;actiepunt;wanneer\nlimburg;Stuurgroep;30-9-2017\n"))

    assert _stored() == [("limburg", "Stuurgroep", "", date(2017, 9, 30))]


def test_import_xlsx_with_english_headings_and_real_dates(secretary, cycle, network):
    upload = _xlsx(
        [
            ["Action point", "Network", "Who", "By when"],
            ["Nieuwsbrief uitbrengen", "utrecht", "Communicatie", date(2017, 1, 31)],
        ]
    )

    result = _import(secretary, cycle, upload)

    assert result.created == 1
    assert _stored() == [("utrecht", "Nieuwsbrief uitbrengen", "Communicatie", date(2017, 1, 31))]


def test_import_again_skips_what_is_already_entered_and_reaches_open_followups(secretary, cycle, network):
    _import(secretary, cycle, _csv("network,action point\nutrecht,Stuurgroep oprichten\n"))
    follow_up = services.followup_for(cycle=cycle, network=network)

    result = _import(
        secretary, cycle, _csv("network,action point\nutrecht,stuurgroep  oprichten\nutrecht,Nieuwsbrief\n")
    )

    assert (result.created, result.skipped) == (1, 1)
    assert list(follow_up.items.order_by("position").values_list("text", flat=True)) == [
        "Stuurgroep oprichten",
        "Nieuwsbrief",
    ]


def test_import_bad_rows_stores_nothing_and_names_every_problem(secretary, cycle):
    NetworkFactory(name="Netwerk Brabant", slug="brabant")
    bad = (
        "Netwerk;Actiepunt;Wie;Wanneer\n"
        "utrecht;Goede regel;;\n"
        "atlantis;Onbekend netwerk;;\n"
        "brabant;Doet niet mee;;\n"
        "limburg;;Iemand;\n"
        "limburg;Datum onleesbaar;;volgend jaar\n"
        "utrecht;Dubbel;;\n"
        "utrecht;dubbel;;\n"
    )

    with pytest.raises(ImportRefused) as refused:
        _import(secretary, cycle, _csv(bad))

    assert [(e.number, e.column) for e in refused.value.errors] == [
        (3, "Network"),
        (4, "Network"),
        (5, "Action point"),
        (6, "By when"),
        (7, "Action point"),
        (8, "Action point"),
    ]
    messages = [e.message for e in refused.value.errors]
    assert messages[0] == "Unknown network “atlantis”: give its short name (as in its address) or its name."
    assert messages[1] == "brabant does not take part in this cycle."
    assert messages[4] == "This action point is in more than one row for this network (rows 7, 8)."
    assert _stored() == []


def test_import_row_for_a_submitted_followup_stores_nothing(secretary, coordinator, cycle, network):
    follow_up = services.followup_for(cycle=cycle, network=network)
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("no", "Geen tijd gehad."))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    with pytest.raises(ImportRefused) as refused:
        _import(secretary, cycle, _csv("network,action point\nlimburg,Eerst goed\nutrecht,Te laat\n"))

    assert [(e.number, e.column) for e in refused.value.errors] == [(3, "")]
    assert "has been submitted" in refused.value.errors[0].message
    assert _stored() == []
    assert not FollowUpItem.objects.exists()


# The page


def test_import_page_good_file_redirects_with_counts(as_secretary, cycle):
    response = as_secretary.post(URL, {"file": _csv(GOOD_CSV)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("preparations:followup_action_points", kwargs={"year": 2018})
    assert "Imported: 3 action points added, 0 already there." in response.content.decode()
    assert len(_stored()) == 3


def test_import_page_bad_file_shows_row_errors_in_dutch(client, secretary, cycle):
    client.force_login(secretary)

    response = client.post(URL, {"file": _csv("netwerk,actiepunt\natlantis,Iets\nutrecht,Goed\n")})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in content
    assert "atlantis" in content
    assert _stored() == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: _csv("netwerk,wie\nutrecht,Iemand\n"), "Missing column(s): Action point."),
        (lambda: SimpleUploadedFile("x.xlsx", b"not a workbook"), "This is not a valid XLSX file."),
        (lambda: _csv(""), "The file is empty."),
    ],
)
def test_import_page_unusable_file_refused_as_a_whole(as_secretary, cycle, upload, message):
    response = as_secretary.post(URL, {"file": upload()})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert _stored() == []
