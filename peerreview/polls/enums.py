from django.db import models
from django.utils.translation import gettext_lazy as _


class PollState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class ParticipantKind(models.TextChoices):
    CHAIR = "chair", _("chair")
    EXPERT = "expert", _("independent expert")
    ATTENDEE = "attendee", _("attendee")


# The order people are listed in: the panel first, then the networks' attendees.
KIND_ORDER = {ParticipantKind.CHAIR: 0, ParticipantKind.EXPERT: 1, ParticipantKind.ATTENDEE: 2}


class AnswerChoice(models.TextChoices):
    YES = "yes", _("yes")
    IF_NEED_BE = "if_need_be", _("if need be")
    NO = "no", _("no")
