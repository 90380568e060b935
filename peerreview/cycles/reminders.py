"""Reminders: rows with a due time and a unique key, turned into outbox mail by a periodic dispatcher.

``reminders_plan`` writes the reminders the timeline calls for (idempotent: the unique key
(cycle, kind, recipient, object) means planning twice changes nothing). ``reminder_dispatch``
claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks each one processed in the same
transaction that writes its outbox message, so two dispatchers at once, or one run twice, send each
reminder once; a dispatcher that was down finds the rows still pending and catches up.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from networks.selectors import coordinators_by_network
from peerreview.cycles.enums import Owner, ReminderKind, ReminderState, TaskState
from peerreview.cycles.models import Cycle, Reminder, Task
from peerreview.mail.services import message_compose, template_for

logger = logging.getLogger(__name__)

# Reminders go out in the morning, not at midnight.
SEND_AT = time(8, 0)
# A reminder more than this late is no longer a reminder; it is recorded as expired instead.
GRACE = timedelta(days=14)
MAIL_KIND = {ReminderKind.TASK_DUE: "cycles.task_due", ReminderKind.TASK_OVERDUE: "cycles.task_overdue"}


@dataclass(frozen=True)
class ReminderHandler:
    """A kind of reminder a higher app plans and delivers (the timeline plans its own task reminders).

    ``plan(cycle)`` lists (recipient id, object concerned, day) for every reminder wanted now;
    ``deliver(reminder, templates)`` decides, when it falls due, whether it is still needed and
    writes its mail with ``reminder_compose``, returning the reminder's new state.
    """

    plan: Callable[[Cycle], list[tuple[int, models.Model, date]]]
    deliver: Callable[[Reminder, dict], str]


_HANDLERS: dict[str, ReminderHandler] = {}


def register(kind: str, handler: ReminderHandler) -> None:
    """Make a kind of reminder known to the planner and the dispatcher."""
    _HANDLERS[kind] = handler


def _at_morning(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def task_recipients(cycle: Cycle, tasks: list[Task]) -> dict[int, list]:
    """Who owns each task: the secretaries, the chair, the coordinators of the networks or hosts concerned."""
    user_model = get_user_model()
    secretaries = list(user_model.objects.filter(is_active=True, is_staff=True))
    chairs = list(user_model.objects.filter(is_active=True, is_chair=True))
    meetings = {meeting.pk: meeting for meeting in cycle.meetings.prefetch_related("networks")}
    cycle_network_ids = list(cycle.networks.values_list("pk", flat=True))
    host_ids = [meeting.host_network_id for meeting in meetings.values() if meeting.host_network_id]
    coordinators = coordinators_by_network(
        set(cycle_network_ids) | set(host_ids) | {n.pk for m in meetings.values() for n in m.networks.all()}
    )

    def of_networks(network_ids) -> list:
        users = []
        for network_id in network_ids:
            users.extend(user for user in coordinators.get(network_id, []) if user not in users)
        return users

    recipients = {}
    for task in tasks:
        meeting = meetings.get(task.meeting_id)
        if task.owner == Owner.SECRETARY:
            recipients[task.pk] = secretaries
        elif task.owner == Owner.CHAIR:
            recipients[task.pk] = chairs
        elif task.owner == Owner.HOSTS:
            hosts = [meeting.host_network_id] if meeting else host_ids
            recipients[task.pk] = of_networks(network_id for network_id in hosts if network_id)
        else:
            members = [network.pk for network in meeting.networks.all()] if meeting else cycle_network_ids
            recipients[task.pk] = of_networks(members)
    return recipients


def reminders_plan(*, cycle: Cycle) -> int:
    """Write or move the pending reminders of the cycle's open, dated tasks; cancel those no longer needed.

    Returns how many reminders were created. Side effects: Reminder rows only; sent ones never change.
    """
    with transaction.atomic():
        return _plan(cycle)


def _plan(cycle: Cycle) -> int:
    task_type = ContentType.objects.get_for_model(Task)
    tasks = list(cycle.tasks.filter(state=TaskState.OPEN, due_date__isnull=False))
    recipients = task_recipients(cycle, tasks)
    today = timezone.localdate()
    # (kind, recipient id, object type id, object id) -> due time
    wanted = {}
    for task in tasks:
        due_soon = _at_morning(task.due_date - timedelta(days=cycle.task_reminder_days))
        overdue = _at_morning(task.due_date + timedelta(days=1))
        for user in recipients[task.pk]:
            # For a task already overdue the dispatcher would only cancel a due-soon reminder; were
            # it wanted here, every planning run would revive it and every dispatch cancel it again.
            if task.due_date >= today:
                wanted[(ReminderKind.TASK_DUE.value, user.pk, task_type.pk, task.pk)] = due_soon
            wanted[(ReminderKind.TASK_OVERDUE.value, user.pk, task_type.pk, task.pk)] = overdue
    for kind, handler in _HANDLERS.items():
        for recipient_id, concerning, day in handler.plan(cycle):
            object_type = ContentType.objects.get_for_model(concerning)
            wanted[(kind, recipient_id, object_type.pk, concerning.pk)] = _at_morning(day)
    # Locked, and so read after any dispatcher batch holding them commits: a row read as pending
    # while a dispatcher was sending it would otherwise be written back as pending, and sent twice.
    # The dispatcher skips locked rows, so it never waits for the planner; it takes them next run.
    existing = {
        (reminder.kind, reminder.recipient_id, reminder.object_type_id, reminder.object_id): reminder
        for reminder in Reminder.objects.select_for_update().filter(cycle=cycle).order_by("pk")
    }
    to_create, to_move, to_cancel = [], [], []
    for key, due_at in wanted.items():
        reminder = existing.get(key)
        if reminder is None:
            kind, recipient_id, object_type_id, object_id = key
            to_create.append(
                Reminder(
                    cycle=cycle,
                    kind=kind,
                    recipient_id=recipient_id,
                    object_type_id=object_type_id,
                    object_id=object_id,
                    due_at=due_at,
                )
            )
        elif reminder.state == ReminderState.PENDING and reminder.due_at != due_at:
            reminder.due_at = due_at
            to_move.append(reminder)
        elif reminder.state == ReminderState.CANCELLED:
            # The task was reopened, or its owner is back: the reminder is wanted again.
            reminder.state, reminder.due_at, reminder.processed_at = ReminderState.PENDING, due_at, None
            to_move.append(reminder)
    for key, reminder in existing.items():
        if key not in wanted and reminder.state == ReminderState.PENDING:
            reminder.state, reminder.processed_at = ReminderState.CANCELLED, timezone.now()
            to_cancel.append(reminder)
    # ignore_conflicts: a concurrent planner may have written the same key a moment ago.
    Reminder.objects.bulk_create(to_create, ignore_conflicts=True)
    Reminder.objects.bulk_update(to_move + to_cancel, ["due_at", "state", "processed_at"])
    return len(to_create)


def _task_context(task: Task, recipient, language: str) -> dict:
    with translation.override(language):
        return {
            "name": recipient.get_full_name(),
            "task": task.display_title,
            "due_date": formats.date_format(task.due_date, "j F Y"),
            "meeting": f"({task.meeting.name})" if task.meeting_id else "",
            "cycle": str(task.cycle.year),
            "link": settings.SITE_URL + reverse("home"),
        }


def _deliver(reminder: Reminder, task: Task | None, now: datetime, templates: dict) -> str:
    """Decide what becomes of one claimed reminder, and write its mail if it is to be sent."""
    recipient = reminder.recipient
    if task is None or task.state != TaskState.OPEN or task.due_date is None or not recipient.is_active:
        return ReminderState.CANCELLED
    if reminder.kind == ReminderKind.TASK_DUE and task.due_date < timezone.localdate(now):
        return ReminderState.CANCELLED  # the overdue reminder says it better now
    if now - reminder.due_at > GRACE:
        return ReminderState.EXPIRED
    language = recipient.language or "nl"
    return reminder_compose(
        reminder,
        kind=MAIL_KIND[reminder.kind],
        context=_task_context(task, recipient, language),
        concerning=task,
        templates=templates,
    )


def reminder_compose(reminder: Reminder, *, kind: str, context: dict, concerning, templates: dict) -> str:
    """Write the reminder's mail (of mail ``kind``) in its recipient's language; returns the SENT state."""
    if kind not in templates:
        templates[kind] = template_for(kind)
    recipient = reminder.recipient
    reminder.message = message_compose(
        kind=kind,
        to=recipient.email,
        context=context,
        language=recipient.language or "nl",
        recipient=recipient,
        concerning=concerning,
        template=templates[kind],
    )
    return ReminderState.SENT


def _deliver_registered(reminder: Reminder, now: datetime, templates: dict) -> str:
    if not reminder.recipient.is_active:
        return ReminderState.CANCELLED
    if now - reminder.due_at > GRACE:
        return ReminderState.EXPIRED
    return _HANDLERS[reminder.kind].deliver(reminder, templates)


def reminder_dispatch(*, batch_size: int = 100) -> int:
    """Turn every due reminder into an outbox message, batch by batch. Returns how many were sent.

    Side effects: outbox messages (sent after commit); reminder rows marked processed.
    """
    sent = 0
    templates: dict = {}
    while True:
        with transaction.atomic():
            now = timezone.now()
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(state=ReminderState.PENDING, due_at__lte=now)
                .select_related("recipient")
                .order_by("due_at", "pk")[:batch_size]
            )
            if not batch:
                return sent
            task_ids = [reminder.object_id for reminder in batch if reminder.kind not in _HANDLERS]
            tasks = Task.objects.select_related("cycle", "meeting").in_bulk(task_ids)
            for reminder in batch:
                try:
                    # A savepoint per reminder: one that cannot be written must not hold up the rest.
                    with transaction.atomic():
                        if reminder.kind in _HANDLERS:
                            reminder.state = _deliver_registered(reminder, now, templates)
                        else:
                            reminder.state = _deliver(reminder, tasks.get(reminder.object_id), now, templates)
                except Exception:  # recorded on the row and logged; the others go on
                    logger.exception("Reminder %s could not be turned into mail.", reminder.pk)
                    reminder.state, reminder.message = ReminderState.FAILED, None
                reminder.processed_at = now
                sent += reminder.state == ReminderState.SENT
            Reminder.objects.bulk_update(batch, ["state", "processed_at", "message"])
