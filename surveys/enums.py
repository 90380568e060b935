from django.db import models
from django.utils.translation import gettext_lazy as _

# Section 3.2 of the 2016 report: at least two learning questions, at most four, in order of priority.
MIN_LEARNING_QUESTIONS = 2
MAX_LEARNING_QUESTIONS = 4
# "richtlijn: maximaal 200 woorden per good practice/knelpunt"
MAX_WORDS = 200


class PreparationState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    LATE = "late", _("submitted late")


# The follow-up questionnaire (October): what a network did with the previous cycle's action points.


class ActionPointState(models.TextChoices):
    DONE = "done", _("done")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_STARTED = "not_started", _("not started")
    DROPPED = "dropped", _("dropped")


class ExchangeAnswer(models.TextChoices):
    """ "Has exchange with other networks grown since the last review?" The 2016 report asks it as a
    yes/no question; "partly" lets a network say that it grew with some networks or on some themes."""

    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")


# A follow-up goes through the same states as a preparation: not started, draft, submitted (late).
FollowUpState = PreparationState
