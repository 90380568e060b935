"""Reads of the date polls, each in a fixed number of queries whatever the number of people or dates."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q

from networks.enums import Weekday
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings.models import Attendee, PanelMember, PanelRole
from peerreview.meetings.selectors import panel_for_meeting
from peerreview.polls.enums import KIND_ORDER, AnswerChoice, ParticipantKind
from peerreview.polls.models import Answer, CandidateDate, DatePoll, Participant

# Monday..Friday as date.weekday() numbers them (0..4); a weekend day has no Weekday.
WEEKDAYS = list(Weekday)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def weekday_of(day: date) -> Weekday | None:
    index = day.weekday()
    return WEEKDAYS[index] if index < len(WEEKDAYS) else None


# The people to ask


@dataclass(frozen=True)
class Person:
    """Someone a meeting's poll should ask, as the meetings app knows them."""

    name: str
    email: str
    kind: str
    working_days: tuple[str, ...]
    attendee: Attendee | None = None
    panel_member: PanelMember | None = None


_PANEL_KINDS = {PanelRole.CHAIR: ParticipantKind.CHAIR, PanelRole.EXPERT: ParticipantKind.EXPERT}


def meeting_attendees(meeting: ReviewMeeting) -> list[Attendee]:
    """The attendees nominated for the meeting by its networks (a network moved out of it no longer counts)."""
    return list(
        Attendee.objects.filter(meeting=meeting, network__review_meetings=meeting)
        .select_related("network")
        .order_by("name", "pk")
    )


def people_to_ask(meeting: ReviewMeeting) -> list[Person]:
    """The chair and the expert, then every nominated attendee; each e-mail address once.

    Someone who is both on the panel and nominated by a network is asked once, as chair or
    expert; someone nominated by two networks is asked once.
    """
    people: dict[str, Person] = {}
    for member in panel_for_meeting(meeting):
        people.setdefault(
            member.email.lower(),
            Person(
                name=member.name,
                email=member.email.lower(),
                kind=_PANEL_KINDS[member.role],
                working_days=tuple(member.working_days),
                panel_member=member,
            ),
        )
    for attendee in meeting_attendees(meeting):
        people.setdefault(
            attendee.email.lower(),
            Person(
                name=attendee.name,
                email=attendee.email.lower(),
                kind=ParticipantKind.ATTENDEE,
                working_days=tuple(attendee.working_days),
                attendee=attendee,
            ),
        )
    return list(people.values())


@dataclass(frozen=True)
class Availability:
    """Who works on a candidate date's weekday: the attendees counted, the chair and the expert named."""

    weekday: str  # the weekday's label; empty for a weekend day
    attendees_working: int
    attendees_total: int
    # Per panel role present: (label, name, works that day)
    panel: tuple[tuple[str, str, bool], ...] = ()


def availability(meeting: ReviewMeeting, dates: list[date]) -> dict[date, Availability]:
    """Per date, how many nominated attendees work on its weekday, and whether the chair and the expert do.

    From the working days the networks gave (an attendee without working days counts as not
    working). Two queries whatever the number of dates.
    """
    people = people_to_ask(meeting)
    attendees = [p for p in people if p.kind == ParticipantKind.ATTENDEE]
    panel = [p for p in people if p.kind != ParticipantKind.ATTENDEE]
    working = Counter(day for person in attendees for day in person.working_days)
    result = {}
    for day in dates:
        weekday = weekday_of(day)
        code = weekday.value if weekday else ""
        result[day] = Availability(
            weekday=str(weekday.label) if weekday else "",
            attendees_working=working.get(code, 0),
            attendees_total=len(attendees),
            panel=tuple((str(ParticipantKind(p.kind).label), p.name, code in p.working_days) for p in panel),
        )
    return result


# The poll


def poll_of(meeting: ReviewMeeting) -> DatePoll | None:
    return (
        DatePoll.objects.filter(meeting=meeting)
        .select_related("meeting__cycle", "fixed_candidate", "created_by", "closed_by", "fixed_by")
        .first()
    )


def candidates_of(poll: DatePoll) -> list[CandidateDate]:
    return list(poll.candidates.order_by("date", "start_time", "pk"))


def participants_of(poll: DatePoll) -> list[Participant]:
    """The people asked, panel first, each with their network when they are an attendee."""
    participants = list(poll.participants.select_related("attendee__network"))
    return sorted(participants, key=lambda p: (KIND_ORDER[p.kind], p.name.lower(), p.pk))


