"""Writing to and sending from the outbox.

A message is queued in the caller's transaction and handed to the worker only after commit, so a
rolled-back change sends nothing. Sending claims the row with a conditional UPDATE: however many
workers or dispatcher runs race for it, exactly one sends it. Transient SMTP errors put the message
back in the queue with a growing delay; the periodic dispatcher picks it up again, and also picks up
messages whose hand-off to the broker failed.
"""

import logging
import smtplib
import socket
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy

from peerreview.mail import kinds
from peerreview.mail.enums import MessageState
from peerreview.mail.models import MailTemplate, OutboxAttachment, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A claim older than this belongs to a worker that died mid-send; see message_release_stale.
STALE_CLAIM = timedelta(minutes=15)
REDACTED = "[redacted]"

# A dropped or refused connection may heal; smtplib's other errors are answers that will not change.
TRANSIENT_SMTP_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _hand_to_worker(message_id: int) -> None:
    from peerreview.mail.tasks import send_message

    try:
        send_message.delay(message_id)
    except Exception:
        logger.warning("Could not hand outbox message %s to the worker; it stays queued.", message_id, exc_info=True)


Attachment = tuple[str, bytes, str]  # file name, content, MIME type


def message_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    template_key: str = "",
    sensitive: bool = False,
    hold: bool = False,
    recipient=None,
    language: str = "",
    concerning: models.Model | None = None,
    attachments: Iterable[Attachment] = (),
) -> OutboxMessage:
    """Store an e-mail in the outbox.

    Side effects: attachment files written to storage; unless ``hold`` (then it waits as a draft
    for the secretary's review), a worker is asked after commit to send it.
    """
    message = OutboxMessage(
        to=to,
        recipient=recipient,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split())[:255],
        body_text=body_text,
        body_html=body_html,
        template_key=template_key,
        language=language,
        sensitive=sensitive,
        state=MessageState.DRAFT if hold and not sensitive else MessageState.QUEUED,
        next_attempt_at=timezone.now(),
    )
    if concerning is not None:
        message.concerning_type = ContentType.objects.get_for_model(concerning)
        message.concerning_id = concerning.pk
    message.full_clean()
    message.save()
    for filename, content, mimetype in attachments:
        attachment = OutboxAttachment(message=message, filename=filename, mimetype=mimetype)
        attachment.file.save(filename, ContentFile(content), save=True)
    if message.state == MessageState.QUEUED:
        transaction.on_commit(lambda: _hand_to_worker(message.pk))
    return message


def template_for(key: str) -> MailTemplate:
    """The secretary's version of a kind, or (unsaved) its built-in text."""
    kind = kinds.get_kind(key)
    stored = MailTemplate.objects.filter(key=key).first()
    if stored is not None:
        return stored
    return MailTemplate(
        key=key,
        subject_nl=kind.subject_nl,
        body_nl=kind.body_nl,
        subject_en=kind.subject_en,
        body_en=kind.body_en,
        auto_send=kind.auto_send,
    )


def _render_html(subject: str, body_text: str) -> str:
    return render_to_string("mail/message.html", {"body": kinds.text_to_html(body_text), "subject": subject})


def message_compose(
    *,
    kind: str,
    to: str,
    context: dict,
    language: str = "nl",
    recipient=None,
    concerning: models.Model | None = None,
    attachments: Iterable[Attachment] = (),
    template: MailTemplate | None = None,
) -> OutboxMessage:
    """Write a message of a kind from its template and queue it, or hold it when the kind waits for review.

    ``context`` fills the kind's placeholders; ``template`` saves a lookup when one sends many.
    Side effects: as ``message_queue``.
    """
    mail_kind = kinds.get_kind(kind)
    template = template or template_for(kind)
    english = language == "en"
    subject = kinds.render_text(template.subject_en if english else template.subject_nl, context)
    body_text = kinds.render_text(template.body_en if english else template.body_nl, context)
    body_html = _render_html(subject, body_text)
    return message_queue(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        template_key=kind,
        sensitive=mail_kind.sensitive,
        hold=not template.auto_send,
        recipient=recipient,
        language=language,
        concerning=concerning,
        attachments=attachments,
    )


