from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    DRAFT = "draft", _("waiting for review")
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    DISCARDED = "discarded", _("discarded")
