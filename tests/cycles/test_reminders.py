"""Reminders: planned from the timeline, claimed once by however many dispatchers, delivered once."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.utils import formats, timezone, translation

from peerreview.cycles.enums import Owner, ReminderKind, ReminderState, TaskState
from peerreview.cycles.models import Cycle, Reminder, ReviewMeeting, Task
from peerreview.cycles.playbook import DEFAULT_PLAYBOOK
from peerreview.cycles.reminders import GRACE, SEND_AT, reminder_dispatch, reminders_plan
from peerreview.cycles.services import cycle_create, meeting_save, task_set_state
from peerreview.mail.enums import MessageState
from peerreview.mail.models import MailTemplate, OutboxMessage
from peerreview.mail.services import outbox_dispatch
from tests.broker import BROKER_DOWN_URL, broker_at, wait_until
from tests.factories import CycleFactory, ReminderFactory, SecretaryFactory, TaskFactory
from tests.services import require_postgres
from tests.smtp_catcher import smtp_catcher_fixture  # noqa: F401 -- registers the smtp_catcher fixture

BASE_DIR = Path(__file__).resolve().parents[2]
# Every date of this cycle lies ahead, so nothing planned for it falls due during a test.
YEAR = 2031
MEETING_DATE = date(2031, 3, 10)
SECRETARY = "secretary@example.org"
CHAIR = "chair@example.org"
UTRECHT = "coordinator@utrecht.example"
LIMBURG = "coordinator@limburg.example"
SMTP_TRY_LATER = "421 4.3.2 Service not available, try again later"


def _task_reminders():
    """The timeline's own reminders (a cycle with dated meetings also plans the preparation's)."""
    return Reminder.objects.filter(object_type=ContentType.objects.get_for_model(Task))


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


# Planning


@pytest.fixture
def timeline(secretary, chair, network, other_network, coordinator, other_coordinator):
    """Cycle 2031 with one meeting of Utrecht and Limburg, hosted by Utrecht."""
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=YEAR), networks=[network, other_network])
    meeting = meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Midden", date=MEETING_DATE, host_network=network),
        networks=[network, other_network],
    )
    return meeting


def _planned(cycle: Cycle) -> dict[tuple[str, str, str], tuple]:
    """(task key, kind, recipient) -> (reminder id, due, state) for every reminder of the cycle."""
    keys = dict(cycle.tasks.values_list("pk", "key"))
    return {
        (keys[reminder.object_id], reminder.kind, reminder.recipient.email): (
            reminder.pk,
            reminder.due_at,
            reminder.state,
        )
        for reminder in _task_reminders().filter(cycle=cycle).select_related("recipient")
    }


def test_cycle_create_plans_reminders_for_each_tasks_owners(timeline):
    owners = {
        Owner.SECRETARY: {SECRETARY},
        Owner.CHAIR: {CHAIR},
        Owner.NETWORKS: {UTRECHT, LIMBURG},
        Owner.HOSTS: {UTRECHT},  # Utrecht hosts the meeting
    }
    planned = _planned(timeline.cycle)
    recipients: dict[tuple[str, str], set[str]] = {}
    for key, kind, email in planned:
        recipients.setdefault((key, kind), set()).add(email)
    expected = {
        (key, kind): owners[owner]
        for key, _month, _anchor, _offset, owner, *_rest in DEFAULT_PLAYBOOK
        for kind in (ReminderKind.TASK_DUE, ReminderKind.TASK_OVERDUE)
    }
    assert recipients == expected
    assert {state for _pk, _due, state in planned.values()} == {ReminderState.PENDING}
    # The preparation is due three weeks before the meeting; reminders a week before and the day after.
    assert planned[("preparation", ReminderKind.TASK_DUE, UTRECHT)][1] == _morning(date(2031, 2, 10))
    assert planned[("preparation", ReminderKind.TASK_OVERDUE, LIMBURG)][1] == _morning(date(2031, 2, 18))


def test_reminders_plan_again_creates_nothing(timeline):
    before = _planned(timeline.cycle)
    assert reminders_plan(cycle=timeline.cycle) == 0
    assert _planned(timeline.cycle) == before


def test_meeting_save_new_date_moves_pending_reminders(secretary, timeline):
    before = _planned(timeline.cycle)
    timeline.date = MEETING_DATE + timedelta(days=28)
    meeting_save(actor=secretary, meeting=timeline)
    after = _planned(timeline.cycle)
    month_keys = {key for key, month, *_rest in DEFAULT_PLAYBOOK if month}
    assert after.keys() == before.keys()
    assert {
        key: (pk, _morning(timezone.localdate(due) + timedelta(days=28)), state)
        for key, (pk, due, state) in before.items()
        if key[0] not in month_keys
    } == {key: value for key, value in after.items() if key[0] not in month_keys}
    # Tasks in a month of their own do not follow the meeting.
    assert {key: value for key, value in after.items() if key[0] in month_keys} == {
        key: value for key, value in before.items() if key[0] in month_keys
    }
    assert after[("preparation", ReminderKind.TASK_DUE, UTRECHT)][1] == _morning(date(2031, 3, 10))


def test_task_set_state_done_cancels_reminders_and_reopen_restores_them(secretary, timeline):
    before = _planned(timeline.cycle)
    task = timeline.tasks.get(key="preparation")
    task_set_state(actor=secretary, task=task, state=TaskState.DONE)
    done = _planned(timeline.cycle)
    task_set_state(actor=secretary, task=task, state=TaskState.OPEN)
    reopened = _planned(timeline.cycle)

    def of_preparation(planned):
        return {key: value for key, value in planned.items() if key[0] == "preparation"}

    def others(planned):
        return {key: value for key, value in planned.items() if key[0] != "preparation"}

    assert {key: state for key, (_pk, _due, state) in of_preparation(done).items()} == {
        ("preparation", kind, email): ReminderState.CANCELLED
        for kind in (ReminderKind.TASK_DUE, ReminderKind.TASK_OVERDUE)
        for email in (UTRECHT, LIMBURG)
    }
    assert others(done) == others(before)
    assert reopened == before


def test_reminders_plan_sent_reminder_never_changes(secretary, timeline, django_capture_on_commit_callbacks):
    reminder = _task_reminders().get(
        object_id=timeline.tasks.get(key="preparation").pk,
        kind=ReminderKind.TASK_DUE,
        recipient__email=UTRECHT,
    )
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_dispatch() == 1
    reminder.refresh_from_db()
    sent = (reminder.state, reminder.due_at, reminder.processed_at, reminder.message_id)
    task = timeline.tasks.get(key="preparation")

    timeline.date = MEETING_DATE + timedelta(days=28)
    meeting_save(actor=secretary, meeting=timeline)
    task_set_state(actor=secretary, task=task, state=TaskState.DONE)
    task_set_state(actor=secretary, task=task, state=TaskState.OPEN)
    reminders_plan(cycle=timeline.cycle)

    reminder.refresh_from_db()
    assert (reminder.state, reminder.due_at, reminder.processed_at, reminder.message_id) == sent
    assert sent[0] == ReminderState.SENT
    assert [m.to for m in mail.outbox] == [[UTRECHT]]


@pytest.mark.django_db(transaction=True)
def test_reminders_plan_waits_for_a_dispatcher_holding_the_reminder(secretary, timeline):
    # A dispatcher claims a row, sends it and commits; a planner moving it meanwhile must not write
    # back the "pending" it read before, or the reminder goes out twice.
    require_postgres()
    reminder = _task_reminders().get(
        object_id=timeline.tasks.get(key="preparation").pk,
        kind=ReminderKind.TASK_DUE,
        recipient__email=UTRECHT,
    )
    errors: list[BaseException] = []

    def move_meeting() -> None:
        try:
            meeting = ReviewMeeting.objects.get(pk=timeline.pk)
            meeting.date = MEETING_DATE + timedelta(days=28)
            meeting_save(actor=secretary, meeting=meeting)
        except BaseException as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    def someone_waits_for_a_lock() -> bool:
        with connection.cursor() as cursor:
            # Activity is read once per transaction unless the snapshot is dropped.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0] > 0

    planner = threading.Thread(target=move_meeting)
    with transaction.atomic():
        # What reminder_dispatch does between claiming the row and committing its batch.
        Reminder.objects.select_for_update().get(pk=reminder.pk)
        Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.SENT, processed_at=timezone.now())
        planner.start()
        wait_until(someone_waits_for_a_lock)
    planner.join(timeout=20)
    assert errors == []
    reminder.refresh_from_db()
    assert (reminder.state, reminder.due_at) == (ReminderState.SENT, _morning(date(2031, 2, 10)))
    # The planner did run: the other owner's reminder moved with the meeting.
    moved = _task_reminders().get(object_id=reminder.object_id, kind=reminder.kind, recipient__email=LIMBURG)
    assert (moved.state, moved.due_at) == (ReminderState.PENDING, _morning(date(2031, 3, 10)))


def test_reminders_plan_overdue_task_wants_no_due_soon_reminder(db, secretary):
    task = TaskFactory(due_date=timezone.localdate() - timedelta(days=2))
    assert reminders_plan(cycle=task.cycle) == 1
    assert list(_task_reminders().values_list("kind", "recipient__email", "state")) == [
        (ReminderKind.TASK_OVERDUE, SECRETARY, ReminderState.PENDING)
    ]


# Dispatch: what becomes of a due reminder


@pytest.mark.parametrize(
    ("kind", "task_due_in_days", "task_state", "late", "expected"),
    [
        # A reminder sent: a week ahead as planned, or late within GRACE (the dispatcher was down).
        (ReminderKind.TASK_DUE, 7, TaskState.OPEN, timedelta(minutes=1), ReminderState.SENT),
        (ReminderKind.TASK_DUE, 7, TaskState.OPEN, GRACE - timedelta(hours=1), ReminderState.SENT),
        (ReminderKind.TASK_OVERDUE, -1, TaskState.OPEN, timedelta(hours=3), ReminderState.SENT),
        # The overdue reminder says it better now.
        (ReminderKind.TASK_DUE, -2, TaskState.OPEN, timedelta(hours=1), ReminderState.CANCELLED),
        # Too late to be a reminder.
        (ReminderKind.TASK_DUE, 7, TaskState.OPEN, GRACE + timedelta(hours=1), ReminderState.EXPIRED),
        (ReminderKind.TASK_OVERDUE, -20, TaskState.OPEN, GRACE + timedelta(hours=1), ReminderState.EXPIRED),
        # The work is done.
        (ReminderKind.TASK_DUE, 7, TaskState.DONE, timedelta(hours=1), ReminderState.CANCELLED),
        (ReminderKind.TASK_OVERDUE, -1, TaskState.NOT_APPLICABLE, timedelta(hours=1), ReminderState.CANCELLED),
        # Not due yet.
        (ReminderKind.TASK_DUE, 7, TaskState.OPEN, -timedelta(minutes=5), ReminderState.PENDING),
    ],
)
def test_reminder_dispatch_decides_by_task_and_lateness(
    db, django_capture_on_commit_callbacks, kind, task_due_in_days, task_state, late, expected
):
    task = TaskFactory(due_date=timezone.localdate() + timedelta(days=task_due_in_days), state=task_state)
    reminder = ReminderFactory(concerning=task, kind=kind, due_at=timezone.now() - late)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminder_dispatch()
    reminder.refresh_from_db()
    assert (reminder.state, sent, len(mail.outbox), OutboxMessage.objects.count()) == (
        expected,
        int(expected == ReminderState.SENT),
        int(expected == ReminderState.SENT),
        int(expected == ReminderState.SENT),
    )
    assert (reminder.processed_at is None) == (expected == ReminderState.PENDING)
    assert (reminder.message_id is not None) == (expected == ReminderState.SENT)


def test_reminder_dispatch_inactive_recipient_cancelled(db, django_capture_on_commit_callbacks):
    reminder = ReminderFactory(recipient=SecretaryFactory(is_active=False))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_dispatch() == 0
    reminder.refresh_from_db()
    assert (reminder.state, mail.outbox) == (ReminderState.CANCELLED, [])


def test_reminder_dispatch_mail_in_recipients_language(db, django_capture_on_commit_callbacks):
    task = TaskFactory(
        title="Agenda versturen", title_en="Send the agenda", due_date=date(2030, 3, 4), cycle=CycleFactory(year=2030)
    )
    dutch = SecretaryFactory(email="eva@example.org", full_name="Eva de Vries", language="nl")
    english = SecretaryFactory(email="emma@example.org", full_name="Emma Jones", language="en")
    for recipient in (dutch, english):
        ReminderFactory(concerning=task, recipient=recipient)
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        assert reminder_dispatch() == 2
    assert sorted((m.to, m.subject, m.body.splitlines()[0]) for m in mail.outbox) == [
        (["emma@example.org"], "Reminder: Send the agenda (due 4 March 2030)", "Dear Emma Jones,"),
        (["eva@example.org"], "Herinnering: Agenda versturen (uiterlijk 4 maart 2030)", "Beste Eva de Vries,"),
    ]
    assert sorted(OutboxMessage.objects.values_list("to", "language", "template_key")) == [
        ("emma@example.org", "en", "cycles.task_due"),
        ("eva@example.org", "nl", "cycles.task_due"),
    ]


def test_reminder_dispatch_after_downtime_catches_up_once(db, django_capture_on_commit_callbacks):
    # The dispatcher was down for days: everything due since then goes out on its next run, once.
    now = timezone.now()
    overdue_since = {hours: ReminderFactory(due_at=now - timedelta(hours=hours)) for hours in (1, 6, 30, 72)}
    later = ReminderFactory(due_at=now + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_dispatch(batch_size=3) == 4
        assert reminder_dispatch() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient.email for r in overdue_since.values())
    assert dict(Reminder.objects.values_list("pk", "state")) == {
        **{reminder.pk: ReminderState.SENT for reminder in overdue_since.values()},
        later.pk: ReminderState.PENDING,
    }


# The hard guarantees: PostgreSQL, a real worker on Redis, a real SMTP server


def test_reminder_dispatch_one_unwritable_reminder_does_not_hold_up_the_others(
    db, django_capture_on_commit_callbacks, caplog
):
    # A template row that bypassed the editor's checks (written by hand, or by an older version).
    MailTemplate.objects.create(
        key="cycles.task_due", subject_nl="{{ task|no_such_filter }}", body_nl="x", subject_en="x", body_en="x"
    )
    broken = ReminderFactory(kind=ReminderKind.TASK_DUE)
    fine = ReminderFactory(kind=ReminderKind.TASK_OVERDUE, concerning__due_date=timezone.localdate())
    fine.due_at = timezone.now() - timedelta(hours=1)
    fine.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = reminder_dispatch()

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (sent, broken.state, broken.message, fine.state) == (1, ReminderState.FAILED, None, ReminderState.SENT)
    assert list(OutboxMessage.objects.values_list("template_key", flat=True)) == ["cycles.task_overdue"]
    assert f"Reminder {broken.pk} could not be turned into mail." in caplog.text
    assert reminder_dispatch() == 0  # the failed one is not tried again on every run


def _due_reminders(tasks: int, recipients: int) -> list[Reminder]:
    """tasks × recipients reminders, fallen due over the last few hours (the dispatcher was down)."""
    cycle = CycleFactory(year=2030)
    due = timezone.localdate() + timedelta(days=5)
    all_tasks = [TaskFactory(cycle=cycle, title=f"Taak {n}", due_date=due) for n in range(tasks)]
    people = [SecretaryFactory(email=f"secretaris{n}@example.org") for n in range(recipients)]
    now = timezone.now()
    return [
        ReminderFactory(concerning=task, recipient=person, due_at=now - timedelta(minutes=7 * (i + 1)))
        for i, (task, person) in enumerate((task, person) for task in all_tasks for person in people)
    ]


def _expected_mail(reminders: list[Reminder]) -> Counter:
    with translation.override("nl"):
        return Counter(
            (
                (reminder.recipient.email,),
                f"Herinnering: {reminder.concerning.title} (uiterlijk "
                f"{formats.date_format(reminder.concerning.due_date, 'j F Y')})",
            )
            for reminder in reminders
        )


@pytest.mark.worker
def test_reminder_dispatch_two_dispatchers_at_once_send_each_reminder_once(celery_worker, smtp_catcher):
    require_postgres()
    reminders = _due_reminders(tasks=10, recipients=24)
    dispatchers = 2
    start = threading.Barrier(dispatchers)
    sent: list[int] = []
    errors: list[BaseException] = []

    def dispatch() -> None:
        try:
            start.wait(timeout=5)
            sent.append(reminder_dispatch(batch_size=20))
        except BaseException as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch) for _ in range(dispatchers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert reminder_dispatch() == 0  # the rerun finds nothing left
    assert (sum(sent), len(sent)) == (240, 2)

    caught = smtp_catcher.wait_for(240, timeout=60)
    # Once every message is marked sent, nothing can send it again: what the catcher holds then is final.
    wait_until(lambda: not OutboxMessage.objects.exclude(state=MessageState.SENT).exists(), timeout=30)
    caught = smtp_catcher.messages
    assert Counter((m.to, m.subject) for m in caught) == _expected_mail(reminders)
    assert len({m.raw.split(b"Message-ID: ")[1].split(b"\r\n")[0] for m in caught}) == 240
    assert Counter(Reminder.objects.values_list("state", flat=True)) == {ReminderState.SENT: 240}
    assert OutboxMessage.objects.count() == 240
    # Exactly one outbox message per reminder, each its own.
    message_ids = list(Reminder.objects.values_list("message_id", flat=True))
    assert (len(set(message_ids)), None in message_ids) == (240, False)
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


# Faults


@pytest.mark.django_db(transaction=True)
def test_reminder_dispatch_broker_down_messages_wait_then_sent(caplog):
    reminders = [ReminderFactory() for _ in range(3)]
    started = time.monotonic()
    with broker_at(BROKER_DOWN_URL, eager=False):
        assert reminder_dispatch() == 3
    assert time.monotonic() - started < 20
    assert Counter(Reminder.objects.values_list("state", flat=True)) == {ReminderState.SENT: 3}
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(MessageState.QUEUED, 0)}
    assert len([r for r in caplog.records if r.name == "peerreview.mail.services"]) == 3
    assert mail.outbox == []
    # The broker is back: the outbox dispatcher (every minute in beat) sends what waited, once.
    assert outbox_dispatch() == 3
    assert outbox_dispatch() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient.email for r in reminders)
    assert reminder_dispatch() == 0


def test_reminder_dispatch_smtp_try_later_retried_then_sent(db, smtp_catcher, django_capture_on_commit_callbacks):
    reminder = ReminderFactory(concerning__title="Agenda versturen")
    smtp_catcher.refuse_with = SMTP_TRY_LATER
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_dispatch() == 1
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts, smtp_catcher.refused) == (MessageState.QUEUED, 1, 1)
    assert message.last_error.split(":")[0] == "SMTPRecipientsRefused"

    smtp_catcher.refuse_with = ""
    assert outbox_dispatch() == 0  # the retry waits a minute
    retry_at = message.next_attempt_at
    with mock.patch("django.utils.timezone.now", return_value=retry_at):
        assert outbox_dispatch() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 2, "")
    assert [(m.to, m.subject.split(" (")[0]) for m in smtp_catcher.messages] == [
        ((reminder.recipient.email,), "Herinnering: Agenda versturen")
    ]
    # The reminder was settled when its message was written; it is not sent again.
    assert reminder_dispatch() == 0


# The embedded default: SQLite, the filesystem broker, worker and beat in one process

EMBEDDED_SETUP = """
from datetime import timedelta
from django.utils import timezone
from tests.factories import ReminderFactory, SecretaryFactory

