"""Writes of the cycle: creating it with its timeline, meetings and their dates, task states.

Every change that moves a date calls ``timeline_sync`` (tasks follow their meetings) and then
``reminders_plan`` (reminders follow their tasks), in the same transaction.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peerreview.cycles import reminders
from peerreview.cycles.enums import Anchor, Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task, month_due_date
from peerreview.cycles.playbook import DEFAULT_PLAYBOOK

_TASK_FIELDS_FROM_STEP = ("key", "title", "title_en", "description", "owner", "anchor", "month", "offset_days")


def playbook_install_defaults() -> list[PlaybookStep]:
    """Write the 2016 playbook as the template when there is none yet. Returns the template's steps."""
    with transaction.atomic():
        if not PlaybookStep.objects.exists():
            PlaybookStep.objects.bulk_create(
                PlaybookStep(
                    key=key,
                    month=month,
                    anchor=anchor,
                    offset_days=offset,
                    owner=owner,
                    optional=optional,
                    title=title_nl,
                    title_en=title_en,
                    position=(index + 1) * 10,
                )
                for index, (key, month, anchor, offset, owner, optional, title_nl, title_en) in enumerate(
                    DEFAULT_PLAYBOOK
                )
            )
    return list(PlaybookStep.objects.filter(active=True))


def playbook_step_save(*, actor, step: PlaybookStep) -> PlaybookStep:
    """Save a row of the template. It applies to cycles created from now on."""
    step.full_clean()
    step.save()
    return step


def _copy_task(source: Task | PlaybookStep, cycle: Cycle, meeting: ReviewMeeting | None) -> Task:
    """A new task made from a template row, or from another meeting's copy of the same row."""
    step = source if isinstance(source, PlaybookStep) else source.step
    task = Task(cycle=cycle, step=step, meeting=meeting, optional=source.optional, position=source.position)
    task.due_date = getattr(source, "due_date", None)
    for name in _TASK_FIELDS_FROM_STEP:
        setattr(task, name, getattr(source, name))
    return task


def is_per_meeting(task: Task | PlaybookStep) -> bool:
    """Rows tied to a meeting's date, and the hosts' work (each host its own), become one task per meeting."""
    return task.anchor != Anchor.MONTH or task.owner == Owner.HOSTS


def _due_date(task: Task, meeting: ReviewMeeting | None):
    if task.anchor == Anchor.MONTH:
        # A free task the secretary added has a date of its own and no playbook month.
        return month_due_date(task.cycle.year, task.month) if task.month else task.due_date
    if meeting is None or meeting.date is None:
        return None
    offset = task.offset_days
    if task.key == "preparation":
        # The cycle's setting rules the preparation deadline, so the secretary changes it in one place.
        offset = -meeting.cycle.preparation_deadline_days
    return meeting.date + timedelta(days=offset)


@transaction.atomic
def cycle_create(*, actor, cycle: Cycle, networks=None) -> Cycle:
    """Create a cycle and its timeline from the playbook template.

    Side effects: the template is installed if there is none; tasks and their reminders are written.
    """
    if cycle.previous_id is None:
        cycle.previous = Cycle.objects.filter(year__lt=cycle.year).order_by("-year").first()
    cycle.full_clean()
    cycle.save()
    if networks is not None:
        cycle.networks.set(networks)
    tasks = [_copy_task(step, cycle, None) for step in playbook_install_defaults()]
    for task in tasks:
        task.due_date = _due_date(task, None)
    Task.objects.bulk_create(tasks)
    timeline_sync(cycle=cycle)
    return cycle


@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, networks=None) -> Cycle:
    """Save the cycle's settings. Side effects: meeting tasks and reminders follow changed settings."""
    cycle.full_clean()
    cycle.save()
    if networks is not None:
        cycle.networks.set(networks)
    timeline_sync(cycle=cycle)
    return cycle


