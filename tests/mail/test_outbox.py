"""The outbox: written in the caller's transaction, sent once after commit, retried, wiped, shown to the secretary."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage
from peerreview.mail.services import (
    MAX_ATTEMPTS,
    REDACTED,
    STALE_CLAIM,
    message_queue,
    message_release_stale,
    message_send,
    outbox_dispatch,
)
from tests.broker import BROKER_DOWN_URL, broker_at, wait_until
from tests.services import require_postgres
from tests.smtp_catcher import free_port, smtp_catcher_fixture  # noqa: F401 -- registers the smtp_catcher fixture

TO = "coordinator@utrecht.example"
CODE = "QWRT-ZXCV"
SMTP_TRY_LATER = "421 4.3.2 Service not available, try again later"
SMTP_NO_SUCH_USER = "550 5.1.1 No such user here"


def _queue(**fields) -> OutboxMessage:
    return message_queue(**{"to": TO, "subject": "Agenda", "body_text": "See you on Tuesday.", **fields})


def _stored(**fields) -> OutboxMessage:
    """A row as the outbox holds it, without a hand-off to the worker (as when the broker was down)."""
    values = {
        "to": TO,
        "from_email": "Peer review <peerreview@localhost>",
        "subject": "Agenda",
        "body_text": "See you on Tuesday.",
        "next_attempt_at": timezone.now(),
        **fields,
    }
    return OutboxMessage.objects.create(**values)


# Queueing and the hand-off after commit


@pytest.mark.django_db(transaction=True)
def test_message_queue_inside_transaction_sends_only_after_commit():
    with transaction.atomic():
        message = _queue()
        assert OutboxMessage.objects.filter(pk=message.pk).exists()
        # Celery is eager: had the message been handed over already, it would be in the outbox.
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [[TO]]
    message.refresh_from_db()
    assert message.state == MessageState.SENT


@pytest.mark.django_db(transaction=True)
def test_message_queue_rolled_back_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change that caused the e-mail fails")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_message_queue_with_commit_callbacks_delivers_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = _queue(subject="Agenda  for\n Utrecht")
    assert len(callbacks) == 1
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [([TO], "Agenda for Utrecht", "See you on Tuesday.")]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 1, "")
    assert message.sent_at is not None


def test_message_send_twice_sends_once(db):
    message = _queue()
    assert message_send(message_id=message.pk) is True
    assert message_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_message_send_concurrent_senders_send_once():
    # SQLite's test database lives in shared-cache memory, where a write that meets another
    # thread's fails at once ("database table is locked") instead of waiting as it does in the
    # demo's file database; only PostgreSQL runs this race the way production does.
    require_postgres()
    message = _stored()
    senders = 4
    start = threading.Barrier(senders)
    results: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            start.wait(timeout=5)
            results.append(message_send(message_id=message.pk))
        except BaseException as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert sorted(results) == [False] * (senders - 1) + [True]
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


# SMTP errors


@pytest.mark.parametrize(
    ("failure", "error_type"),
    [("reply-421", "SMTPRecipientsRefused"), ("connection-refused", "ConnectionRefusedError")],
)
def test_message_send_transient_error_requeues_after_a_minute(db, settings, smtp_catcher, failure, error_type):
    if failure == "reply-421":
        smtp_catcher.refuse_with = SMTP_TRY_LATER
    else:
        settings.EMAIL_PORT = free_port()
    message = _queue()
    before = timezone.now()
    assert message_send(message_id=message.pk) is False
    after = timezone.now()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.sent_at) == (MessageState.QUEUED, 1, None)
    assert before + timedelta(minutes=1) <= message.next_attempt_at <= after + timedelta(minutes=1)
    assert message.last_error.split(":")[0] == error_type
    # Not due yet: a second send (or the dispatcher) leaves it alone.
    assert message_send(message_id=message.pk) is False
    assert outbox_dispatch() == 0
    message.refresh_from_db()
    assert message.attempts == 1
    assert smtp_catcher.messages == []


def test_message_send_transient_errors_fail_after_max_attempts(db, smtp_catcher):
    smtp_catcher.refuse_with = SMTP_TRY_LATER
    message = _queue()
    delays = []
    clock = timezone.now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock):
        for _ in range(MAX_ATTEMPTS):
            message.refresh_from_db()
            clock = message.next_attempt_at
            assert outbox_dispatch() == 0
            message.refresh_from_db()
            if message.state == MessageState.QUEUED:
                delays.append(message.next_attempt_at - clock)
    assert [d / timedelta(minutes=1) for d in delays] == [1, 2, 4, 8, 16, 32, 60]
    assert (message.state, message.attempts) == (MessageState.FAILED, MAX_ATTEMPTS)
    assert smtp_catcher.refused == MAX_ATTEMPTS
    assert smtp_catcher.messages == []


def test_message_send_permanent_error_fails_at_once(db, smtp_catcher):
    smtp_catcher.refuse_with = SMTP_NO_SUCH_USER
    message = _queue()
    assert message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
    assert "550" in message.last_error
    assert outbox_dispatch() == 0
    assert smtp_catcher.refused == 1


# The dispatcher


def test_outbox_dispatch_sends_due_and_skips_not_yet_due(db):
    now = timezone.now()
    due = _stored(to="due@school.example", next_attempt_at=now - timedelta(seconds=1))
    later = _stored(to="later@school.example", next_attempt_at=now + timedelta(minutes=5))
    failed = _stored(to="failed@school.example", state=MessageState.FAILED)
    sent = _stored(to="sent@school.example", state=MessageState.SENT, sent_at=now)
    assert outbox_dispatch() == 1
    assert [m.to for m in mail.outbox] == [["due@school.example"]]
    states = dict(OutboxMessage.objects.values_list("pk", "state"))
    assert states == {
        due.pk: MessageState.SENT,
        later.pk: MessageState.QUEUED,
        failed.pk: MessageState.FAILED,
        sent.pk: MessageState.SENT,
    }
    assert outbox_dispatch() == 0


def test_message_release_stale_fails_abandoned_claims_only(db):
    now = timezone.now()
    stale = _stored(state=MessageState.SENDING, claimed_at=now - STALE_CLAIM - timedelta(seconds=1))
    busy = _stored(state=MessageState.SENDING, claimed_at=now - timedelta(minutes=1))
    assert message_release_stale() == 1
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.state == MessageState.FAILED
    assert stale.last_error == "Interrupted while sending; check with the recipient before sending again."
    assert busy.state == MessageState.SENDING
    # The dispatcher releases too, and never sends a claimed message again.
    assert outbox_dispatch() == 0
    assert mail.outbox == []


def test_message_send_sensitive_content_wiped_after_sending(db):
    message = _queue(body_text=f"Your code: {CODE}", body_html=f"<p>{CODE}</p>", sensitive=True)
    plain = _queue(body_text="See you on Tuesday.")
    assert outbox_dispatch() == 2
    assert sorted(m.body for m in mail.outbox) == ["See you on Tuesday.", f"Your code: {CODE}"]
    message.refresh_from_db()
    plain.refresh_from_db()
    assert (message.body_text, message.body_html, message.state) == (REDACTED, "", MessageState.SENT)
    assert plain.body_text == "See you on Tuesday."


@pytest.mark.django_db(transaction=True)
def test_message_queue_broker_down_request_succeeds_and_message_waits(client, coordinator, caplog):
    started = time.monotonic()
    with broker_at(BROKER_DOWN_URL, eager=False):
        response = client.post(reverse("account_request_login_code"), {"email": coordinator.email})
    assert time.monotonic() - started < 10
    assert (response.status_code, response["Location"]) == (302, reverse("account_confirm_login_code"))
    message = OutboxMessage.objects.get()
    assert [r.getMessage() for r in caplog.records if r.name == "peerreview.mail.services"] == [
        f"Could not hand outbox message {message.pk} to the worker; it stays queued."
    ]
    assert (message.to, message.state, message.attempts) == (coordinator.email, MessageState.QUEUED, 0)
    assert mail.outbox == []
    # Once the broker is back, the periodic dispatcher sends what waited.
    assert outbox_dispatch() == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.worker
def test_message_queue_delivered_by_real_worker(celery_worker, smtp_catcher):
    with transaction.atomic():
        message = _queue(subject="Agenda for Utrecht", body_text="See you on Tuesday.")
    caught = smtp_catcher.wait_for(1)
    message = wait_until(
        lambda: OutboxMessage.objects.filter(pk=message.pk, state=MessageState.SENT).first(), timeout=10
    )
    assert [(m.to, m.subject, m.body.strip()) for m in caught] == [((TO,), "Agenda for Utrecht", "See you on Tuesday.")]
    assert (message.attempts, message.last_error) == (1, "")
    assert message.sent_at is not None
    # Claimed once: the dispatcher finds nothing left to send.
    assert outbox_dispatch() == 0
    assert len(smtp_catcher.messages) == 1


# The secretary's outbox pages


def test_outbox_list_filters_by_state(client, secretary):
    queued = _stored(subject="Waiting")
    sent = _stored(subject="Delivered", state=MessageState.SENT, sent_at=timezone.now())
    failed = _stored(subject="Bounced", state=MessageState.FAILED, last_error="SMTPRecipientsRefused: 550")
    client.force_login(secretary)
    url = reverse("mail:outbox")
    pages = {state: client.get(url, {"state": state}) for state in ["", "queued", "sent", "failed", "bogus"]}
    assert {state: [m.pk for m in page.context["outbox_messages"]] for state, page in pages.items()} == {
        "": [failed.pk, sent.pk, queued.pk],
        "queued": [queued.pk],
        "sent": [sent.pk],
        "failed": [failed.pk],
        "bogus": [failed.pk, sent.pk, queued.pk],
    }
    assert pages["failed"].context["counts"] == {
        "draft": 0,
        "queued": 1,
        "sending": 0,
        "sent": 1,
        "failed": 1,
        "discarded": 0,
    }


@pytest.mark.parametrize("page", ["list", "detail", "retry"])
def test_outbox_pages_non_secretary_refused(client, coordinator, page):
    message = _stored(state=MessageState.FAILED)
    url = {
        "list": reverse("mail:outbox"),
        "detail": reverse("mail:detail", kwargs={"pk": message.pk}),
        "retry": reverse("mail:retry", kwargs={"pk": message.pk}),
    }[page]
    send = client.post if page == "retry" else client.get
    anonymous = send(url)
    client.force_login(coordinator)
    response = send(url)
    assert (anonymous.status_code, anonymous["Location"]) == (302, f"{reverse('account_login')}?next={url}")
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.state == MessageState.FAILED


def test_outbox_detail_sensitive_body_hidden(client, secretary):
    sensitive = _queue(subject="Sign-in code", body_text=f"Your code: {CODE}", sensitive=True)
    plain = _queue(subject="Agenda", body_text="See you on Tuesday.")
    client.force_login(secretary)
    before = client.get(reverse("mail:detail", kwargs={"pk": sensitive.pk}), HTTP_ACCEPT_LANGUAGE="en")
    assert outbox_dispatch() == 2
    after = client.get(reverse("mail:detail", kwargs={"pk": sensitive.pk}), HTTP_ACCEPT_LANGUAGE="en")
    shown = client.get(reverse("mail:detail", kwargs={"pk": plain.pk}), HTTP_ACCEPT_LANGUAGE="en")
    for response in (before, after):
        content = response.content.decode()
        assert response.status_code == 200
        assert CODE not in content
        assert "This message contains a sign-in secret; its text is not shown." in content
    sensitive.refresh_from_db()
    assert sensitive.body_text == REDACTED
    assert 'data-testid="body">See you on Tuesday.</pre>' in shown.content.decode()


def test_outbox_retry_requeues_failed_message(client, secretary, django_capture_on_commit_callbacks):
    message = _stored(state=MessageState.FAILED, attempts=1, last_error="SMTPRecipientsRefused: 550")
    url = reverse("mail:retry", kwargs={"pk": message.pk})
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    before = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, reverse("mail:detail", kwargs={"pk": message.pk}))
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
    assert before <= message.next_attempt_at <= timezone.now()
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)  # "send again" starts a fresh set of tries
    assert [m.to for m in mail.outbox] == [[TO]]


def test_outbox_retry_sent_message_unchanged(client, secretary, django_capture_on_commit_callbacks):
    message = _stored(state=MessageState.SENT, attempts=1, sent_at=timezone.now())
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("mail:retry", kwargs={"pk": message.pk}))
    assert response.status_code == 302
    assert callbacks == []
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)
    assert mail.outbox == []


def test_message_send_sensitive_failure_wipes_secret(db, smtp_catcher):
    smtp_catcher.refuse_with = "550 5.1.1 No such user"
    message = _stored(sensitive=True, body_text="Your code: ABC123")

    message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (message.state, message.body_text) == (MessageState.FAILED, REDACTED)


def test_message_send_smtp_protocol_error_not_retried(db, settings, smtp_catcher):
    settings.EMAIL_USE_TLS = True  # the catcher offers no STARTTLS: a configuration error, not a network one
    message = _stored()

    message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
