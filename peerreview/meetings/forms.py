"""Forms of the meetings pages (attendees, chair and expert, host checklist). They validate; the
services save."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import Contact, Network
from peerreview.core.forms import StaleEditMixin
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings import selectors
from peerreview.meetings.enums import ChecklistItemKind
from peerreview.meetings.models import Attendee, Declaration, HostChecklistItem, PanelMember, Tie


def _helper(submit_label, action: str = "") -> FormHelper:
    helper = FormHelper()
    if action:
        helper.form_action = action
    helper.add_input(Submit("submit", submit_label))
    return helper


class AttendeeForm(StaleEditMixin, forms.ModelForm):
    """A new person on the list (optionally also saved as a contact of the network), or one edited."""

    save_as_contact = forms.BooleanField(
        label=_("Also save this person as a contact of the network"), required=False, initial=True
    )

    class Meta:
        model = Attendee
        fields = ["name", "email", "organisation", "institution", "roles", "working_days"]

    def __init__(self, *args, meeting: ReviewMeeting, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting, self.instance.network = meeting, network
        self.fields["institution"].queryset = selectors.ho_institutions_of(network)
        self.fields["institution"].empty_label = _("– none –")
        if self.instance.pk:
            del self.fields["save_as_contact"]
        self.helper = _helper(_("Save"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        duplicates = Attendee.objects.filter(
            meeting=self.instance.meeting, network=self.instance.network, email__iexact=email
        ).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError(
                _("This person is already on the list (same e-mail address)."), code="duplicate_email"
            )
        return email


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, contact: Contact) -> str:
        details = [contact.organisation, contact.get_roles_display()]
        label = " · ".join([contact.name, *(d for d in details if d)])
        if not contact.email:
            return f"{label} ({gettext('no e-mail address')})"
        return f"{label} <{contact.email}>"


class AddContactsForm(forms.Form):
    """A checkbox per contact of the network not on the list yet."""

    contacts = ContactChoiceField(
        label=_("Contacts of the network"), queryset=Contact.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting: ReviewMeeting, network: Network, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = selectors.addable_contacts(meeting, network)
        self.helper = _helper(_("Add the chosen contacts"), action)


class ExceptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the exception"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the university's coordinator is on leave and nobody replaces them this time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Accept the exception"))


# Chair and expert


class PanelMemberForm(StaleEditMixin, forms.ModelForm):
    """The chair or the expert, for every meeting of the cycle or for one. The role is chosen once."""

    class Meta:
        model = PanelMember
        fields = ["role", "meeting", "name", "email", "organisation", "working_days"]

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cycle = cycle
        self.fields["meeting"].queryset = cycle.meetings.order_by("date", "name")
        self.fields["meeting"].empty_label = _("– every meeting of the cycle –")
        if self.instance.pk:
            del self.fields["role"]
        self.helper = _helper(_("Save"))


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["truthful", "declared_on"]
        widgets = {"declared_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["truthful"].required = True
        self.fields["truthful"].error_messages["required"] = _(
            "Confirm that you declare your ties with the networks truthfully and completely."
        )


class TieForm(forms.ModelForm):
    class Meta:
        model = Tie
        fields = ["network", "kind", "description", "years"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.order_by("name")
        self.fields["network"].empty_label = _("– no single network –")


class BaseTieFormSet(forms.BaseModelFormSet):
    def kept_ties(self) -> list[Tie]:
        """The ties the declaration keeps: existing ones not marked for removal, and new ones filled in."""
        return [
            form.instance
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]


TieFormSet = forms.modelformset_factory(Tie, form=TieForm, formset=BaseTieFormSet, extra=2, can_delete=True)


# Host checklist


class ChecklistItemForm(StaleEditMixin, forms.ModelForm):
    """A free item (with its title), or a standard one (named by its kind): due days and a note."""

    class Meta:
        model = HostChecklistItem
        fields = ["title", "days_before", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: ReviewMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        if self.instance.pk and self.instance.kind != ChecklistItemKind.OTHER:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
        self.helper = _helper(_("Save"))


class VenueForm(forms.Form):
    location = forms.CharField(
        label=_("Address and room"),
        max_length=300,
        required=False,
        help_text=_("For example: Hogeschool Zeeland, Edisonweg 4, Vlissingen, room B1.12."),
    )
    directions = forms.CharField(
        label=_("Directions and parking"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How to get there and where to park (with the parking passes); this goes into the invitations."),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the venue"), action)
