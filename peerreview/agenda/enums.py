from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotKind(models.TextChoices):
    """The parts of the default agenda (Tabel 2 of the 2016 report)."""

    OPENING = "opening", _("opening")
    BLOCK = "block", _("presentations and dialogue")
    BREAK = "break", _("break")
    CLOSING = "closing", _("closing")


class ItemKind(models.TextChoices):
    OPENING = "opening", _("opening")
    QUESTION = "question", _("learning question")
    BREAK = "break", _("break")
    CLOSING = "closing", _("closing")
    FREE = "free", _("other item")


class AgendaState(models.TextChoices):
    DRAFT = "draft", _("draft")
    WITH_CHAIR = "with_chair", _("with the chair")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")


class Decision(models.TextChoices):
    PENDING = "pending", _("waiting for the chair")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    SUPERSEDED = "superseded", _("replaced by a later version")
