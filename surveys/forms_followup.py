"""Forms of the follow-up questionnaire. They validate; surveys.services_followup saves.

The coordinator's page is one form made of one small form per action point (prefixed
``item-<pk>``) and one for the exchange question, each carrying the version of the row it edits,
so that two coordinators answering different action points never collide and one who answers
the same action point as someone else is shown what the other saved instead of overwriting it.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networks.io import ImportForm
from networks.models import Network
from peerreview.core.forms import StaleEditMixin
from peerreview.cycles.models import Cycle
from surveys.enums import ActionPointState, ExchangeAnswer
from surveys.models import FollowUp, FollowUpItem, FollowUpSettings, PreviousActionPoint


def _submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class AnswerForm(StaleEditMixin):
    """A part of the coordinator's page: refuses a stale edit only when it would change what the
    other person saved. A part posted unchanged over someone else's newer answer is simply left alone."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.stale_changes:
                raise
            return self.cleaned_data

    @property
    def changed(self) -> bool:
        """Whether saving this part would change the saved row (its version does not count)."""
        return any(name != "version" for name in self.changed_data)


class FollowUpItemForm(AnswerForm, forms.ModelForm):
    class Meta:
        model = FollowUpItem
        fields = ["state", "comment"]
        widgets = {"state": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"item-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        # Radio buttons without the empty "------" choice; unanswered is allowed until submission.
        self.fields["state"].choices = ActionPointState.choices


class FollowUpExchangeForm(AnswerForm, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["exchange", "exchange_explanation"]
        widgets = {"exchange": forms.RadioSelect, "exchange_explanation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "exchange_explanation": _(
                "For example: with which networks, on which themes, and whether the last review led to it."
            )
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "exchange")
        super().__init__(*args, **kwargs)
        self.fields["exchange"].choices = ExchangeAnswer.choices


class FollowUpSettingsForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = FollowUpSettings
        fields = ["deadline", "reminder_days"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"deadline": _("The playbook asks for the answers in October.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _submit_helper(_("Save"))


class ActionPointForm(StaleEditMixin, forms.ModelForm):
    """An action point of the previous cycle for one network; also validates each row of an import."""

    class Meta:
        model = PreviousActionPoint
        fields = ["text", "who", "due"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"who": _("A person, a role or an organisation; leave empty if not known.")}

    def __init__(self, *args, network: Network, cycle: Cycle | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        if cycle is not None:
            self.instance.cycle = cycle
        self.helper = _submit_helper(_("Save"))


class ActionPointImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV or XLSX file with a heading row and one action point per row, for any of the cycle's networks."
        )
