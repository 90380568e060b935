"""Invitations once the date is fixed: one per person asked, in their language, with a calendar file
whose event keeps its UID when the date changes and counts up its SEQUENCE; delivered by the worker."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from icalendar import Calendar

from peerreview.mail.models import OutboxMessage
from peerreview.polls import services
from peerreview.polls.enums import AnswerChoice
from tests.broker import wait_until
from tests.smtp_catcher import smtp_catcher_fixture  # noqa: F401 -- registers the smtp_catcher fixture

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KIND = "polls.meeting_invitation"


def _invitations(poll):
    return list(OutboxMessage.objects.filter(template_key=KIND, concerning_id=poll.pk).order_by("to", "pk"))


def _event(message: OutboxMessage):
    (attachment,) = message.attachments.all()
    assert (attachment.filename, attachment.mimetype) == ("gesprek-midden.ics", "text/calendar")
    with attachment.file.open("rb") as file:
        calendar = Calendar.from_ical(file.read())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_fix_date_puts_an_invitation_with_a_calendar_file_in_the_outbox_for_everyone(secretary, poll, candidates):
    tuesday = candidates[0]

    services.poll_fix_date(actor=secretary, poll=poll, candidate=tuesday)

    messages = _invitations(poll)
    assert [m.to for m in messages] == [
        "anna@utrecht.example", "bram@utrecht.example", "cor@limburg.example", "dirk@raad.example",
        "eva@expert.example",
    ]  # fmt: skip
    anna = messages[0]
    with translation.override("nl"):
        dutch_date = date_format(tuesday.date, "l j F Y")
    assert anna.subject == f"Uitnodiging peer review gesprek {poll.meeting.cycle.year}: {dutch_date}"
    assert "Hogeschool Utrecht, Heidelberglaan 15" in anna.body_text
    assert "Netwerk Limburg, Netwerk Utrecht" in anna.body_text
    assert "13:00–16:00" in anna.body_text
    calendar, event = _event(anna)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"meeting-{poll.meeting.pk}@peerreview.vo-ho-netwerken"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == datetime.combine(tuesday.date, tuesday.start_time, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") == datetime.combine(tuesday.date, tuesday.end_time, tzinfo=AMSTERDAM)
    assert str(event["LOCATION"]) == "Hogeschool Utrecht, Heidelberglaan 15"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"


def test_refixing_sends_updated_invitations_with_the_same_uid_and_a_higher_sequence(secretary, poll, candidates):
    tuesday, thursday = candidates
    services.poll_fix_date(actor=secretary, poll=poll, candidate=tuesday)
    first = {m.to: m for m in _invitations(poll)}

    services.poll_fix_date(actor=secretary, poll=poll, candidate=thursday)

    updated = {m.to: m for m in _invitations(poll) if m.pk not in {f.pk for f in first.values()}}
    assert set(updated) == set(first)
    first_events = [_event(m)[1] for m in first.values()]
    updated_events = [_event(m)[1] for m in updated.values()]
    assert (
        {str(e["UID"]) for e in updated_events}
        == {str(e["UID"]) for e in first_events}
        == {f"meeting-{poll.meeting.pk}@peerreview.vo-ho-netwerken"}
    )
    assert ({int(e["SEQUENCE"]) for e in first_events}, {int(e["SEQUENCE"]) for e in updated_events}) == ({0}, {1})
    assert {e.decoded("DTSTART").date() for e in updated_events} == {thursday.date}
    with translation.override("nl"):
        note = gettext("This invitation replaces the one sent earlier; please check the details below.")
    assert all(note in m.body_text for m in updated.values())
    assert not any(note in m.body_text for m in first.values())
    poll.refresh_from_db()
    assert poll.invitation_sequence == 1


def test_invitations_sent_again_carry_the_venue_now_known(secretary, poll, candidates):
    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])
    meeting = poll.meeting
    meeting.refresh_from_db()
    meeting.location = "Universiteit Utrecht, Minnaertgebouw, zaal 2"
    meeting.save()

    assert services.meeting_invitations_send(actor=secretary, poll=poll) == 5

    newest = OutboxMessage.objects.filter(template_key=KIND, to="anna@utrecht.example").order_by("-pk").first()
    _calendar, event = _event(newest)
    assert str(event["LOCATION"]) == "Universiteit Utrecht, Minnaertgebouw, zaal 2"
    assert int(event["SEQUENCE"]) == 1


def test_invitation_is_in_the_language_of_the_persons_account(secretary, poll, candidates, chair_member):
    chair_member.user.language = "en"
    chair_member.user.save()

    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])

    chair = OutboxMessage.objects.get(template_key=KIND, to="dirk@raad.example")
    anna = OutboxMessage.objects.get(template_key=KIND, to="anna@utrecht.example")
    assert (chair.language, anna.language) == ("en", "nl")
    assert chair.subject.startswith("Invitation to the ")
    assert chair.recipient == chair_member.user
    assert str(_event(chair)[1]["SUMMARY"]) == "Peer review: Gesprek Midden"


def test_meeting_invitations_send_needs_a_fixed_date(secretary, poll, candidates):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Fix the date first"):
        services.meeting_invitations_send(actor=secretary, poll=poll)
    assert _invitations(poll) == []


@pytest.mark.worker
def test_invitations_are_delivered_by_the_worker_with_the_calendar_file(
    celery_worker, smtp_catcher, secretary, poll, candidates
):
    services.answers_save(participant=poll.participants.first(), answers={c.pk: AnswerChoice.YES for c in candidates})
    with transaction.atomic():
        services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[1])

    caught = smtp_catcher.wait_for(5)
    wait_until(lambda: OutboxMessage.objects.filter(template_key=KIND, state="sent").count() == 5, timeout=10)
    assert sorted(m.to[0] for m in caught) == sorted(p.email for p in poll.participants.all())
    parsed = message_from_bytes(caught[0].raw, policy=policy.default)
    (attachment,) = list(parsed.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.combine(candidates[1].date, candidates[1].start_time, tzinfo=AMSTERDAM)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=3)
