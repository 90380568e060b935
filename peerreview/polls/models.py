"""A date poll per review meeting: candidate dates, the people asked, and their answers.

People answer through a personal link without an account. The link's token is a secret only its
holder knows: the database keeps its SHA-256 hash, so that a copy of the database (or the outbox,
whose copy of the link is wiped once sent) opens nobody's poll. Sending the link again issues a new
token and the old link stops working.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import ReviewMeeting
from peerreview.meetings.models import Attendee, PanelMember
from peerreview.polls.enums import AnswerChoice, ParticipantKind, PollState


class DatePoll(TimeStampedModel):
    """The poll that chooses a meeting's date; closed when the date is fixed."""

    meeting = models.OneToOneField(
        ReviewMeeting, on_delete=models.CASCADE, related_name="date_poll", verbose_name=_("meeting")
    )
    state = models.CharField(_("state"), max_length=10, choices=PollState.choices, default=PollState.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The service refuses to remove the fixed candidate; SET_NULL only lets a deleted meeting cascade.
    fixed_candidate = models.ForeignKey(
        "CandidateDate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed date"),
    )
    fixed_at = models.DateTimeField(_("date fixed on"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The SEQUENCE of the last invitations' calendar event: empty until they are first sent, then
    # 0, 1, … so that a calendar replaces its entry when a changed date is sent again.
    invitation_sequence = models.PositiveIntegerField(_("invitation version"), null=True, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")
        ordering = ["meeting__date", "meeting__name"]

    def __str__(self):
        return _("Date poll for %(meeting)s") % {"meeting": self.meeting}

    @property
    def is_open(self) -> bool:
        return self.state == PollState.OPEN


class CandidateDate(TimeStampedModel):
    """A date the meeting could be held on, with its times (the meeting's unless set otherwise)."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("poll"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("candidate date")
        verbose_name_plural = _("candidate dates")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(
                "poll",
                "date",
                name="candidatedate_unique_per_poll",
                violation_error_message=_("This date is already in the poll."),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting must end after it starts.")})


class Participant(TimeStampedModel):
    """One person asked: an attendee nominated by a network, the chair or the expert."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="participants", verbose_name=_("poll"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("asked as"), max_length=20, choices=ParticipantKind.choices)
    attendee = models.ForeignKey(
        Attendee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("attendee")
    )
    panel_member = models.ForeignKey(
        PanelMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair or expert"),
    )
    # SHA-256 of the personal link's token (hex); empty until the first link is sent.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(_("link sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "poll",
                Lower("email"),
                name="participant_email_unique_per_poll",
                violation_error_message=_("This person is already asked in this poll (same e-mail address)."),
            )
        ]

    def __str__(self):
        return self.name


class Answer(models.Model):
    """A participant's answer for one candidate date; answering again replaces it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="answers", verbose_name=_("participant")
    )
    candidate = models.ForeignKey(
        CandidateDate, on_delete=models.CASCADE, related_name="answers", verbose_name=_("candidate date")
    )
    choice = models.CharField(_("answer"), max_length=20, choices=AnswerChoice.choices)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["candidate__date", "pk"]
        constraints = [
            models.UniqueConstraint("participant", "candidate", name="answer_unique_per_participant_candidate"),
        ]

    def __str__(self):
        return f"{self.participant} – {self.candidate}: {self.get_choice_display()}"
