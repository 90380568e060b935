"""Runs in the app's settings against the reminder benchmark's database:
`python -m benchmarks.reminder_app seed N | dispatch | state`.

- seed N: N due reminders (20 tasks, N/20 secretaries), as a dispatcher that was down finds them.
- dispatch: one `reminder_dispatch` run; prints when it started (wall clock) and what it did.
- state: how many reminders and outbox messages are in each state.
"""

import json
import sys
import time
from collections import Counter
from datetime import timedelta

import django

TASKS = 20


def seed(count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from peerreview.cycles.enums import Owner, ReminderKind
    from peerreview.cycles.models import Cycle, Reminder, Task

    now, today = timezone.now(), timezone.localdate()
    cycle = Cycle.objects.create(year=today.year + 1)
    tasks = Task.objects.bulk_create(
        Task(cycle=cycle, title=f"Taak {n}", owner=Owner.SECRETARY, month=1, due_date=today + timedelta(days=5))
        for n in range(TASKS)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"secretaris{n}@example.org", full_name=f"Secretaris {n}", is_staff=True)
        for n in range(-(-count // TASKS))
    )
    task_type = ContentType.objects.get_for_model(Task)
    pairs = [(task, user) for user in users for task in tasks][:count]
    Reminder.objects.bulk_create(
        Reminder(
            cycle=cycle,
            kind=ReminderKind.TASK_DUE,
            recipient=user,
            object_type=task_type,
            object_id=task.pk,
            due_at=now - timedelta(minutes=1 + n % 120),
        )
        for n, (task, user) in enumerate(pairs)
    )
    return {"reminders": Reminder.objects.count()}


def dispatch() -> dict:
    from peerreview.cycles.reminders import reminder_dispatch

    started_at, started = time.time(), time.perf_counter()
    sent = reminder_dispatch()
    return {"started_at": started_at, "dispatch_s": time.perf_counter() - started, "sent": sent}


def state() -> dict:
    from peerreview.cycles.models import Reminder
    from peerreview.mail.models import OutboxMessage

    return {
        "reminders": dict(Counter(Reminder.objects.values_list("state", flat=True))),
        "outbox": dict(Counter(OutboxMessage.objects.values_list("state", flat=True))),
        "attempts": dict(Counter(OutboxMessage.objects.values_list("attempts", flat=True))),
    }


def main(command: str, *args: str) -> None:
    django.setup()
    if command == "seed":
        result = seed(int(args[0]))
    elif command == "dispatch":
        result = dispatch()
    elif command == "state":
        result = state()
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
