"""Celery tasks of the outbox: take ids, call one service."""

from celery import shared_task

from peerreview.mail.services import message_send, outbox_dispatch


@shared_task(name="mail.send_message", time_limit=60, soft_time_limit=50)
def send_message(message_id: int) -> bool:
    return message_send(message_id=message_id)


@shared_task(name="mail.dispatch_outbox", time_limit=300, soft_time_limit=280)
def dispatch_outbox() -> int:
    return outbox_dispatch()
