"""Writes of the date polls: the poll and its dates, the people asked, their answers, the fixed date
and the invitations.

Every change to a poll locks its row first, so that an answer arriving while the secretary closes
the poll is either recorded before the close or refused after it, never half of each.
"""

import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peerreview.cycles.models import Cycle, ReviewMeeting, Task
from peerreview.cycles.services import meeting_save, tasks_complete
from peerreview.mail.services import message_compose, template_for
from peerreview.meetings.selectors import venue_text
from peerreview.polls import selectors
from peerreview.polls.enums import AnswerChoice, PollState
from peerreview.polls.ics import ICS_MIMETYPE, meeting_invitation_ics
from peerreview.polls.mails import MEETING_INVITATION, POLL_INVITE
from peerreview.polls.models import Answer, CandidateDate, DatePoll, Participant

audit = logging.getLogger("peerreview.audit")

TASK_KEY = "date_polls"


def _locked(poll: DatePoll) -> DatePoll:
    return DatePoll.objects.select_for_update().select_related("meeting__cycle").get(pk=poll.pk)


def _require_open(poll: DatePoll) -> None:
    if not poll.is_open:
        raise ValidationError(_("This poll is closed; nothing was changed."), code="closed")


# The poll and its dates


@transaction.atomic
def poll_create(*, actor, meeting: ReviewMeeting) -> DatePoll:
    """Start the date poll of a meeting. Side effect: the meeting's people are added as participants."""
    # Locked so that two secretaries starting the poll at once make one poll and a clear refusal.
    meeting = ReviewMeeting.objects.select_for_update().select_related("cycle").get(pk=meeting.pk)
    if DatePoll.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting already has a date poll."), code="exists")
    poll = DatePoll(meeting=meeting, created_by=actor)
    poll.full_clean()
    poll.save()
    participants_refresh(actor=actor, poll=poll)
    audit.info("date poll %s for meeting %s created by %s", poll.pk, meeting.pk, actor.pk)
    return poll


@transaction.atomic
def candidate_add(
    *,
    actor,
    poll: DatePoll,
    day: date,
    start_time: time | None = None,
    end_time: time | None = None,
    today: date | None = None,
) -> CandidateDate:
    """Add a candidate date, with the meeting's times unless others are given.

    Refused: a date before ``today`` (the local date unless given), a Saturday or Sunday, a date
    after the cycle ends, a date already in the poll, a closed poll.
    """
    poll = _locked(poll)
    _require_open(poll)
    meeting = poll.meeting
    today = today or timezone.localdate()
    shown = date_format(day, "l j F Y")
    if day < today:
        problem = _("%(date)s has passed; choose a date from today on.") % {"date": shown}
    elif selectors.weekday_of(day) is None:
        problem = _("%(date)s falls in a weekend; choose a weekday.") % {"date": shown}
    elif day > meeting.cycle.ends_on:
        problem = _("%(date)s is after the cycle ends (%(end)s).") % {
            "date": shown,
            "end": date_format(meeting.cycle.ends_on, "j F Y"),
        }
    elif poll.candidates.filter(date=day).exists():
        problem = _("%(date)s is already in the poll.") % {"date": shown}
    else:
        problem = ""
    if problem:
        raise ValidationError({"date": problem}, code="invalid_date")
    candidate = CandidateDate(
        poll=poll,
        date=day,
        start_time=start_time or meeting.start_time,
        end_time=end_time or meeting.end_time,
    )
    candidate.full_clean()
    candidate.save()
    audit.info("candidate date %s added to poll %s by %s", day, poll.pk, actor.pk)
    return candidate


@transaction.atomic
def candidate_remove(*, actor, candidate: CandidateDate) -> int:
    """Take a date out of an open poll. Returns how many answers for it were removed with it."""
    poll = _locked(candidate.poll)
    _require_open(poll)
    removed_answers = Answer.objects.filter(candidate=candidate).count()
    CandidateDate.objects.filter(pk=candidate.pk).delete()
    audit.info("candidate date %s removed from poll %s by %s", candidate.date, poll.pk, actor.pk)
    return removed_answers


# The people asked


@transaction.atomic
def participants_refresh(*, actor, poll: DatePoll) -> list[Participant]:
    """Ask everyone the meeting has now and the poll does not: the chair, the expert, every nominated
    attendee of the meeting's networks (one participant per e-mail address). Returns those added.

    People already asked stay as they are, with their answers; nobody is removed.
    """
    poll = _locked(poll)
    asked = {email.lower() for email in poll.participants.values_list("email", flat=True)}
    added = [
        Participant(
            poll=poll,
            name=person.name,
            email=person.email,
            kind=person.kind,
            attendee=person.attendee,
            panel_member=person.panel_member,
        )
        for person in selectors.people_to_ask(poll.meeting)
        if person.email not in asked
    ]
    Participant.objects.bulk_create(added)
    if added:
        audit.info("%s participants added to poll %s by %s", len(added), poll.pk, actor.pk)
    return added


def _user_of(participant: Participant):
    if participant.panel_member is not None:
        return participant.panel_member.user
    if participant.attendee is not None and participant.attendee.contact is not None:
        return participant.attendee.contact.user
    return None


