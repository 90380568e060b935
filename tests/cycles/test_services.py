"""The timeline: a cycle's tasks from the playbook, dated by month or by their meeting's date."""

from datetime import date

import pytest
from django.utils import timezone

from peerreview.cycles import services
from peerreview.cycles.enums import Anchor, Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task
from peerreview.cycles.playbook import DEFAULT_PLAYBOOK
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

MONTH_ROWS = {key: (month, owner) for key, month, anchor, _o, owner, *_ in DEFAULT_PLAYBOOK if anchor == Anchor.MONTH}
MEETING_ROWS = {
    key: (offset, owner) for key, _m, anchor, offset, owner, *_ in DEFAULT_PLAYBOOK if anchor != Anchor.MONTH
}


def _create_cycle(actor, year=2018, networks=(), **settings) -> Cycle:
    return services.cycle_create(actor=actor, cycle=Cycle(year=year, **settings), networks=list(networks))


def _meeting(actor, cycle, *, name="Gesprek Noord", meeting_date=None, networks=(), host=None) -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name=name, date=meeting_date, host_network=host)
    return services.meeting_save(actor=actor, meeting=meeting, networks=list(networks))


def _dates(cycle, meeting=None) -> dict[str, date | None]:
    return {task.key: task.due_date for task in cycle.tasks.filter(meeting=meeting).exclude(anchor=Anchor.MONTH)}


def test_cycle_create_makes_a_task_for_every_playbook_row_with_owner_and_month(secretary):
    cycle = _create_cycle(secretary)

    tasks = {task.key: task for task in cycle.tasks.all()}
    assert set(tasks) == {row[0] for row in DEFAULT_PLAYBOOK}
    assert len(tasks) == cycle.tasks.count()  # one of each row while there are no meetings
    assert {key: (task.month, task.owner) for key, task in tasks.items() if task.anchor == Anchor.MONTH} == MONTH_ROWS
    assert {key: tasks[key].due_date for key in ("follow_up", "date_polls", "themes", "preparation_send")} == {
        "follow_up": date(2017, 10, 31),
        "date_polls": date(2017, 11, 30),
        "themes": date(2017, 12, 31),
        "preparation_send": date(2018, 1, 31),
    }
    assert (tasks["evaluation_update"].due_date, tasks["report"].due_date) == (date(2018, 2, 28), date(2018, 6, 30))
    assert all(task.state == TaskState.OPEN for task in tasks.values())


def test_cycle_create_links_the_previous_cycle_and_installs_the_playbook(secretary):
    assert not PlaybookStep.objects.exists()
    first = _create_cycle(secretary, year=2016)
    second = _create_cycle(secretary, year=2018)

    assert second.previous == first
    assert PlaybookStep.objects.count() == len(DEFAULT_PLAYBOOK)


def test_meeting_bound_rows_are_undated_until_a_meeting_has_a_date(secretary):
    network = NetworkFactory()
    cycle = _create_cycle(secretary, networks=[network])
    assert _dates(cycle) == dict.fromkeys(MEETING_ROWS)

    meeting = _meeting(secretary, cycle, networks=[network])

    assert _dates(cycle) == {}  # the placeholders became the meeting's own tasks
    assert _dates(cycle, meeting) == dict.fromkeys(MEETING_ROWS)


def test_setting_the_date_dates_every_meeting_task(secretary):
    cycle = _create_cycle(secretary)
    meeting = _meeting(secretary, cycle, meeting_date=date(2018, 3, 15))

    assert _dates(cycle, meeting) == {
        "preparation": date(2018, 2, 22),
        "agenda": date(2018, 2, 22),
        "chair_review": date(2018, 2, 22),
        "meeting_preparation": date(2018, 3, 14),
        "meeting_materials": date(2018, 3, 15),
        "minutes": date(2018, 3, 15),
        "evaluation_send": date(2018, 3, 16),
        "follow_up_actions": date(2018, 3, 29),
        "draft_report": date(2018, 3, 29),
        "draft_feedback": date(2018, 4, 12),
    }
    owners = {task.key: task.owner for task in meeting.tasks.all()}
    assert {key: owners[key] for key in MEETING_ROWS} == {key: owner for key, (_, owner) in MEETING_ROWS.items()}
    # The host's logistics are per meeting too, dated by their month.
    assert meeting.tasks.get(key="logistics").due_date == date(2017, 11, 30)


def test_each_meeting_gets_its_own_tasks(secretary):
    cycle = _create_cycle(secretary)
    north = _meeting(secretary, cycle, name="Noord", meeting_date=date(2018, 3, 15))
    south = _meeting(secretary, cycle, name="Zuid", meeting_date=date(2018, 4, 10))

    assert _dates(cycle, north)["agenda"] == date(2018, 2, 22)
    assert _dates(cycle, south)["agenda"] == date(2018, 3, 20)
    assert cycle.tasks.filter(key="agenda").count() == 2


