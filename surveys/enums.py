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
