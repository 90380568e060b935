"""Forms of the attendee pages. They validate; peerreview.meetings.services saves."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import Contact, Network
from peerreview.core.forms import StaleEditMixin
from peerreview.cycles.models import ReviewMeeting
from peerreview.meetings import selectors
from peerreview.meetings.models import Attendee


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
