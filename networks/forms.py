"""Forms of the registry. They validate; the services in networks.services save."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from networks.models import Contact, Institution, Network, PartnerSchool, School
from peerreview.core.forms import StaleEditMixin


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class NetworkForm(StaleEditMixin, forms.ModelForm):
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = Network
        fields = ["name", "slug", "region", "founded_year", "website", "latitude", "longitude", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class InstitutionForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "town", "networks"]
        widgets = {"networks": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = Network.objects.order_by("name")
        self.helper = _helper(_("Save"))


class SchoolForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "brin_code", "town", "offers_havo", "offers_vwo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean_brin_code(self):
        return self.cleaned_data["brin_code"].strip().upper()


class ContactForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "organisation", "roles", "working_days"]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        self.helper = _helper(_("Save"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        duplicates = Contact.objects.filter(network=self.network, email__iexact=email).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError(
                _("This network already has a contact with this e-mail address."), code="duplicate_email"
            )
        return email


class PartnerSchoolForm(StaleEditMixin, forms.ModelForm):
    """A partnership together with the school it is about.

    A new BRIN code adds the school to the registry; a known one links the existing school. When
    editing, the school's details are shown but only the secretary changes them (in the school list).
    """

    school_name = forms.CharField(
        label=capfirst(_("school name")),
        max_length=200,
        required=False,
        help_text=_("Not needed when the BRIN code is already in the registry."),
    )
    brin_code = forms.CharField(
        label=capfirst(_("BRIN code")), max_length=6, help_text=_("Two digits and two letters, such as 12AB.")
    )
    town = forms.CharField(label=capfirst(_("town")), max_length=100, required=False)
    offers_havo = forms.BooleanField(label=_("havo"), required=False, initial=True)
    offers_vwo = forms.BooleanField(label=_("vwo"), required=False, initial=True)

    school_fields = ["school_name", "brin_code", "town", "offers_havo", "offers_vwo"]

    class Meta:
        model = PartnerSchool
        fields = ["tier", "yearly_contribution", "agreement_since"]
        widgets = {"agreement_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        self.order_fields([*self.school_fields, *self.Meta.fields])
        if self.instance.pk:
            school = self.instance.school
            for name, value in zip(
                self.school_fields,
                [school.name, school.brin_code, school.town, school.offers_havo, school.offers_vwo],
                strict=True,
            ):
                self.fields[name].initial = value
                self.fields[name].disabled = True
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.school = self.instance.school
            return cleaned
        brin = (cleaned.get("brin_code") or "").strip().upper()
        known = School.objects.filter(brin_code=brin).first() if brin else None
        if known is not None:
            # A school the registry already has: link it as it is, whatever details were typed.
            self.school = known
        else:
            self.school = School(
                name=cleaned.get("school_name", ""),
                brin_code=brin,
                town=cleaned.get("town", ""),
                offers_havo=cleaned.get("offers_havo", False),
                offers_vwo=cleaned.get("offers_vwo", False),
            )
            self._validate_new_school()
        if brin and PartnerSchool.objects.filter(network=self.network, school__brin_code=brin).exists():
            self.add_error("brin_code", _("This school is already a partner school of this network."))
        return cleaned

    def _validate_new_school(self):
        try:
            self.school.full_clean(validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = "school_name" if field == "name" else field
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
