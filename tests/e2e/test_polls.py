"""A date poll in the browser: the secretary starts it and adds dates, an attendee answers through
their personal link (no account), the secretary reads the grid and fixes the date; the invitations
with a calendar file are in the outbox and the "3 weeks before" tasks have moved."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from networks.enums import Weekday
from peerreview.cycles.enums import Anchor
from peerreview.cycles.models import Cycle, ReviewMeeting, Task
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.mail.models import OutboxMessage
from peerreview.meetings.models import PanelRole
from peerreview.polls.models import Answer, CandidateDate, DatePoll
from tests.e2e.conftest import sign_in
from tests.factories import AttendeeFactory, NetworkFactory, SecretaryFactory
from tests.factories.meetings import PanelMemberFactory


@pytest.fixture
def world(live_server):
    secretary = SecretaryFactory(email="sanne@vo-ho.example")
    utrecht = NetworkFactory(name="Netwerk Utrecht", slug="utrecht")
    limburg = NetworkFactory(name="Netwerk Limburg", slug="limburg")
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=timezone.localdate().year + 1), networks=[utrecht, limburg])
    meeting = meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Gesprek Midden", location="Hogeschool Utrecht, Heidelberglaan 15"),
        networks=[utrecht, limburg],
    )
    tue, wed = Weekday.TUESDAY.value, Weekday.WEDNESDAY.value
    AttendeeFactory(meeting=meeting, network=utrecht, name="Anna Aalders", email="anna@utrecht.example",
                    working_days=[tue])  # fmt: skip
    AttendeeFactory(meeting=meeting, network=limburg, name="Cor Claes", email="cor@limburg.example",
                    working_days=[tue, wed])  # fmt: skip
    PanelMemberFactory(cycle=cycle, role=PanelRole.CHAIR, name="Dirk Voorzitter", email="dirk@raad.example")
    return secretary, cycle, meeting


def _weekday_ahead(weekday: int):
    start = timezone.localdate() + timedelta(weeks=8)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def test_poll_from_dates_to_invitations(browser, live_server, page, world):
    secretary, cycle, meeting = world
    tuesday, wednesday = _weekday_ahead(1), _weekday_ahead(1) + timedelta(days=1)
    poll_page = f"/polls/{cycle.year}/{meeting.pk}/"

    # The secretary starts the poll and proposes two dates.
    sign_in(page.context, live_server, secretary)
    page.goto(poll_page)
    page.get_by_test_id("start-poll").click()
    expect(page.get_by_test_id("participants").locator("li")).to_have_count(3)
    for day in (tuesday, wednesday):
        page.locator("#id_date").fill(day.isoformat())
        page.locator("#candidate-form [type=submit]").click()
        expect(page.get_by_test_id(f"candidate-{day.isoformat()}")).to_be_visible()
    # Both attendees work on Tuesday, one on Wednesday.
    expect(page.get_by_test_id(f"candidate-{tuesday.isoformat()}").get_by_test_id("working-count")).to_contain_text("2")
    expect(page.get_by_test_id(f"candidate-{wednesday.isoformat()}").get_by_test_id("working-count")).to_contain_text(
        "1"
    )

    # Everyone gets their own link.
    page.get_by_test_id("send-links").click()
    expect(page.get_by_test_id("send-links")).to_be_disabled()
    links = {m.to[0]: m.body.split("/polls/answer/")[1].split("/")[0] for m in mail.outbox}
    assert sorted(links) == ["anna@utrecht.example", "cor@limburg.example", "dirk@raad.example"]

    # Anna answers without an account, in a browser of her own; opening the link records nothing.
    poll = DatePoll.objects.get(meeting=meeting)
    first, second = CandidateDate.objects.filter(poll=poll).order_by("date")
    anna_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    anna_page = anna_context.new_page()
    anna_page.goto(f"/polls/answer/{links['anna@utrecht.example']}/")
    expect(anna_page.get_by_test_id("answering-as")).to_contain_text("Anna Aalders")
    assert not Answer.objects.exists()
    anna_page.locator(f'input[name="answer-{first.pk}"][value="yes"]').check()
    anna_page.locator(f'input[name="answer-{second.pk}"][value="no"]').check()
    anna_page.get_by_test_id("save-answers").click()
    expect(anna_page.get_by_test_id("answered-at")).to_be_visible()
    expect(anna_page.locator(f'input[name="answer-{first.pk}"][value="yes"]')).to_be_checked()
    anna_context.close()
    assert dict(Answer.objects.values_list("candidate__date", "choice")) == {tuesday: "yes", wednesday: "no"}

    # The secretary reads the grid and fixes Tuesday.
    page.goto(f"{poll_page}results/")
    anna_row = page.get_by_test_id(f"row-{poll.participants.get(email='anna@utrecht.example').pk}")
    expect(anna_row.locator("[data-answer]")).to_have_count(2)
    expect(anna_row.locator("td").nth(0)).to_have_attribute("data-answer", "yes")
    expect(page.get_by_test_id("not-answered")).to_contain_text("Cor Claes")
    page.locator(f"#fix-{first.pk}").check()
    page.get_by_test_id("fix-date").click()
    expect(page.get_by_test_id("fixed-date")).to_be_visible()

    # The meeting has its date, the "3 weeks before" tasks moved, and everyone has an invitation with a calendar file.
    meeting.refresh_from_db()
    assert meeting.date == tuesday
    three_weeks = Task.objects.filter(meeting=meeting, anchor=Anchor.BEFORE_MEETING, offset_days=-21)
    assert three_weeks.exists()
    assert set(three_weeks.values_list("due_date", flat=True)) == {tuesday - timedelta(days=21)}
    invitations = OutboxMessage.objects.filter(template_key="polls.meeting_invitation")
    assert sorted(invitations.values_list("to", flat=True)) == sorted(links)
    attachment = invitations.first().attachments.get()
    with attachment.file.open("rb") as file:
        event = Calendar.from_ical(file.read()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").date() == tuesday
    assert str(event["LOCATION"]) == "Hogeschool Utrecht, Heidelberglaan 15"
