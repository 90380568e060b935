"""A cycle, its timeline (the playbook's tasks with real dates), its meetings' dates, and reminders.

The meetings live here as far as the timeline needs them (which networks, when, where, who
hosts): their dates drive the "3 weeks before" and "after the meeting" tasks. What happens in and
around a meeting (polls, agenda, minutes) belongs to ``meetings``.
"""

import calendar
import datetime as dt
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.enums import (
    MONTH_CHOICES,
    Anchor,
    Owner,
    ReminderKind,
    ReminderState,
    TaskState,
)


def month_due_date(cycle_year: int, month: int) -> date:
    """The last day of a cycle month: October–December fall in the year before the cycle's year."""
    year = cycle_year - 1 if month >= 10 else cycle_year
    return date(year, month, calendar.monthrange(year, month)[1])


class TranslatedTitleMixin:
    @property
    def display_title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title


class PlaybookStep(TranslatedTitleMixin, TimeStampedModel):
    """A row of the playbook template; creating a cycle turns every active row into tasks."""

    key = models.SlugField(
        _("key"),
        max_length=50,
        blank=True,
        help_text=_("Lets the product tick this task off by itself when the work is done in it."),
    )
    title = models.CharField(_("what (Dutch)"), max_length=300)
    title_en = models.CharField(_("what (English)"), max_length=300, blank=True)
    description = models.TextField(_("notes"), blank=True)
    owner = models.CharField(_("owner"), max_length=20, choices=Owner.choices)
    anchor = models.CharField(_("when"), max_length=20, choices=Anchor.choices, default=Anchor.MONTH)
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES, null=True, blank=True)
    offset_days = models.SmallIntegerField(
        _("days from the meeting"),
        default=0,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("For tasks tied to a meeting: negative before, positive after the meeting date."),
    )
    optional = models.BooleanField(_("optional"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("playbook step")
        verbose_name_plural = _("playbook steps")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_title

    def clean(self):
        super().clean()
        if self.anchor == Anchor.MONTH and not self.month:
            raise ValidationError({"month": _("Choose the month in which this happens.")})
        if self.anchor != Anchor.MONTH:
            self.month = None
            if self.anchor == Anchor.BEFORE_MEETING and self.offset_days > 0:
                raise ValidationError({"offset_days": _("Before the meeting means zero or fewer days.")})
            if self.anchor == Anchor.AFTER_MEETING and self.offset_days < 0:
                raise ValidationError({"offset_days": _("After the meeting means zero or more days.")})
        else:
            self.offset_days = 0


class Cycle(TimeStampedModel):
    """One biennial round, October of the year before to June of its year."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("previous cycle"),
    )
    networks = models.ManyToManyField(
        Network, related_name="cycles", blank=True, verbose_name=_("participating networks")
    )
    preparation_deadline_days = models.PositiveSmallIntegerField(
        _("preparation deadline (days before the meeting)"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    preparation_reminder_days = models.PositiveSmallIntegerField(
        _("preparation reminder (days before the deadline)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    task_reminder_days = models.PositiveSmallIntegerField(
        _("task reminder (days before a task is due)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    report_recipients = models.JSONField(
        _("recipients of the slim report"),
        default=list,
        blank=True,
        help_text=_("E-mail addresses, for example of the ministry (OCW)."),
    )

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year"]

    def __str__(self):
        return _("Cycle %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("cycles:detail", kwargs={"year": self.year})

    def clean(self):
        super().clean()
        if self.previous_id and self.previous.year >= self.year:
            raise ValidationError({"previous": _("The previous cycle must come before this one.")})

    @property
    def starts_on(self) -> date:
        return date(self.year - 1, 10, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 6, 30)


class ReviewMeeting(TimeStampedModel):
    """A meeting of a group of networks, as far as the timeline needs it: who, when, where."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("cycle"))
    name = models.CharField(_("name"), max_length=120)
    networks = models.ManyToManyField(Network, related_name="review_meetings", verbose_name=_("networks"))
    host_network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host network"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start"), default=time(13, 0))
    end_time = models.TimeField(_("end"), default=time(16, 0))
    location = models.CharField(_("location"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["cycle", "date", "name"]
        constraints = [models.UniqueConstraint("cycle", "name", name="meeting_name_unique_per_cycle")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cycles:meeting", kwargs={"year": self.cycle.year, "pk": self.pk})

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting must end after it starts.")})

    @property
    def preparation_deadline(self) -> dt.date | None:
        if self.date is None:
            return None
        return self.date - timedelta(days=self.cycle.preparation_deadline_days)


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=TaskState.OPEN)

    def overdue(self, today: date):
        return self.open().filter(due_date__lt=today)


class Task(TranslatedTitleMixin, TimeStampedModel):
    """A playbook row made real for one cycle (and, when tied to a meeting, one meeting)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("cycle"))
    step = models.ForeignKey(
        PlaybookStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("step")
    )
    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("meeting"),
    )
    key = models.SlugField(_("key"), max_length=50, blank=True)
    title = models.CharField(_("what (Dutch)"), max_length=300)
    title_en = models.CharField(_("what (English)"), max_length=300, blank=True)
    description = models.TextField(_("notes"), blank=True)
    owner = models.CharField(_("owner"), max_length=20, choices=Owner.choices)
    anchor = models.CharField(_("when"), max_length=20, choices=Anchor.choices, default=Anchor.MONTH)
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES, null=True, blank=True)
    offset_days = models.SmallIntegerField(_("days from the meeting"), default=0)
    optional = models.BooleanField(_("optional"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    due_date = models.DateField(_("due"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=TaskState.choices, default=TaskState.OPEN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    completed_at = models.DateTimeField(_("on"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "position", "pk"]
        indexes = [models.Index(fields=["cycle", "state", "due_date"])]

    def __str__(self):
        if self.meeting_id:
            return f"{self.display_title} ({self.meeting})"
        return self.display_title

    def is_overdue(self, today: date) -> bool:
        return self.state == TaskState.OPEN and self.due_date is not None and self.due_date < today


class Reminder(models.Model):
    """A mail to be sent at a due time, claimed by the periodic dispatcher; its key makes it unique."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=40, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    concerning = GenericForeignKey("object_type", "object_id")
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(_("state"), max_length=20, choices=ReminderState.choices, default=ReminderState.PENDING)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    message = models.ForeignKey(
        "mail.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "cycle", "kind", "recipient", "object_type", "object_id", name="reminder_unique_key"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_at:%Y-%m-%d})"
