from django.db import models
from django.utils.translation import gettext_lazy as _


class TieKind(models.TextChoices):
    """What ties a chair or expert may have with the networks (the declaration of interests)."""

    WORKS_AT = "works_at", _("works for the network or at one of its partner schools or institutions")
    BOARD = "board", _("member of the network's board or steering group")
    COMMITTEE = "committee", _("sat on an assessment committee of the networks")
    OTHER = "other", _("other tie")


# Being involved with a network: what the playbook's "independent expert" must not be.
INVOLVEMENT_KINDS = frozenset({TieKind.WORKS_AT, TieKind.BOARD})


class ChecklistItemKind(models.TextChoices):
    """The host's logistics (playbook, November: "room, catering, parking passes"), plus the projector."""

    ROOM = "room", _("Book the room")
    CATERING = "catering", _("Arrange the catering")
    PARKING = "parking", _("Reserve parking passes")
    AV = "av", _("Projector and sound (AV)")
    OTHER = "other", _("Other")


# The standard items every host checklist starts with, each with its due date in days before the
# meeting: a room is booked well ahead, catering and parking once numbers are known, AV last.
STANDARD_ITEMS = (
    (ChecklistItemKind.ROOM, 42),
    (ChecklistItemKind.CATERING, 14),
    (ChecklistItemKind.PARKING, 14),
    (ChecklistItemKind.AV, 7),
)