def _is_transient(error: Exception) -> bool:
    if isinstance(error, TRANSIENT_SMTP_ERRORS):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in error.recipients.values())
    # SMTPException subclasses OSError, so only now may OSError mean a network failure.
    return isinstance(error, OSError | socket.timeout) and not isinstance(error, smtplib.SMTPException)


def message_send(*, message_id: int) -> bool:
    """Send one queued message if nobody else has claimed it. Returns whether this call sent it.

    Side effects: SMTP; the row's state, attempts and error; sensitive content wiped once sent.
    """
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, state=MessageState.QUEUED, next_attempt_at__lte=now).update(
        state=MessageState.SENDING, claimed_at=now
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to],
        connection=get_connection(),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as file:
            email.attach(attachment.filename, file.read(), attachment.mimetype)
    message.attempts += 1
    try:
        email.send()
    except Exception as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if _is_transient(error) and message.attempts < MAX_ATTEMPTS:
            message.state = MessageState.QUEUED
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        else:
            message.state = MessageState.FAILED
            if message.sensitive:
                # A sign-in code that never arrived is useless later; don't keep it.
                message.body_text, message.body_html = REDACTED, ""
        message.save()
        logger.warning("Outbox message %s not sent: %s", message_id, message.last_error, exc_info=error)
        return False
    message.state = MessageState.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    if message.sensitive:
        message.body_text = REDACTED
        message.body_html = ""
    message.save()
    return True


def message_release_stale() -> int:
    """Mark messages whose sender died mid-send as failed rather than risk sending them twice."""
    return OutboxMessage.objects.filter(state=MessageState.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM).update(
        state=MessageState.FAILED,
        last_error="Interrupted while sending; check with the recipient before sending again.",
    )


def message_retry(*, message: OutboxMessage) -> OutboxMessage:
    """Put a failed message back in the queue (the secretary's 'send again'), with a fresh set of tries."""
    if message.state != MessageState.FAILED:
        return message
    message.state = MessageState.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
    transaction.on_commit(lambda: _hand_to_worker(message.pk))
    return message


def outbox_dispatch(*, batch_size: int = 200) -> int:
    """Send what is due: retries, and messages the broker never received. Returns how many were sent."""
    message_release_stale()
    due = OutboxMessage.objects.filter(state=MessageState.QUEUED, next_attempt_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )[:batch_size]
    return sum(message_send(message_id=pk) for pk in list(due))


# The secretary's review of held messages


audit = logging.getLogger("peerreview.audit")


NOT_WAITING = gettext_lazy("This message is no longer waiting for review; it was sent or discarded meanwhile.")


def _not_waiting() -> ValidationError:
    return ValidationError(NOT_WAITING, code="not_draft")


def draft_edit(*, actor, message: OutboxMessage, subject: str, body_text: str) -> OutboxMessage:
    """Change the subject and text of a message that waits for review; its HTML is made anew from the text.

    Raises ValidationError when the message was sent or discarded meanwhile. Side effects: none
    beyond the row (it stays a draft).
    """
    with transaction.atomic():
        current = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if current.state != MessageState.DRAFT:
            raise _not_waiting()
        current.subject = " ".join(subject.split())[:255]
        # Browsers send a textarea with CRLF line ends; store the text as the built-in ones are.
        current.body_text = normalize_newlines(body_text)
        current.body_html = _render_html(current.subject, current.body_text)
        current.full_clean()
        current.save()
    audit.info("edited outboxmessage #%s by %s", current.pk, actor.pk)
    return current


def draft_discard(*, actor, message: OutboxMessage) -> OutboxMessage:
    """Never send a message that waits for review. Raises ValidationError when it was sent meanwhile."""
    # Conditional UPDATE: a discard racing a send leaves exactly one of them in effect.
    changed = OutboxMessage.objects.filter(pk=message.pk, state=MessageState.DRAFT).update(
        state=MessageState.DISCARDED, updated_at=timezone.now()
    )
    if not changed:
        raise _not_waiting()
    audit.info("discarded outboxmessage #%s by %s", message.pk, actor.pk)
    message.refresh_from_db()
    return message


