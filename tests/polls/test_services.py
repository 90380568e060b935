"""Date polls: who works on each candidate's weekday, who is asked, the dates' checks, answering
(the last answer counts), closing, fixing the date (the meeting's tasks follow) and the playbook task."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from peerreview.cycles.enums import Anchor, TaskState
from peerreview.cycles.models import ReviewMeeting, Task
from peerreview.cycles.services import meeting_save
from peerreview.meetings.models import Attendee
from peerreview.polls import selectors, services
from peerreview.polls.enums import AnswerChoice, ParticipantKind, PollState
from peerreview.polls.models import Answer, CandidateDate, Participant
from tests.factories import AttendeeFactory, NetworkFactory
from tests.factories.polls import CandidateDateFactory, DatePollFactory
from tests.polls.conftest import MON, TUE, weekday_ahead

pytestmark = pytest.mark.django_db

YES, MAYBE, NO = AnswerChoice.YES.value, AnswerChoice.IF_NEED_BE.value, AnswerChoice.NO.value


# Who works on each candidate date's weekday


def test_availability_counts_attendees_working_on_each_weekday(meeting, attendees, chair_member, expert_member):
    monday, tuesday, thursday, friday = (weekday_ahead(day) for day in (0, 1, 3, 4))

    days = selectors.availability(meeting, [monday, tuesday, thursday, friday])

    assert {day: (a.weekday, a.attendees_working, a.attendees_total) for day, a in days.items()} == {
        monday: ("Monday", 1, 3),
        tuesday: ("Tuesday", 2, 3),
        thursday: ("Thursday", 0, 3),
        friday: ("Friday", 1, 3),
    }
    assert days[tuesday].panel == (
        ("chair", "Dirk Voorzitter", True),
        ("independent expert", "Eva Expert", False),
    )
    assert days[thursday].panel == (
        ("chair", "Dirk Voorzitter", False),
        ("independent expert", "Eva Expert", True),
    )


def test_availability_ignores_attendees_of_a_network_no_longer_in_the_meeting(secretary, meeting, attendees):
    outsider = NetworkFactory(name="Netwerk Noord", slug="noord")
    AttendeeFactory(meeting=meeting, network=outsider, email="olga@noord.example", working_days=[TUE])

    days = selectors.availability(meeting, [weekday_ahead(1)])

    assert (days[weekday_ahead(1)].attendees_working, days[weekday_ahead(1)].attendees_total) == (2, 3)


# Who is asked


def test_poll_create_asks_attendees_chair_and_expert_once_each(secretary, meeting, network, other_network, attendees,
                                                               chair_member, expert_member):  # fmt: skip
    # The chair is also nominated by a network (another spelling of the address), and Anna by both networks.
    AttendeeFactory(meeting=meeting, network=network, name="Dirk V.", email="Dirk@Raad.example")
    AttendeeFactory(meeting=meeting, network=other_network, name="Anna Aalders", email="anna@utrecht.example")

    poll = services.poll_create(actor=secretary, meeting=meeting)

    assert sorted(poll.participants.values_list("email", "kind", "name")) == [
        ("anna@utrecht.example", ParticipantKind.ATTENDEE, "Anna Aalders"),
        ("bram@utrecht.example", ParticipantKind.ATTENDEE, "Bram Bos"),
        ("cor@limburg.example", ParticipantKind.ATTENDEE, "Cor Claes"),
        ("dirk@raad.example", ParticipantKind.CHAIR, "Dirk Voorzitter"),
        ("eva@expert.example", ParticipantKind.EXPERT, "Eva Expert"),
    ]
    chair = poll.participants.get(kind=ParticipantKind.CHAIR)
    assert (chair.panel_member, chair.attendee) == (chair_member, None)
    assert poll.participants.get(email="bram@utrecht.example").attendee == attendees[1]


def test_participants_refresh_adds_only_people_nominated_since(secretary, poll, meeting, network):
    before = set(poll.participants.values_list("pk", flat=True))
    late = AttendeeFactory(meeting=meeting, network=network, name="Fenna Laat", email="fenna@utrecht.example")

    added = services.participants_refresh(actor=secretary, poll=poll)
    again = services.participants_refresh(actor=secretary, poll=poll)

    assert [(p.name, p.attendee_id) for p in added] == [("Fenna Laat", late.pk)]
    assert again == []
    assert poll.participants.count() == len(before) + 1
    assert before < set(poll.participants.values_list("pk", flat=True))


def test_poll_create_twice_is_refused(secretary, poll, meeting):
    with pytest.raises(ValidationError) as error:
        services.poll_create(actor=secretary, meeting=meeting)
    assert error.value.messages == ["This meeting already has a date poll."]


# Candidate dates


def test_candidate_add_takes_the_meetings_times_unless_given(secretary, poll, tuesday, thursday):
    default = services.candidate_add(actor=secretary, poll=poll, day=tuesday)
    own = services.candidate_add(
        actor=secretary, poll=poll, day=thursday, start_time=time(9, 30), end_time=time(12, 30)
    )
    assert [(c.date, c.start_time, c.end_time) for c in (default, own)] == [
        (tuesday, time(13, 0), time(16, 0)),
        (thursday, time(9, 30), time(12, 30)),
    ]


def _monday_after(day):
    return day + timedelta(days=7 - day.weekday())


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("past", "{date} has passed; choose a date from today on."),
        ("saturday", "{date} falls in a weekend; choose a weekday."),
        ("sunday", "{date} falls in a weekend; choose a weekday."),
        ("after_cycle", "{date} is after the cycle ends (30 June {year})."),
        ("duplicate", "{date} is already in the poll."),
    ],
)
def test_candidate_add_refuses_bad_dates_with_a_clear_message(secretary, poll, tuesday, which, message):
    services.candidate_add(actor=secretary, poll=poll, day=tuesday)
    day = {
        "past": timezone.localdate() - timedelta(days=1),
        "saturday": weekday_ahead(5),
        "sunday": weekday_ahead(6),
        "after_cycle": _monday_after(poll.meeting.cycle.ends_on),
        "duplicate": tuesday,
    }[which]

    with pytest.raises(ValidationError) as error:
        services.candidate_add(actor=secretary, poll=poll, day=day)

    expected = message.format(date=date_format(day, "l j F Y"), year=poll.meeting.cycle.year)
    assert error.value.message_dict == {"date": [expected]}
    assert list(poll.candidates.values_list("date", flat=True)) == [tuesday]


def test_candidate_add_refuses_end_before_start(secretary, poll, tuesday):
    with pytest.raises(ValidationError) as error:
        services.candidate_add(actor=secretary, poll=poll, day=tuesday, start_time=time(15), end_time=time(14))
    assert error.value.message_dict == {"end_time": ["The meeting must end after it starts."]}
    assert not poll.candidates.exists()


def test_candidate_add_and_remove_refused_on_a_closed_poll(secretary, poll, candidates, thursday):
    services.poll_close(actor=secretary, poll=poll)
    with pytest.raises(ValidationError, match="This poll is closed"):
        services.candidate_add(actor=secretary, poll=poll, day=thursday + timedelta(days=7))
    with pytest.raises(ValidationError, match="This poll is closed"):
        services.candidate_remove(actor=secretary, candidate=candidates[0])
    assert poll.candidates.count() == 2


def test_candidate_remove_takes_its_answers_along(secretary, poll, candidates):
    participant = poll.participants.first()
    services.answers_save(participant=participant, answers={candidates[0].pk: YES, candidates[1].pk: NO})

    assert services.candidate_remove(actor=secretary, candidate=candidates[0]) == 1

    assert list(participant.answers.values_list("candidate_id", "choice")) == [(candidates[1].pk, NO)]


# Answering


def _answers(participant):
    return {a.candidate_id: a.choice for a in Answer.objects.filter(participant=participant)}


def test_answers_save_records_and_a_second_answer_replaces_it_with_a_new_time(poll, candidates):
    participant = poll.participants.get(email="anna@utrecht.example")
    first, second = candidates

    services.answers_save(participant=participant, answers={first.pk: YES, second.pk: MAYBE})
    earlier = {a.candidate_id: a.answered_at for a in participant.answers.all()}
    services.answers_save(participant=participant, answers={first.pk: NO, second.pk: YES})

    assert _answers(participant) == {first.pk: NO, second.pk: YES}
    assert Answer.objects.filter(participant=participant).count() == 2
    later = {a.candidate_id: a.answered_at for a in participant.answers.all()}
    assert all(later[pk] > earlier[pk] for pk in earlier)


def test_answers_save_refuses_a_date_of_another_poll_and_stores_nothing(poll, candidates):
    participant = poll.participants.get(email="anna@utrecht.example")
    services.answers_save(participant=participant, answers={c.pk: YES for c in candidates})
    foreign = CandidateDateFactory(poll=DatePollFactory())

    with pytest.raises(ValidationError) as error:
        services.answers_save(
            participant=participant, answers={candidates[0].pk: NO, candidates[1].pk: NO, foreign.pk: YES}
        )

    assert error.value.code == "foreign_candidate"
    assert "not in your poll" in error.value.messages[0]
    assert _answers(participant) == {c.pk: YES for c in candidates}
    assert not Answer.objects.filter(candidate=foreign).exists()


@pytest.mark.parametrize(
    ("answers", "code"),
    [({0: YES}, "incomplete"), ({0: YES, 1: "perhaps"}, "invalid_choice")],
)
def test_answers_save_refuses_incomplete_or_unknown_answers(poll, candidates, answers, code):
    participant = poll.participants.first()
    with pytest.raises(ValidationError) as error:
        services.answers_save(participant=participant, answers={candidates[i].pk: a for i, a in answers.items()})
    assert error.value.code == code
    assert not Answer.objects.exists()


def test_answers_save_refused_once_the_poll_is_closed(secretary, poll, candidates):
    participant = poll.participants.first()
    services.poll_close(actor=secretary, poll=poll)

    with pytest.raises(ValidationError) as error:
        services.answers_save(participant=participant, answers={c.pk: YES for c in candidates})

    assert error.value.messages == ["This poll is closed; your answers can no longer be changed."]
    assert not Answer.objects.exists()


# Personal links


def test_poll_links_send_stores_only_a_hash_and_a_new_link_retires_the_old(secretary, poll, candidates):
    from peerreview.mail.models import OutboxMessage

    assert services.poll_links_send(actor=secretary, poll=poll) == 5
    anna = poll.participants.get(email="anna@utrecht.example")
    message = OutboxMessage.objects.get(to=anna.email, template_key="polls.poll_invite")
    token = message.body_text.split("/polls/answer/")[1].split("/")[0]
    assert anna.token_hash == selectors.token_hash(token) != token
    assert not Participant.objects.filter(token_hash=token).exists()
    assert selectors.participant_by_token(token) == anna
    # Everyone has a link now: sending again sends nothing.
    assert services.poll_links_send(actor=secretary, poll=poll) == 0

    assert services.poll_links_send(actor=secretary, poll=poll, participants=[anna]) == 1

    assert selectors.participant_by_token(token) is None
    newest = OutboxMessage.objects.filter(to=anna.email, template_key="polls.poll_invite").order_by("-pk").first()
    new_token = newest.body_text.split("/polls/answer/")[1].split("/")[0]
    assert selectors.participant_by_token(new_token) == anna
    assert message.sensitive and newest.sensitive


def test_poll_links_send_needs_a_date_and_an_open_poll(secretary, poll):
    with pytest.raises(ValidationError, match="Add at least one candidate date"):
        services.poll_links_send(actor=secretary, poll=poll)
    services.poll_close(actor=secretary, poll=poll)
    with pytest.raises(ValidationError, match="This poll is closed"):
        services.poll_links_send(actor=secretary, poll=poll)
    assert not poll.participants.filter(invited_at__isnull=False).exists()


# Closing, fixing the date


def _three_weeks_before(meeting: ReviewMeeting) -> list[Task]:
    return list(Task.objects.filter(meeting=meeting, anchor=Anchor.BEFORE_MEETING, offset_days=-21).order_by("pk"))


def test_fix_date_moves_the_three_weeks_before_tasks_and_the_preparation_deadline(secretary, poll, candidates):
    meeting = poll.meeting
    before = _three_weeks_before(meeting)
    assert before and all(task.due_date is None for task in before)
    tuesday, thursday = candidates

    result = services.poll_fix_date(actor=secretary, poll=poll, candidate=tuesday)

    meeting.refresh_from_db()
    assert (meeting.date, meeting.start_time, meeting.end_time) == (tuesday.date, time(13), time(16))
    assert {task.due_date for task in _three_weeks_before(meeting)} == {tuesday.date - timedelta(days=21)}
    assert meeting.preparation_deadline == tuesday.date - timedelta(days=21)
    # Every task dated from the meeting moved; the hosts' November task keeps its month.
    assert result.moved_tasks == Task.objects.filter(meeting=meeting).exclude(anchor=Anchor.MONTH).count() > 5
    poll.refresh_from_db()
    assert (poll.state, poll.fixed_candidate, poll.fixed_by) == (PollState.CLOSED, tuesday, secretary)

    # Fixing the other date moves the tasks again.
    moved = services.poll_fix_date(actor=secretary, poll=poll, candidate=thursday).moved_tasks

    assert {task.due_date for task in _three_weeks_before(meeting)} == {thursday.date - timedelta(days=21)}
    assert moved == result.moved_tasks
    meeting.refresh_from_db()
    assert meeting.date == thursday.date


def test_fix_date_refuses_a_candidate_of_another_poll_and_the_date_already_fixed(secretary, poll, candidates):
    foreign = CandidateDateFactory(poll=DatePollFactory())
    with pytest.raises(ValidationError, match="not one of this poll's candidates"):
        services.poll_fix_date(actor=secretary, poll=poll, candidate=foreign)
    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])
    with pytest.raises(ValidationError, match="already fixed"):
        services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])
    poll.meeting.refresh_from_db()
    assert poll.meeting.date == candidates[0].date


def test_poll_reopen_allowed_until_the_date_is_fixed(secretary, poll, candidates):
    services.poll_close(actor=secretary, poll=poll)
    assert services.poll_reopen(actor=secretary, poll=poll).state == PollState.OPEN
    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])
    with pytest.raises(ValidationError, match="The date is fixed"):
        services.poll_reopen(actor=secretary, poll=poll)
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED


def test_date_polls_task_done_once_every_meeting_has_its_date_fixed_through_its_poll(
    secretary, cycle, poll, candidates, network
):
    second = meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Gesprek Zuid"), networks=[network])
    second_poll = services.poll_create(actor=secretary, meeting=second)
    second_date = services.candidate_add(actor=secretary, poll=second_poll, day=candidates[1].date)
    task = cycle.tasks.get(key="date_polls")

    services.poll_fix_date(actor=secretary, poll=poll, candidate=candidates[0])
    task.refresh_from_db()
    assert task.state == TaskState.OPEN

    services.poll_fix_date(actor=secretary, poll=second_poll, candidate=second_date)
    task.refresh_from_db()
    assert (task.state, task.completed_by) == (TaskState.DONE, secretary)


# The results grid


def test_results_grid_totals_when_answered_and_who_has_not(poll, candidates):
    tuesday, thursday = candidates
    anna = poll.participants.get(email="anna@utrecht.example")
    bram = poll.participants.get(email="bram@utrecht.example")
    chair = poll.participants.get(kind=ParticipantKind.CHAIR)
    services.answers_save(participant=anna, answers={tuesday.pk: YES, thursday.pk: NO})
    services.answers_save(participant=bram, answers={tuesday.pk: MAYBE, thursday.pk: NO})
    services.answers_save(participant=chair, answers={tuesday.pk: YES, thursday.pk: MAYBE})

    grid = selectors.results_grid(poll)

    assert [row.participant.name for row in grid.rows] == [
        "Dirk Voorzitter", "Eva Expert", "Anna Aalders", "Bram Bos", "Cor Claes",
    ]  # fmt: skip
    assert [[a.choice if a else None for a in row.answers] for row in grid.rows] == [
        [YES, MAYBE], [None, None], [YES, NO], [MAYBE, NO], [None, None],
    ]  # fmt: skip
    assert [(c.yes, c.if_need_be, c.no) for c in grid.columns] == [(2, 1, 0), (0, 1, 2)]
    assert [p.name for p in grid.not_answered] == ["Eva Expert", "Cor Claes"]
    assert grid.rows[2].answered_at == anna.answers.get(candidate=tuesday).answered_at
    assert [c.candidate for c in grid.best] == [tuesday]


def test_attendee_removed_later_keeps_the_participant_and_answers(secretary, poll, candidates, attendees):
    cor = poll.participants.get(email="cor@limburg.example")
    services.answers_save(participant=cor, answers={c.pk: YES for c in candidates})
    Attendee.objects.filter(pk=attendees[2].pk).delete()
    cor.refresh_from_db()
    assert (cor.attendee, cor.answers.count()) == (None, 2)
    assert services.participants_refresh(actor=secretary, poll=poll) == []


def test_candidates_in_order_of_date(poll, secretary, tuesday, thursday):
    services.candidate_add(actor=secretary, poll=poll, day=thursday)
    services.candidate_add(actor=secretary, poll=poll, day=tuesday)
    assert [c.date for c in selectors.candidates_of(poll)] == sorted([tuesday, thursday])
    assert CandidateDate.objects.filter(poll=poll).count() == 2
    assert MON and TUE  # the weekday codes the fixtures use
