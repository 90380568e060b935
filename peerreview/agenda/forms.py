from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from peerreview.agenda.models import MAX_QUESTIONS_PER_NETWORK, AgendaItem, PresentationFormat, TemplateSlot


class RevisionForm(forms.Form):
    """Every change carries the revision the editor saw, so a stale change is refused, not applied."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DraftForm(forms.Form):
    questions_per_network = forms.TypedChoiceField(
        label=_("Learning questions per network"),
        choices=[(n, n) for n in range(MAX_QUESTIONS_PER_NETWORK, 0, -1)],
        coerce=int,
        help_text=_("Take fewer for more depth per question."),
    )


class ItemForm(RevisionForm, forms.ModelForm):
    practice = forms.TypedChoiceField(label=_("Good practice"), coerce=int, required=False, empty_value=None)

    class Meta:
        model = AgendaItem
        fields = ["title", "minutes", "presenter"]

    def __init__(self, *args, practices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if practices is None:
            del self.fields["practice"]
        else:
            self.fields["practice"].choices = [(0, _("(none)"))] + [
                (p.pk, f"{p.preparation.network.name}: {p.title}") for p in practices
            ]
            self.initial.setdefault("practice", self.instance.good_practice_id or 0)


class FreeItemForm(RevisionForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480)


class OrderForm(RevisionForm):
    order = forms.CharField(widget=forms.HiddenInput)

    def clean_order(self):
        try:
            return [int(pk) for pk in self.cleaned_data["order"].split(",") if pk.strip()]
        except ValueError:
            raise forms.ValidationError(_("The new order could not be read. Reload the page.")) from None


class SendToChairForm(RevisionForm):
    note = forms.CharField(label=_("Note to the chair"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CommentForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    item_index = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class DecisionForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("changes", _("Ask for changes"))])
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class PresentationFormatForm(forms.ModelForm):
    class Meta:
        model = PresentationFormat
        fields = ["text_nl", "text_en"]
        widgets = {"text_nl": forms.Textarea(attrs={"rows": 18}), "text_en": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


TemplateSlotFormSet = modelformset_factory(
    TemplateSlot, fields=["kind", "title", "title_en", "minutes"], extra=1, can_delete=True
)