def _language_of(participant: Participant) -> str:
    """The language of the person's account when they have one; else the product's default."""
    user = _user_of(participant)
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


def _people_for_mail(poll: DatePoll):
    return poll.participants.select_related("attendee__contact__user", "panel_member__user").order_by("name", "pk")


def _networks_text(meeting: ReviewMeeting) -> str:
    return ", ".join(sorted(network.name for network in meeting.networks.all()))


def _times(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def poll_links_send(*, actor, poll: DatePoll, participants: Iterable[Participant] | None = None) -> int:
    """Mail each person their own link to the poll: everyone not sent one yet, or the ``participants`` given.

    Each gets a new token; a link sent before stops working. Returns how many messages were
    written. Side effects: outbox messages (kind ``polls.poll_invite``), the participants' hashes.
    """
    with transaction.atomic():
        poll = _locked(poll)
        _require_open(poll)
        candidates = selectors.candidates_of(poll)
        if not candidates:
            raise ValidationError(_("Add at least one candidate date before sending the links."), code="no_dates")
        people = _people_for_mail(poll)
        if participants is None:
            people = people.filter(invited_at__isnull=True)
        else:
            people = people.filter(pk__in=[participant.pk for participant in participants])
        meeting = poll.meeting
        networks = _networks_text(meeting)
        template = template_for(POLL_INVITE.key)
        now = timezone.now()
        count = 0
        for participant in people:
            token = secrets.token_urlsafe(32)
            participant.token_hash, participant.invited_at = selectors.token_hash(token), now
            participant.save(update_fields=["token_hash", "invited_at", "updated_at"])
            language = _language_of(participant)
            with translation.override(language):
                context = {
                    "name": participant.name,
                    "meeting": meeting.name,
                    "cycle": str(meeting.cycle.year),
                    "networks": networks,
                    "dates": "\n".join(
                        f"- {date_format(c.date, 'l j F Y')}, {_times(c.start_time, c.end_time)}" for c in candidates
                    ),
                    "link": settings.SITE_URL + reverse("polls:answer", kwargs={"token": token}),
                }
            message_compose(
                kind=POLL_INVITE.key,
                to=participant.email,
                context=context,
                language=language,
                recipient=_user_of(participant),
                concerning=poll,
                template=template,
            )
            count += 1
    audit.info("date poll %s: %s links sent by %s", poll.pk, count, actor.pk)
    return count


# Answering (through the personal link, without an account)


def answers_save(*, participant: Participant, answers: Mapping[int, str]) -> list[Answer]:
    """Record a person's answers, candidate id → yes / if need be / no, replacing earlier ones.

    The person is whoever holds the link, so there is no acting user. Every date of the poll must
    be answered; a candidate id of another poll, an unknown answer or a closed poll refuses the
    whole submission and nothing is stored.
    """
    with transaction.atomic():
        poll = _locked(participant.poll)
        if not poll.is_open:
            raise ValidationError(_("This poll is closed; your answers can no longer be changed."), code="closed")
        candidates = {candidate.pk: candidate for candidate in poll.candidates.all()}
        if any(pk not in candidates for pk in answers):
            raise ValidationError(
                _(
                    "The answers name a date that is not in your poll, so nothing was saved. Please answer the dates shown."
                ),
                code="foreign_candidate",
            )
        if any(choice not in AnswerChoice.values for choice in answers.values()):
            raise ValidationError(_("Answer each date with yes, if need be or no."), code="invalid_choice")
        missing = [candidate for pk, candidate in candidates.items() if pk not in answers]
        if missing or not candidates:
            raise ValidationError(_("Please answer every date."), code="incomplete")
        now = timezone.now()
        saved = []
        for pk, choice in answers.items():
            answer, _created = Answer.objects.update_or_create(
                participant=participant, candidate=candidates[pk], defaults={"choice": choice, "answered_at": now}
            )
            saved.append(answer)
    audit.info("participant %s of poll %s answered", participant.pk, poll.pk)
    return saved


# Closing and fixing the date


@transaction.atomic
def poll_close(*, actor, poll: DatePoll) -> DatePoll:
    """Stop taking answers. Closing a closed poll changes nothing."""
    poll = _locked(poll)
    if poll.is_open:
        poll.state, poll.closed_at, poll.closed_by = PollState.CLOSED, timezone.now(), actor
        poll.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
        audit.info("date poll %s closed by %s", poll.pk, actor.pk)
    return poll


@transaction.atomic
def poll_reopen(*, actor, poll: DatePoll) -> DatePoll:
    """Take answers again. Refused once a date is fixed: the invitations are out."""
    poll = _locked(poll)
    if poll.fixed_candidate_id is not None:
        raise ValidationError(
            _("The date is fixed and the invitations are sent, so the poll stays closed. Fix another date instead."),
            code="fixed",
        )
    if not poll.is_open:
        poll.state, poll.closed_at, poll.closed_by = PollState.OPEN, None, None
        poll.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
        audit.info("date poll %s reopened by %s", poll.pk, actor.pk)
    return poll


@dataclass(frozen=True)
class FixedDate:
    poll: DatePoll
    # How many of the meeting's tasks got a new due date (the "3 weeks before" ones among them).
    moved_tasks: int
    invitations: int


def poll_fix_date(*, actor, poll: DatePoll, candidate: CandidateDate) -> FixedDate:
    """Make a candidate the meeting's date and tell everyone.

    Side effects: the meeting's date and times set through ``meeting_save`` (its tasks, and so the
    preparation deadline and the reminders, follow); the poll closed; an invitation with a calendar
    file to every participant; the cycle's "date polls" task ticked off once every meeting's date
    is fixed through its poll. Fixing another date later sends updated invitations.
    """
    with transaction.atomic():
        poll = _locked(poll)
        if candidate.poll_id != poll.pk:
            raise ValidationError(_("This date is not one of this poll's candidates."), code="foreign_candidate")
        if poll.fixed_candidate_id == candidate.pk:
            raise ValidationError(
                _("This date is already fixed. To tell everyone again, send the invitations again."),
                code="already_fixed",
            )
        meeting = ReviewMeeting.objects.select_for_update().select_related("cycle").get(pk=poll.meeting_id)
        before = dict(Task.objects.filter(meeting=meeting).values_list("pk", "due_date"))
        meeting.date, meeting.start_time, meeting.end_time = candidate.date, candidate.start_time, candidate.end_time
        meeting_save(actor=actor, meeting=meeting)
        after = Task.objects.filter(meeting=meeting).values_list("pk", "due_date")
        moved = sum(1 for pk, due in after if before.get(pk) != due)
        now = timezone.now()
        if poll.is_open:
            poll.state, poll.closed_at, poll.closed_by = PollState.CLOSED, now, actor
        poll.fixed_candidate, poll.fixed_at, poll.fixed_by = candidate, now, actor
        poll.meeting = meeting
        poll.save()
        invitations = _invitations_send(actor=actor, poll=poll)
        _tick_task(actor, meeting.cycle)
    audit.info("date poll %s: date %s fixed by %s, %s tasks moved", poll.pk, candidate.date, actor.pk, moved)
    return FixedDate(poll=poll, moved_tasks=moved, invitations=invitations)


def meeting_invitations_send(*, actor, poll: DatePoll) -> int:
    """Send the invitations for the fixed date again, for example once the venue is known or people
    were added. Same calendar event, a higher SEQUENCE. Returns how many messages were written."""
    with transaction.atomic():
        poll = _locked(poll)
        if poll.fixed_candidate_id is None:
            raise ValidationError(_("Fix the date first; the invitations go out with it."), code="not_fixed")
        count = _invitations_send(actor=actor, poll=poll)
    audit.info("date poll %s: invitations sent again by %s", poll.pk, actor.pk)
    return count


def _invitations_send(*, actor, poll: DatePoll) -> int:
    """An invitation with the calendar file to every participant, in their language (the poll locked)."""
    meeting = poll.meeting
    first = poll.invitation_sequence is None
    poll.invitation_sequence = 0 if first else poll.invitation_sequence + 1
    poll.invitations_sent_at = timezone.now()
    poll.save(update_fields=["invitation_sequence", "invitations_sent_at", "updated_at"])
    venue = venue_text(meeting)
    networks = _networks_text(meeting)
    template = template_for(MEETING_INVITATION.key)
    filename = f"{slugify(meeting.name) or 'peer-review'}.ics"
    calendars: dict[str, bytes] = {}
    count = 0
    for participant in _people_for_mail(poll):
        language = _language_of(participant)
        with translation.override(language):
            context = {
                "name": participant.name,
                "meeting": meeting.name,
                "cycle": str(meeting.cycle.year),
                "networks": networks,
                "date": date_format(meeting.date, "l j F Y"),
                "time": _times(meeting.start_time, meeting.end_time),
                "venue": venue,
                "change_note": ""
                if first
                else _("This invitation replaces the one sent earlier; please check the details below.") + "\n\n",
            }
            if language not in calendars:
                description = "\n\n".join(
                    part for part in (_("Networks: %(networks)s") % {"networks": networks}, venue) if part
                )
                calendars[language] = meeting_invitation_ics(
                    meeting, sequence=poll.invitation_sequence, venue=venue, description=description
                )
        message_compose(
            kind=MEETING_INVITATION.key,
            to=participant.email,
            context=context,
            language=language,
            recipient=_user_of(participant),
            concerning=poll,
            attachments=[(filename, calendars[language], ICS_MIMETYPE)],
            template=template,
        )
        count += 1
    return count


def _tick_task(actor, cycle: Cycle) -> None:
    """Tick off the playbook's "date polls" task once every meeting of the cycle has its date fixed
    through its poll."""
    meetings = set(cycle.meetings.values_list("pk", flat=True))
    fixed = set(
        DatePoll.objects.filter(meeting__cycle=cycle, fixed_candidate__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    if meetings and meetings <= fixed:
        tasks_complete(actor=actor, cycle=cycle, key=TASK_KEY)