ReminderFactory(
    recipient=SecretaryFactory(email="secretaris@example.org", full_name="Sanne Secretaris"),
    concerning__title="Agenda versturen",
    concerning__due_date=timezone.localdate() + timedelta(days=3),
)
"""
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_URL")


def test_embedded_worker_and_beat_send_due_reminder(tmp_path, smtp_catcher):
    env = {name: value for name, value in os.environ.items() if name not in SERVICE_VARIABLES}
    env |= {
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "PEERREVIEW_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"smtp://{smtp_catcher.host}:{smtp_catcher.port}",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["shell", "-c", EMBEDDED_SETUP]):
        subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, timeout=120
        )
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("wb") as output:
        worker = subprocess.Popen(  # noqa: S603 -- the project's own worker command
            [str(celery), "-A", "peerreview", "worker", "--beat", "--pool=solo", "--loglevel=INFO"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Beat runs the dispatcher a minute after it starts, and every minute after that.
        try:
            caught = smtp_catcher.wait_for(1, timeout=90)
        except AssertionError as error:
            raise AssertionError(f"{error}; the worker's log ends with:\n{log.read_text()[-3000:]}") from None
    finally:
        with suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    assert [(m.to, m.subject.split(" (")[0], m.body.splitlines()[0]) for m in caught] == [
        (("secretaris@example.org",), "Herinnering: Agenda versturen", "Beste Sanne Secretaris,")
    ]