def test_moving_the_date_moves_the_three_weeks_before_tasks(secretary):
    cycle = _create_cycle(secretary)
    meeting = _meeting(secretary, cycle, meeting_date=date(2018, 3, 15))
    agenda = meeting.tasks.get(key="agenda")

    meeting.date = date(2018, 4, 5)
    services.meeting_save(actor=secretary, meeting=meeting)

    agenda.refresh_from_db()
    assert agenda.due_date == date(2018, 3, 15)
    assert meeting.tasks.get(key="preparation").due_date == date(2018, 3, 15)
    assert meeting.tasks.filter(key="agenda").count() == 1


def test_preparation_deadline_days_drives_the_preparation_task(secretary):
    cycle = _create_cycle(secretary, preparation_deadline_days=28)
    meeting = _meeting(secretary, cycle, meeting_date=date(2018, 3, 15))

    assert meeting.tasks.get(key="preparation").due_date == date(2018, 2, 15)
    assert meeting.tasks.get(key="agenda").due_date == date(2018, 2, 22)  # the playbook's own offset
    assert meeting.preparation_deadline == date(2018, 2, 15)

    cycle.preparation_deadline_days = 14
    services.cycle_update(actor=secretary, cycle=cycle)

    assert meeting.tasks.get(key="preparation").due_date == date(2018, 3, 1)


def test_deleting_a_meeting_removes_its_tasks(secretary):
    cycle = _create_cycle(secretary)
    north = _meeting(secretary, cycle, name="Noord", meeting_date=date(2018, 3, 15))
    south = _meeting(secretary, cycle, name="Zuid", meeting_date=date(2018, 4, 10))
    north_tasks = list(north.tasks.values_list("pk", flat=True))

    services.meeting_delete(actor=secretary, meeting=north)

    assert not Task.objects.filter(pk__in=north_tasks).exists()
    assert cycle.tasks.filter(key="agenda").get().meeting == south


def test_deleting_the_last_meeting_leaves_undated_placeholders(secretary):
    cycle = _create_cycle(secretary)
    meeting = _meeting(secretary, cycle, meeting_date=date(2018, 3, 15))

    services.meeting_delete(actor=secretary, meeting=meeting)

    assert _dates(cycle) == dict.fromkeys(MEETING_ROWS)


def test_task_state_records_who_and_when(secretary):
    cycle = _create_cycle(secretary)
    task = cycle.tasks.get(key="expert")
    before = timezone.now()

    services.task_set_state(actor=secretary, task=task, state=TaskState.DONE)
    task.refresh_from_db()
    assert (task.state, task.completed_by) == (TaskState.DONE, secretary)
    assert before <= task.completed_at <= timezone.now()

    services.task_set_state(actor=secretary, task=task, state=TaskState.OPEN)
    task.refresh_from_db()
    assert (task.state, task.completed_by, task.completed_at) == (TaskState.OPEN, None, None)


def test_a_free_task_keeps_its_date_when_meetings_change(secretary):
    cycle = _create_cycle(secretary)
    free = services.task_save(
        actor=secretary,
        task=Task(cycle=cycle, title="Extra overleg", owner=Owner.SECRETARY, due_date=date(2018, 2, 2)),
    )

    _meeting(secretary, cycle, meeting_date=date(2018, 3, 15))

    free.refresh_from_db()
    assert (free.due_date, free.month, free.meeting) == (date(2018, 2, 2), None, None)


def test_a_month_task_without_a_due_date_gets_its_month_end(secretary):
    cycle = _create_cycle(secretary)
    task = cycle.tasks.get(key="themes")
    task.due_date = None

    services.task_save(actor=secretary, task=task)

    assert task.due_date == date(2017, 12, 31)


def test_playbook_changes_apply_to_later_cycles_only(secretary):
    first = _create_cycle(secretary, year=2016)
    step = PlaybookStep.objects.get(key="themes")
    step.active = False
    services.playbook_step_save(actor=secretary, step=step)

    second = _create_cycle(secretary, year=2018)

    assert first.tasks.filter(key="themes").exists()
    assert not second.tasks.filter(key="themes").exists()
    assert second.tasks.count() == first.tasks.count() - 1


def test_due_dates_fall_in_the_cycle_months(secretary):
    cycle = _create_cycle(secretary)
    dated = cycle.tasks.exclude(due_date=None)
    assert all(cycle.starts_on <= task.due_date <= cycle.ends_on for task in dated)
    assert cycle.tasks.filter(due_date=None).count() == len(MEETING_ROWS)
    assert min(task.due_date for task in dated) == date(2017, 10, 31)
