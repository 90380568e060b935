"""The host network's coordinator ticks off the checklist and fills in the venue in the browser;
the venue then reads as the invitations will print it, and the logistics task is done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.meetings import selectors
from tests.e2e.conftest import sign_in
from tests.factories import CoordinatorContactFactory, NetworkFactory, SecretaryFactory


@pytest.fixture
def world(live_server):
    secretary = SecretaryFactory(email="sanne@vo-ho.example")
    zeeland = NetworkFactory(name="Zeeland", slug="zeeland")
    oost = NetworkFactory(name="Oost", slug="oost")
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[zeeland, oost])
    host = CoordinatorContactFactory(network=zeeland, name="Anna Host", email="anna@zeeland.example").user
    meeting = meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(
            cycle=cycle, name="Gesprek 2", date=timezone.localdate() + timedelta(days=50), host_network=zeeland
        ),
        networks=[zeeland, oost],
    )
    return meeting, host


def test_host_ticks_items_and_fills_the_venue(page, live_server, world):
    meeting, host = world
    sign_in(page.context, live_server, host)
    page.goto(f"/meetings/2018/hosts/{meeting.pk}/")
    expect(page.get_by_test_id("checklist-progress")).to_contain_text("0")

    for kind in ("room", "catering", "parking", "av"):
        row = page.get_by_test_id(f"item-{kind}")
        row.locator("button.btn-success").click()
        expect(page.get_by_test_id(f"item-{kind}")).to_have_attribute("data-done", "true")

    venue = page.get_by_test_id("venue")
    venue.locator('[name="location"]').fill("Hogeschool Zeeland, Edisonweg 4, Vlissingen, B1.12")
    venue.locator('[name="directions"]').fill("Bus 53 to Edisonweg; park on P1 with the pass from the desk.")
    venue.locator('[type="submit"]').click()

    expect(page.get_by_test_id("venue").locator('[name="location"]')).to_have_value(
        "Hogeschool Zeeland, Edisonweg 4, Vlissingen, B1.12"
    )
    expect(page.get_by_test_id("logistics-task").locator("[data-state]")).to_have_attribute("data-state", "done")
    meeting.refresh_from_db()
    assert selectors.venue_text(meeting) == (
        "Hogeschool Zeeland, Edisonweg 4, Vlissingen, B1.12\n\n"
        "Bus 53 to Edisonweg; park on P1 with the pass from the desk."
    )
    assert set(meeting.host_checklist_items.values_list("done_by", flat=True)) == {host.pk}
    assert meeting.tasks.get(key="logistics").state == TaskState.DONE
