"""The autumn of a cycle in the browser, as issue 5 asks it to be checked: a grouping proposal for the
demo networks, every network approves, the grouping is fixed into meetings; a date poll for one
meeting, a participant votes through their link, the date is fixed, the invitations with a calendar
file are in the outbox, and the "3 weeks before" tasks have moved to the new date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from networks.demo import load_registry
from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.accounts.models import User
from peerreview.cycles.enums import Anchor
from peerreview.cycles.models import Cycle, Task
from peerreview.cycles.services import cycle_create
from peerreview.grouping.models import GroupingProposal, ProposalResponse
from peerreview.mail.models import OutboxMessage
from peerreview.meetings.models import PanelRole
from peerreview.polls.models import CandidateDate, DatePoll
from tests.e2e.conftest import TIMEOUT_MS, sign_in
from tests.factories import AttendeeFactory
from tests.factories.meetings import PanelMemberFactory


@pytest.fixture
def world(live_server, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    load_registry(scale=1)
    secretary = User.objects.filter(is_staff=True).order_by("pk").first()
    year = timezone.localdate().year + 1
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=year), networks=list(Network.objects.filter(active=True)))
    PanelMemberFactory(cycle=cycle, role=PanelRole.CHAIR, name="Dirk Voorzitter", email="dirk@raad.example")
    return cycle, secretary


def _weekday_ahead(weekday: int):
    start = timezone.localdate() + timedelta(weeks=8)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def test_grouping_approved_then_date_fixed_by_poll(page, browser, live_server, world):
    cycle, secretary = world
    sign_in(page.context, live_server, secretary)

    # Proposals for the eleven networks; the secretary sends the first.
    page.goto(f"/grouping/{cycle.year}/settings/")
    page.get_by_test_id("settings-form").locator('button[type="submit"]').click()
    expect(page.get_by_test_id("proposal")).to_have_count(3)
    page.get_by_test_id("proposal").first.locator("h2 a").click()
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("responses")).to_be_visible()
    proposal = GroupingProposal.objects.get(cycle=cycle, state="sent")

    # Every network's coordinator approves in a browser of their own.
    coordinators = coordinators_by_network([network.pk for network in cycle.networks.all()])
    for network in cycle.networks.order_by("name"):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(TIMEOUT_MS)
        sign_in(context, live_server, coordinators[network.pk][0])
        coordinator_page = context.new_page()
        coordinator_page.goto(f"/grouping/{cycle.year}/networks/{network.slug}/")
        coordinator_page.locator('input[name="answer"][value="approve"]').check()
        coordinator_page.locator('form input[type="submit"]').click()
        expect(coordinator_page.get_by_test_id("my-response")).to_be_visible()
        context.close()
    assert ProposalResponse.objects.filter(proposal=proposal, answer="approve").count() == 11

    # All approved: the grouping is fixed without a warning, into one meeting per group with a host.
    page.reload()
    page.get_by_test_id("fix-link").click()
    expect(page.get_by_test_id("fix-warning")).to_have_count(0)
    page.locator('form input[type="submit"]').click()
    expect(page.get_by_test_id("fixed")).to_be_visible()
    meetings = list(cycle.meetings.prefetch_related("networks").order_by("name"))
    assert len(meetings) == len(proposal.groups) == 3
    assert all(meeting.host_network_id and meeting.date is None for meeting in meetings)

    # The first meeting's networks name an attendee each; the secretary polls two dates.
    meeting = meetings[0]
    for index, network in enumerate(meeting.networks.order_by("name")):
        AttendeeFactory(meeting=meeting, network=network, email=f"attendee{index}@{network.slug}.example")
    three_weeks = Task.objects.filter(meeting=meeting, anchor=Anchor.BEFORE_MEETING, offset_days=-21)
    assert three_weeks.exists() and set(three_weeks.values_list("due_date", flat=True)) == {None}
    tuesday, wednesday = _weekday_ahead(1), _weekday_ahead(1) + timedelta(days=1)
    page.goto(f"/polls/{cycle.year}/{meeting.pk}/")
    page.get_by_test_id("start-poll").click()
    for day in (tuesday, wednesday):
        page.locator("#id_date").fill(day.isoformat())
        page.locator("#candidate-form [type=submit]").click()
        expect(page.get_by_test_id(f"candidate-{day.isoformat()}")).to_be_visible()
    page.get_by_test_id("send-links").click()
    expect(page.get_by_test_id("send-links")).to_be_disabled()
    links = {
        m.to[0]: m.body.split("/polls/answer/")[1].split("/")[0] for m in mail.outbox if "/polls/answer/" in m.body
    }
    assert "dirk@raad.example" in links and len(links) == meeting.networks.count() + 1

    # The chair votes through the link: yes on Tuesday, no on Wednesday.
    poll = DatePoll.objects.get(meeting=meeting)
    first, second = CandidateDate.objects.filter(poll=poll).order_by("date")
    voter = browser.new_context(base_url=live_server.url, locale="nl-NL")
    vote_page = voter.new_page()
    vote_page.goto(f"/polls/answer/{links['dirk@raad.example']}/")
    vote_page.locator(f'input[name="answer-{first.pk}"][value="yes"]').check()
    vote_page.locator(f'input[name="answer-{second.pk}"][value="no"]').check()
    vote_page.get_by_test_id("save-answers").click()
    expect(vote_page.get_by_test_id("answered-at")).to_be_visible()
    voter.close()

    # The secretary fixes Tuesday: invitations with a calendar file, and the timeline follows.
    page.goto(f"/polls/{cycle.year}/{meeting.pk}/results/")
    page.locator(f"#fix-{first.pk}").check()
    page.get_by_test_id("fix-date").click()
    expect(page.get_by_test_id("fixed-date")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.date == tuesday
    assert set(three_weeks.values_list("due_date", flat=True)) == {tuesday - timedelta(days=21)}
    invitations = OutboxMessage.objects.filter(template_key="polls.meeting_invitation")
    assert sorted(invitations.values_list("to", flat=True)) == sorted(links)
    with invitations.get(to="dirk@raad.example").attachments.get().file.open("rb") as file:
        event = Calendar.from_ical(file.read()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").date() == tuesday