def timeline_sync(*, cycle: Cycle) -> None:
    """Make the meeting-bound tasks match the meetings: one task per meeting-bound row and meeting,
    dated from the meeting's date. Without meetings, each such row is one undated task, so the
    timeline always shows every row. Side effect: reminders re-planned."""
    meetings = list(cycle.meetings.select_related("cycle"))
    tasks = [task for task in cycle.tasks.select_related("cycle") if is_per_meeting(task)]
    by_row: dict[tuple, list[Task]] = {}
    for task in tasks:
        by_row.setdefault((task.step_id, task.key, task.title), []).append(task)
    for row_tasks in by_row.values():
        template = row_tasks[0]
        have = {task.meeting_id: task for task in row_tasks}
        if meetings:
            for meeting in meetings:
                task = have.pop(meeting.pk, None) or _copy_task(template, cycle, meeting)
                due = _due_date(task, meeting)
                if task.pk is None or task.due_date != due:
                    task.due_date = due
                    task.save()
            # What is left belongs to no meeting any more: the placeholder, or a deleted meeting's task.
            for task in have.values():
                task.delete()
        elif None not in have:
            placeholder = _copy_task(template, cycle, None)
            placeholder.due_date = _due_date(placeholder, None)
            placeholder.save()
    reminders.reminders_plan(cycle=cycle)


@transaction.atomic
def meeting_save(*, actor, meeting: ReviewMeeting, networks=None) -> ReviewMeeting:
    """Save a meeting. Side effects: its tasks are created or moved with its date; reminders follow."""
    meeting.full_clean()
    meeting.save()
    if networks is not None:
        meeting.networks.set(networks)
    timeline_sync(cycle=meeting.cycle)
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: ReviewMeeting) -> None:
    """Delete a meeting and its tasks. Side effects: reminders follow; the last meeting's tasks
    become the undated rows again, so that the timeline keeps every row of the playbook."""
    cycle = meeting.cycle
    if not cycle.meetings.exclude(pk=meeting.pk).exists():
        for task in meeting.tasks.select_related("cycle"):
            task.meeting, task.state, task.completed_by, task.completed_at = None, TaskState.OPEN, None, None
            task.due_date = _due_date(task, None)
            task.save()
    meeting.delete()
    timeline_sync(cycle=cycle)


@transaction.atomic
def task_save(*, actor, task: Task) -> Task:
    """Save a task the secretary edited or added. Side effect: its reminders follow its date."""
    if task.anchor == Anchor.MONTH and task.month and task.due_date is None:
        task.due_date = _due_date(task, None)
    task.full_clean()
    task.save()
    reminders.reminders_plan(cycle=task.cycle)
    return task


@transaction.atomic
def task_set_state(*, actor, task: Task, state: str) -> Task:
    """Mark a task done, not applicable or open again, recording who and when.

    Side effect: pending reminders of a closed task are cancelled.
    """
    _record_state(actor, task, state)
    reminders.reminders_plan(cycle=task.cycle)
    return task


def _record_state(actor, task: Task, state: str) -> None:
    task.state = state
    if state == TaskState.OPEN:
        task.completed_by, task.completed_at = None, None
    else:
        task.completed_by, task.completed_at = actor, timezone.now()
    task.full_clean()
    task.save(update_fields=["state", "completed_by", "completed_at", "updated_at"])


@transaction.atomic
def tasks_complete(*, actor, cycle: Cycle, key: str, meeting: ReviewMeeting | None = None) -> int:
    """Mark the open tasks of a playbook row done once a feature has done its work in the product.

    With a meeting, only that meeting's tasks of the row. Returns how many tasks were closed.
    Side effect: the cycle's reminders are planned again, once, when any task was closed.
    """
    tasks = list(cycle.tasks.filter(key=key, state=TaskState.OPEN, **({"meeting": meeting} if meeting else {})))
    for task in tasks:
        _record_state(actor, task, TaskState.DONE)
    if tasks:
        reminders.reminders_plan(cycle=cycle)
    return len(tasks)


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    cycle = task.cycle
    task.delete()
    reminders.reminders_plan(cycle=cycle)
