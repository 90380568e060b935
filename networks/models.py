"""The registry: networks, their partner institutions and schools, and the people who act for them."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from networks.enums import ContactRole, InstitutionKind, Weekday
from peerreview.core.fields import ChoiceListField
from peerreview.core.models import TimeStampedModel

# A BRIN code: two digits and two letters (e.g. 12AB), optionally a two-digit branch number.
BRIN_PATTERN = re.compile(r"^\d{2}[A-Z]{2}(\d{2})?$")
MAX_CONTRIBUTION = Decimal("1000000")


def validate_brin(value: str) -> None:
    if not BRIN_PATTERN.match(value or ""):
        raise ValidationError(
            _("A BRIN code is two digits and two letters, such as 12AB (optionally followed by two digits)."),
            code="invalid_brin",
        )


# Paths under /networks/ that are pages of their own, so no network may take them as its slug.
RESERVED_SLUGS = frozenset({"new", "institutions", "schools"})


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This short name is reserved; choose another."), code="reserved_slug")


class Network(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("short name (in web addresses)"), max_length=60, unique=True, validators=[validate_slug_not_reserved]
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:detail", kwargs={"slug": self.slug})


class Institution(TimeStampedModel):
    """A higher-education institution, company or other organisation partnering in networks."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    town = models.CharField(_("town"), max_length=100, blank=True)
    networks = models.ManyToManyField(
        Network, related_name="institutions", blank=True, verbose_name=_("partner in networks")
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    brin_code = models.CharField(
        _("BRIN code"),
        max_length=6,
        unique=True,
        validators=[validate_brin],
        help_text=_("Two digits and two letters, such as 12AB."),
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    offers_havo = models.BooleanField(_("havo"), default=True)
    offers_vwo = models.BooleanField(_("vwo"), default=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.brin_code})"

    def clean_fields(self, exclude=None):
        # Normalise before the BRIN validator runs, so "12ab" is the same school as "12AB".
        self.brin_code = (self.brin_code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if not (self.offers_havo or self.offers_vwo):
            raise ValidationError(_("A school in the registry offers havo, vwo or both."), code="no_level")


class PartnerSchool(TimeStampedModel):
    """A school's membership of a network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="partner_schools", verbose_name=_("network")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("school"))
    tier = models.CharField(
        _("tier"), max_length=60, blank=True, help_text=_("For example Open, Connectie or Ambitie.")
    )
    yearly_contribution = models.DecimalField(
        _("yearly contribution (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_CONTRIBUTION)],
    )
    agreement_since = models.DateField(_("agreement since"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner school")
        verbose_name_plural = _("partner schools")
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "school"],
                name="partnerschool_unique_per_network",
                violation_error_message=_("This school is already a partner school of this network."),
            )
        ]

    def __str__(self):
        return f"{self.school} – {self.network}"


class PersonDisplayMixin:
    """How a person's roles and working days read on a page (contacts, attendees, chair and expert)."""

    def get_roles_display(self) -> str:
        return ", ".join(str(ContactRole(r).label) for r in self.roles)

    def get_working_days_display(self) -> str:
        return ", ".join(str(Weekday(d).label) for d in self.working_days)


class Contact(PersonDisplayMixin, TimeStampedModel):
    """A person acting for a network. Linked to a user account when they sign in."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("network"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    roles = ChoiceListField(_("roles"), choices_enum=ContactRole)
    working_days = ChoiceListField(
        _("working days"),
        choices_enum=Weekday,
        help_text=_("The weekdays this person works; used to pick meeting dates."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "network",
                Lower("email"),
                name="contact_email_unique_per_network",
                violation_error_message=_("This network already has a contact with this e-mail address."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    @property
    def is_coordinator(self) -> bool:
        return ContactRole.COORDINATOR in self.roles