def draft_send(*, actor, message: OutboxMessage) -> OutboxMessage:
    """Send a message that waits for review, as it now reads.

    Raises ValidationError when it was sent or discarded meanwhile. Side effects: queued, and a
    worker is asked after commit to send it.
    """
    changed = OutboxMessage.objects.filter(pk=message.pk, state=MessageState.DRAFT).update(
        state=MessageState.QUEUED, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    if not changed:
        raise _not_waiting()
    audit.info("released outboxmessage #%s by %s", message.pk, actor.pk)
    transaction.on_commit(lambda: _hand_to_worker(message.pk))
    message.refresh_from_db()
    return message


def drafts_send_all(*, actor, kind: str = "") -> int:
    """Send every message that waits for review (only those of ``kind`` when given). Returns how many.

    Side effects: all of them queued in one transaction; after commit each is handed to a worker.
    """
    with transaction.atomic():
        drafts = OutboxMessage.objects.filter(state=MessageState.DRAFT)
        if kind:
            drafts = drafts.filter(template_key=kind)
        # Locked so that a discard or an edit arriving now waits, and nothing is released half-edited.
        ids = list(drafts.select_for_update().order_by("pk").values_list("pk", flat=True))
        now = timezone.now()
        OutboxMessage.objects.filter(pk__in=ids).update(state=MessageState.QUEUED, next_attempt_at=now, updated_at=now)

    def hand_over() -> None:
        for pk in ids:
            _hand_to_worker(pk)

    transaction.on_commit(hand_over)
    audit.info("released %s outbox messages%s by %s", len(ids), f" of kind {kind}" if kind else "", actor.pk)
    return len(ids)


# The secretary's versions of the kinds of mail

TEMPLATE_TEXT_FIELDS = ("subject_nl", "body_nl", "subject_en", "body_en")


def template_save(*, actor, template: MailTemplate) -> MailTemplate:
    """Save the secretary's version of a kind of mail: its four texts and whether it waits for review.

    Every text is checked against the kind's placeholders; a problem is a ValidationError on that
    field and nothing is saved. Side effect: messages of the kind composed from now on use it.
    """
    kind = kinds.get_kind(template.key)
    for name in TEMPLATE_TEXT_FIELDS:
        setattr(template, name, normalize_newlines(getattr(template, name)))
    errors = {
        name: problems
        for name in TEMPLATE_TEXT_FIELDS
        if (problems := kinds.template_errors(getattr(template, name), kind.placeholders))
    }
    if errors:
        raise ValidationError(errors)
    # The key's uniqueness is left to update_or_create: a first save racing another finds its row.
    template.full_clean(validate_unique=False)
    values = {name: getattr(template, name) for name in (*TEMPLATE_TEXT_FIELDS, "auto_send")}
    saved, _created = MailTemplate.objects.update_or_create(key=template.key, defaults=values)
    audit.info("saved mailtemplate %s by %s", saved.key, actor.pk)
    return saved


def template_auto_send_set(*, actor, key: str, auto_send: bool) -> MailTemplate:
    """Let messages of a kind go out at once, or wait for review. Keeps the kind's texts as they are."""
    kind = kinds.get_kind(key)
    with transaction.atomic():
        template, created = MailTemplate.objects.select_for_update().get_or_create(
            key=key,
            defaults={name: getattr(kind, name) for name in TEMPLATE_TEXT_FIELDS} | {"auto_send": auto_send},
        )
        if not created and template.auto_send != auto_send:
            template.auto_send = auto_send
            template.save(update_fields=["auto_send", "updated_at"])
    audit.info("set auto_send=%s on mailtemplate %s by %s", auto_send, key, actor.pk)
    return template


def template_reset(*, actor, key: str) -> MailTemplate:
    """Go back to the kind's built-in texts and setting. Returns the (unsaved) built-in template."""
    kinds.get_kind(key)
    MailTemplate.objects.filter(key=key).delete()
    audit.info("reset mailtemplate %s by %s", key, actor.pk)
    return template_for(key)
