"""The date poll part of the demo: cycle 2018's three polls as they stand in the month shown.

In November the polls are open: three candidate dates per meeting (among them the date the meeting
will get), the links sent, and most people have answered. From December on each poll is closed with
the meeting's date fixed, as the cycle demo already dates the meetings, and the invitations are
recorded as sent.

The people asked are whoever the demo has: the meetings' chair and expert and the attendees the
networks nominated. Load this after them; with nobody yet the polls simply have no answers.
Nothing is mailed: the links and invitations are recorded as sent in November 2017, not written
to the outbox, so that loading the demo never sends e-mail.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from peerreview.cycles.demo import MEETINGS
from peerreview.cycles.enums import CYCLE_MONTHS
from peerreview.cycles.models import Cycle
from peerreview.polls import services
from peerreview.polls.enums import AnswerChoice, PollState
from peerreview.polls.models import Answer, DatePoll, Participant

STARTED = date(2017, 11, 6)
LINKS_SENT = date(2017, 11, 7)
FIXED = date(2017, 11, 24)
# Offsets from the eventual date of the other two candidates: the week before, two days after.
OTHER_CANDIDATES = (timedelta(days=-7), timedelta(days=2))

YES, MAYBE, NO = AnswerChoice.YES, AnswerChoice.IF_NEED_BE, AnswerChoice.NO


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _choices(index: int) -> tuple[str, str, str]:
    """Person ``index``'s answers to (the week before, the eventual date, two days after): the
    eventual date suits nearly everyone, the others about half."""
    return (
        NO if index % 2 else YES,
        MAYBE if index % 4 == 3 else YES,
        NO if index % 3 else MAYBE,
    )


@transaction.atomic
def load_polls(*, actor, cycle: Cycle, month: int | None) -> list[DatePoll]:
    """Give the demo cycle its date polls as they stand in ``month`` (nothing before November).

    Does nothing when the cycle has polls already.
    """
    month = month or CYCLE_MONTHS[0]
    stage = CYCLE_MONTHS.index(month)
    if stage < CYCLE_MONTHS.index(11) or DatePoll.objects.filter(meeting__cycle=cycle).exists():
        return []
    fixed = stage >= CYCLE_MONTHS.index(12)
    eventual = {name: day for name, _slugs, _host, day in MEETINGS}
    polls = []
    for meeting in cycle.meetings.order_by("name"):
        day = meeting.date or eventual.get(meeting.name)
        if day is None:
            continue
        poll = services.poll_create(actor=actor, meeting=meeting)
        before, after = (day + offset for offset in OTHER_CANDIDATES)
        candidates = [
            services.candidate_add(actor=actor, poll=poll, day=candidate, today=STARTED)
            for candidate in (before, day, after)
        ]
        participants = list(poll.participants.order_by("name", "pk"))
        Participant.objects.filter(poll=poll).update(invited_at=_aware(LINKS_SENT, 9))
        for index, participant in enumerate(participants):
            # In November every third person has not answered yet; by December everyone has.
            if not fixed and index % 3 == 2:
                continue
            services.answers_save(
                participant=participant,
                answers={c.pk: choice for c, choice in zip(candidates, _choices(index), strict=True)},
            )
            Answer.objects.filter(participant=participant).update(
                answered_at=_aware(LINKS_SENT + timedelta(days=1 + index % 9), 9 + index % 8)
            )
        # The services stamp today; the demo's polls ran in November 2017.
        changes = {"created_at": _aware(STARTED)}
        if fixed:
            # The cycle demo has dated the meeting already; record that this poll fixed it.
            changes |= {
                "state": PollState.CLOSED,
                "closed_at": _aware(FIXED, 11),
                "closed_by": actor,
                "fixed_candidate": candidates[1],
                "fixed_at": _aware(FIXED, 11),
                "fixed_by": actor,
                "invitation_sequence": 0,
                "invitations_sent_at": _aware(FIXED, 11),
            }
        DatePoll.objects.filter(pk=poll.pk).update(**changes)
        poll.refresh_from_db()
        polls.append(poll)
    return polls
