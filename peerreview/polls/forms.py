"""Forms of the date polls. They validate; peerreview.polls.services saves."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from peerreview.polls.enums import AnswerChoice
from peerreview.polls.models import CandidateDate, DatePoll

ANSWER_PREFIX = "answer-"


class CandidateForm(forms.Form):
    """A candidate date; the times may stay empty for the meeting's own."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label=_("Start"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, poll: DatePoll, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = poll.meeting
        self.fields["start_time"].help_text = _("Empty: the meeting's start, %(time)s.") % {
            "time": f"{meeting.start_time:%H:%M}"
        }
        self.fields["end_time"].help_text = _("Empty: the meeting's end, %(time)s.") % {
            "time": f"{meeting.end_time:%H:%M}"
        }
        self.helper = FormHelper()
        self.helper.form_id = "candidate-form"
        self.helper.add_input(Submit("submit", _("Add this date")))


class FixForm(forms.Form):
    candidate = forms.ModelChoiceField(
        label=_("Date"), queryset=CandidateDate.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, poll: DatePoll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = poll.candidates.order_by("date", "start_time", "pk")


class AnswerForm(forms.Form):
    """Yes / if need be / no for each of the poll's dates, in fields named by candidate id.

    A posted field for a date that is not in this person's poll (say, copied from another link)
    makes the whole form invalid, so that nothing of it is stored.
    """

    def __init__(self, *args, candidates: list[CandidateDate], initial_answers: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"{ANSWER_PREFIX}{candidate.pk}"] = forms.ChoiceField(
                label=str(candidate),
                choices=AnswerChoice.choices,
                widget=forms.RadioSelect,
                initial=initial_answers.get(candidate.pk),
                error_messages={"required": _("Choose yes, if need be or no for this date.")},
            )

    def clean(self):
        cleaned = super().clean()
        if any(key.startswith(ANSWER_PREFIX) and key not in self.fields for key in self.data):
            raise forms.ValidationError(
                _(
                    "The answers name a date that is not in your poll, so nothing was saved. Please answer the dates shown."
                ),
                code="foreign_candidate",
            )
        return cleaned

    def rows(self):
        """Each candidate with its bound field, for the page's table."""
        return [(candidate, self[f"{ANSWER_PREFIX}{candidate.pk}"]) for candidate in self.candidates]

    def answers(self) -> dict[int, str]:
        return {candidate.pk: self.cleaned_data[f"{ANSWER_PREFIX}{candidate.pk}"] for candidate in self.candidates}
