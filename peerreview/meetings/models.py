"""Who comes to a review meeting for each network: the attendees and the network's nomination.

The playbook asks each network in October for "at least the coordinators / representatives of all
HO institutions involved in the network and one or more VO teachers and/or school leaders; their
names, e-mail addresses and working days". An attendee is a copy of that person's details for one
meeting (taken from the network's contacts or typed in), so that later edits of the contact do not
silently change who was nominated; the working days feed the date polls.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from networks.enums import ContactRole, Weekday
from networks.models import Contact, Institution, Network
from peerreview.core.fields import ChoiceListField
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import ReviewMeeting


class AttendeeList(TimeStampedModel):
    """A network's nomination for a meeting: whether it was handed in, and the secretary's exception.

    Made on the first change to the network's attendees of that meeting.
    """

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="attendee_lists", verbose_name=_("meeting")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="attendee_lists", verbose_name=_("network")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exception_accepted = models.BooleanField(_("exception accepted"), default=False)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exception_at = models.DateTimeField(_("exception accepted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee list")
        verbose_name_plural = _("attendee lists")
        ordering = ["meeting", "network__name"]
        constraints = [
            models.UniqueConstraint("meeting", "network", name="attendeelist_unique_per_meeting_network"),
        ]

    def __str__(self):
        return f"{self.network} – {self.meeting}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_in(self) -> bool:
        """Counts as handed in for the playbook's task: submitted, or excused by the secretary."""
        return self.is_submitted or self.exception_accepted


class Attendee(TimeStampedModel):
    """One person a network sends to a meeting."""

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("network"))
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("taken from contact"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Which of the network's HO institutions this person comes for. Chosen from a list rather than
    # matched on the free-text organisation, so that "UU" and "Universiteit Utrecht" are not two
    # institutions to the rule; taken from the organisation when it is exactly an institution's name.
    institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("HO institution represented"),
        help_text=_("For a coordinator or HO representative: the institution they attend for."),
    )
    roles = ChoiceListField(_("roles"), choices_enum=ContactRole)
    working_days = ChoiceListField(
        _("working days"),
        choices_enum=Weekday,
        help_text=_("The weekdays this person works; used to pick the meeting date."),
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "meeting",
                "network",
                Lower("email"),
                name="attendee_email_unique_per_meeting_network",
                violation_error_message=_("This person is already on the list (same e-mail address)."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        self.name = (self.name or "").strip()

    def get_roles_display(self) -> str:
        return ", ".join(str(ContactRole(r).label) for r in self.roles)

    def get_working_days_display(self) -> str:
        return ", ".join(str(Weekday(d).label) for d in self.working_days)


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    EXPERT = "expert", _("independent expert")


class PanelMember(TimeStampedModel):
    """The chair or the independent expert of a cycle, or of one meeting of it.

    A member without a meeting serves every meeting of the cycle that has no member of that role of
    its own. Linked to a user account (by e-mail) so that the chair can review agendas in the product.
    """

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="panel_members", verbose_name=_("cycle")
    )
    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="panel_members",
        verbose_name=_("meeting"),
        help_text=_("Leave empty when this person serves every meeting of the cycle."),
    )
    role = models.CharField(_("role"), max_length=20, choices=PanelRole.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    working_days = ChoiceListField(
        _("working days"),
        choices_enum=Weekday,
        help_text=_("The weekdays this person works; used to pick the meeting date."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_memberships",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("chair or expert")
        verbose_name_plural = _("chairs and experts")
        ordering = ["role", "meeting__date", "name"]
        constraints = [
            models.UniqueConstraint(
                "cycle",
                "role",
                condition=models.Q(meeting__isnull=True),
                name="panelmember_one_per_role_per_cycle",
                violation_error_message=_("This cycle already has someone in this role for all its meetings."),
            ),
            models.UniqueConstraint(
                "meeting",
                "role",
                name="panelmember_one_per_role_per_meeting",
                violation_error_message=_("This meeting already has someone in this role."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        self.name = (self.name or "").strip()

    def get_working_days_display(self) -> str:
        return ", ".join(str(Weekday(d).label) for d in self.working_days)
