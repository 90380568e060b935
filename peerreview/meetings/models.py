"""Who comes to a review meeting and where it is held.

The attendees and the network's nomination; the chair and the independent expert with their
declarations of interests; the host network's checklist and the venue's directions.


The playbook asks each network in October for "at least the coordinators / representatives of all
HO institutions involved in the network and one or more VO teachers and/or school leaders; their
names, e-mail addresses and working days". An attendee is a copy of that person's details for one
meeting (taken from the network's contacts or typed in), so that later edits of the contact do not
silently change who was nominated; the working days feed the date polls.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from networks.enums import ContactRole, Weekday
from networks.models import Contact, Institution, Network, PersonDisplayMixin
from peerreview.core.fields import ChoiceListField
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import ReviewMeeting
from peerreview.meetings.enums import ChecklistItemKind, TieKind


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


class Attendee(PersonDisplayMixin, TimeStampedModel):
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


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    EXPERT = "expert", _("independent expert")


class PanelMember(PersonDisplayMixin, TimeStampedModel):
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


class Declaration(TimeStampedModel):
    """A chair's or expert's declaration of interests: their ties with the networks, declared truthfully.

    Filled in by the person when signed in, or by the secretary on their behalf (``declared_by``
    tells which). The product warns about ties the playbook's rule forbids; it does not refuse them,
    because the secretary weighs them (see ``selectors.panel_warnings``).
    """

    member = models.OneToOneField(
        PanelMember, on_delete=models.CASCADE, related_name="declaration", verbose_name=_("chair or expert")
    )
    truthful = models.BooleanField(
        _("I declare my ties with the networks truthfully and completely"),
        default=False,
    )
    declared_on = models.DateField(_("date of the declaration"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled in by"),
    )

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")

    def __str__(self):
        return str(self.member)

    @property
    def on_behalf(self) -> bool:
        """Filled in by someone else (the secretary) than the person it declares for."""
        return self.declared_by_id is not None and self.declared_by_id != self.member.user_id


class Tie(TimeStampedModel):
    """One declared tie: with a network of the registry (or none), of a kind, described, in some years."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="ties", verbose_name=_("declaration")
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
        help_text=_("Leave empty for a tie with no single network, such as an assessment committee."),
    )
    kind = models.CharField(_("kind of tie"), max_length=20, choices=TieKind.choices)
    description = models.TextField(_("description"), max_length=1000)
    years = models.CharField(_("years"), max_length=40, blank=True, help_text=_("For example 2014–2016."))

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["declaration", "pk"]

    def __str__(self):
        return self.description

    def clean(self):
        super().clean()
        self.description = (self.description or "").strip()
        self.years = (self.years or "").strip()


class HostChecklistItem(TimeStampedModel):
    """One thing the host network arranges for a meeting, due some days before it.

    The due date is kept as days before the meeting, so that it follows the meeting when its date
    moves, and there is none while the meeting has no date.
    """

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="host_checklist_items", verbose_name=_("meeting")
    )
    kind = models.CharField(
        _("item"), max_length=20, choices=ChecklistItemKind.choices, default=ChecklistItemKind.OTHER
    )
    title = models.CharField(_("what"), max_length=200, blank=True)
    days_before = models.PositiveSmallIntegerField(
        _("due (days before the meeting)"), validators=[MaxValueValidator(365)]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        verbose_name = _("host checklist item")
        verbose_name_plural = _("host checklist items")
        # The earliest due first.
        ordering = ["meeting", "-days_before", "pk"]
        constraints = [
            models.UniqueConstraint(
                "meeting",
                "kind",
                condition=~models.Q(kind=ChecklistItemKind.OTHER),
                name="hostchecklistitem_standard_once_per_meeting",
                violation_error_message=_("This meeting's checklist already has this item."),
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        self.title = (self.title or "").strip()
        if self.kind == ChecklistItemKind.OTHER and not self.title:
            raise ValidationError({"title": _("Say what is to be arranged.")}, code="required")

    @property
    def label(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def due_date(self) -> date | None:
        if self.meeting.date is None:
            return None
        return self.meeting.date - timedelta(days=self.days_before)


class MeetingVenue(TimeStampedModel):
    """How to get to the meeting: directions and parking, written by the host for the invitations.

    The address itself is the meeting's ``location`` (kept by the cycles app); this holds the rest.
    """

    meeting = models.OneToOneField(
        ReviewMeeting, on_delete=models.CASCADE, related_name="venue", verbose_name=_("meeting")
    )
    directions = models.TextField(_("directions and parking"), max_length=2000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return str(self.meeting)
