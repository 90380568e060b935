from django.db import models
from django.utils.translation import gettext_lazy as _


class Owner(models.TextChoices):
    SECRETARY = "secretary", _("secretary")
    NETWORKS = "networks", _("networks")
    HOSTS = "hosts", _("host networks")
    CHAIR = "chair", _("chair")


class Anchor(models.TextChoices):
    MONTH = "month", _("in a month")
    BEFORE_MEETING = "before_meeting", _("before each meeting")
    AFTER_MEETING = "after_meeting", _("after each meeting")


class TaskState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ReminderKind(models.TextChoices):
    TASK_DUE = "task_due", _("task due soon")
    TASK_OVERDUE = "task_overdue", _("task overdue")
    PREPARATION = "preparation", _("preparation deadline")
    FOLLOW_UP = "follow_up", _("follow-up questionnaire")
    HOST_CHECKLIST = "host_checklist", _("host checklist item due")


class ReminderState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    CANCELLED = "cancelled", _("no longer needed")
    EXPIRED = "expired", _("too late to send")
    FAILED = "failed", _("could not be written")


# The months of a cycle in order: October of the year before to June of the cycle's year.
CYCLE_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6)
MONTH_CHOICES = [
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
]
