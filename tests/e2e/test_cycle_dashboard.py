"""The secretary creates a cycle, adds a meeting, and sees its "3 weeks before" tasks follow the date."""

import re
from datetime import date

from playwright.sync_api import expect

from peerreview.cycles.models import Cycle, ReviewMeeting
from tests.factories import NetworkFactory, SecretaryFactory

PASSWORD = "a-good-test-password"  # the factories' password


def _submit(page, field_name: str):
    form = page.locator("form", has=page.locator(f'[name="{field_name}"]'))
    form.locator('button[type="submit"], input[type="submit"]').first.click()


def test_secretary_creates_a_cycle_and_moves_a_meeting(live_server, page):
    secretary = SecretaryFactory(email="sanne@vo-ho.example", full_name="Sanne Secretaris")
    utrecht = NetworkFactory(name="Utrecht", slug="utrecht")
    NetworkFactory(name="Limburg", slug="limburg")

    # Signing in with a password brings the secretary home, where the cockpit asks for a cycle.
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(secretary.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    _submit(page, "password")
    expect(page).to_have_url(f"{live_server.url}/")
    page.get_by_test_id("create-cycle").click()

    # Create cycle 2018 with every active network.
    expect(page).to_have_url(f"{live_server.url}/cycles/new/")
    page.locator('input[name="year"]').fill("2018")
    expect(page.locator(f'input[name="networks"][value="{utrecht.pk}"]')).to_be_checked()
    _submit(page, "year")
    expect(page).to_have_url(f"{live_server.url}/cycles/2018/")
    october = page.get_by_test_id("month-2017-10")
    expect(october).to_contain_text("Onafhankelijk expert zoeken")
    expect(october.locator('tr[data-key="expert"] td[data-due]')).to_have_attribute("data-due", "2017-10-31")
    expect(page.get_by_test_id("undated").locator('tr[data-key="agenda"]')).to_have_count(1)
    assert Cycle.objects.get(year=2018).networks.count() == 2

    # A meeting with a date: its agenda is due three weeks before.
    page.locator('a[href="/cycles/2018/meetings/new/"]').first.click()
    page.locator('input[name="name"]').fill("Gesprek Midden")
    page.locator(f'input[name="networks"][value="{utrecht.pk}"]').check()
    page.locator('input[name="date"]').fill("2018-03-15")
    _submit(page, "name")
    meeting = ReviewMeeting.objects.get(name="Gesprek Midden")
    expect(page).to_have_url(re.compile(rf"/cycles/2018/meetings/{meeting.pk}/$"))
    agenda_due = page.get_by_test_id("meeting-tasks").locator('tr[data-key="agenda"] td[data-due]')
    expect(agenda_due).to_have_attribute("data-due", "2018-02-22")
    expect(page.locator('[role="status"]')).to_be_visible()

    # Moving the meeting moves the task.
    page.locator('input[name="date"]').fill("2018-04-05")
    _submit(page, "name")
    expect(agenda_due).to_have_attribute("data-due", "2018-03-15")
    meeting.refresh_from_db()
    assert meeting.date == date(2018, 4, 5)

    # The dashboard has the task in its new month.
    page.goto("/cycles/2018/")
    expect(page.get_by_test_id("month-2018-03").locator('tr[data-key="agenda"]')).to_have_count(1)
    expect(page.get_by_test_id("month-2018-02").locator('tr[data-key="agenda"]')).to_have_count(0)
    expect(page.get_by_test_id("network-rows").locator('tr[data-network="utrecht"]')).to_contain_text("Gesprek Midden")