def participant_by_token(token: str) -> Participant | None:
    """The participant whose personal link carries this token, with their poll and meeting.

    Looked up by the token's hash, so that the comparison never runs over the secret itself.
    """
    if not token or len(token) > 200:
        return None
    return (
        Participant.objects.filter(token_hash=token_hash(token))
        .select_related("poll__meeting__cycle", "poll__fixed_candidate")
        .first()
    )


def answers_of(participant: Participant) -> dict[int, Answer]:
    """The participant's answers by candidate id."""
    return {answer.candidate_id: answer for answer in participant.answers.all()}


# The results grid


@dataclass
class GridRow:
    participant: Participant
    # One per candidate, in the candidates' order: the answer, or None when not given.
    answers: list[Answer | None]
    answered_at: datetime | None

    @property
    def has_answered(self) -> bool:
        return self.answered_at is not None


@dataclass
class GridColumn:
    candidate: CandidateDate
    availability: Availability
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def yes(self) -> int:
        return self.totals.get(AnswerChoice.YES, 0)

    @property
    def if_need_be(self) -> int:
        return self.totals.get(AnswerChoice.IF_NEED_BE, 0)

    @property
    def no(self) -> int:
        return self.totals.get(AnswerChoice.NO, 0)

    @property
    def possible(self) -> int:
        return self.yes + self.if_need_be


@dataclass
class ResultsGrid:
    poll: DatePoll
    columns: list[GridColumn]
    rows: list[GridRow]

    @property
    def not_answered(self) -> list[Participant]:
        return [row.participant for row in self.rows if not row.has_answered]

    @property
    def best(self) -> list[GridColumn]:
        """The dates most people can make (yes or if need be), then with the most plain yeses."""
        if not self.columns or not any(row.has_answered for row in self.rows):
            return []
        top = max((c.possible, c.yes) for c in self.columns)
        return [c for c in self.columns if (c.possible, c.yes) == top]


def results_grid(poll: DatePoll) -> ResultsGrid:
    """People × dates with every answer and when it was given, totals per date, who has not answered.

    Five queries whatever the number of people and dates: candidates, participants, answers, and
    the two of ``availability``.
    """
    candidates = candidates_of(poll)
    participants = participants_of(poll)
    answers: dict[tuple[int, int], Answer] = {
        (a.participant_id, a.candidate_id): a for a in Answer.objects.filter(participant__poll=poll)
    }
    days = availability(poll.meeting, [c.date for c in candidates])
    columns = [GridColumn(candidate=c, availability=days[c.date]) for c in candidates]
    rows = []
    for participant in participants:
        row_answers = [answers.get((participant.pk, c.pk)) for c in candidates]
        given = [a for a in row_answers if a is not None]
        rows.append(
            GridRow(
                participant=participant,
                answers=row_answers,
                answered_at=max((a.answered_at for a in given), default=None),
            )
        )
        for column, answer in zip(columns, row_answers, strict=True):
            if answer is not None:
                column.totals[answer.choice] = column.totals.get(answer.choice, 0) + 1
    return ResultsGrid(poll=poll, columns=columns, rows=rows)


# The cycle's polls


@dataclass
class MeetingPoll:
    meeting: ReviewMeeting
    poll: DatePoll | None
    candidate_count: int = 0
    participant_count: int = 0
    answered_count: int = 0


def polls_overview(cycle: Cycle) -> list[MeetingPoll]:
    """Every meeting of the cycle with its poll (if any) and how far it is. Three queries."""
    meetings = list(cycle.meetings.prefetch_related("networks").order_by("date", "name", "pk"))
    polls = DatePoll.objects.filter(meeting__cycle=cycle).select_related("fixed_candidate")
    counted = polls.annotate(
        candidate_count=Count("candidates", distinct=True),
        participant_count=Count("participants", distinct=True),
        answered_count=Count("participants", filter=Q(participants__answers__isnull=False), distinct=True),
    )
    by_meeting = {poll.meeting_id: poll for poll in counted}
    result = []
    for meeting in meetings:
        poll = by_meeting.get(meeting.pk)
        if poll is None:
            result.append(MeetingPoll(meeting=meeting, poll=None))
            continue
        result.append(
            MeetingPoll(
                meeting=meeting,
                poll=poll,
                candidate_count=poll.candidate_count,
                participant_count=poll.participant_count,
                answered_count=poll.answered_count,
            )
        )
    return result
