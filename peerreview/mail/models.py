"""The outbox: every e-mail the product sends is first a row here."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerreview.core.models import TimeStampedModel
from peerreview.mail.enums import MessageState


class OutboxMessage(TimeStampedModel):
    """One e-mail to one recipient, written in the transaction of the change that caused it."""

    to = models.EmailField(_("to"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("recipient"),
    )
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    template_key = models.CharField(_("template"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    # What the message is about (a task, a meeting, …), so that it can be found from there.
    concerning_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    concerning_id = models.PositiveBigIntegerField(null=True, blank=True)
    concerning = GenericForeignKey("concerning_type", "concerning_id")
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Carries a secret such as a sign-in code: hidden in the outbox, wiped once sent."),
    )
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["to", "-created_at"]),
            models.Index(fields=["concerning_type", "concerning_id"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


def attachment_path(instance: "OutboxAttachment", filename: str) -> str:
    return f"outbox/{instance.message_id}/{filename}"


class OutboxAttachment(models.Model):
    """A file sent with a message, kept so that what was sent can be shown and sent again."""

    message = models.ForeignKey(
        OutboxMessage, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100, default="application/octet-stream")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class MailTemplate(TimeStampedModel):
    """The secretary's version of a kind of e-mail; a kind without a row uses its built-in text."""

    key = models.CharField(_("kind"), max_length=100, unique=True)
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=255)
    body_nl = models.TextField(_("text (Dutch)"))
    subject_en = models.CharField(_("subject (English)"), max_length=255)
    body_en = models.TextField(_("text (English)"))
    auto_send = models.BooleanField(
        _("send automatically"),
        default=True,
        help_text=_("Off: messages of this kind wait in the outbox until the secretary has reviewed them."),
    )

    class Meta:
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")
        ordering = ["key"]

    def __str__(self):
        return self.key
