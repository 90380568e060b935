"""Forms of the coordinator's preparation page: one small form per good practice or bottleneck,
the own theme's name and the order of the learning questions. They validate; surveys.services saves.

Every entry form on the page keeps the plain field names (``title``, ``description``…) so that
the browser's own form data is what the server reads; ``auto_id`` makes the element ids unique.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveys.enums import MAX_WORDS
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme

GOOD_PRACTICE = "good-practice"
BOTTLENECK = "bottleneck"


def _entry_helper() -> FormHelper:
    helper = FormHelper()
    # The page writes the <form> tag itself: it carries the save URL, the version and the status.
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class EntryForm(forms.ModelForm):
    """Fields of one entry plus the version (``updated_at``) the editor loaded; the theme for a new one."""

    kind = ""
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, preparation: Preparation, theme: Theme | None = None, **kwargs):
        instance = kwargs.get("instance")
        key = f"{self.kind}-{instance.pk}" if instance is not None and instance.pk else f"{self.kind}-new"
        if theme is not None and (instance is None or instance.pk is None):
            key = f"{key}-{theme.pk}"
        kwargs.setdefault("auto_id", f"id_{key}_%s")
        super().__init__(*args, **kwargs)
        self.key = key
        self.preparation = preparation
        self.instance.preparation = preparation
        # Evaluated only when a new entry is validated, never when the page renders.
        self.fields["theme"].queryset = Theme.objects.filter(cycle_id=preparation.cycle_id, active=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
            del self.fields["theme"]
        else:
            self.fields["theme"].required = True
            if theme is not None:
                self.fields["theme"].initial = theme.pk
        for name in self.counted_fields:
            self.fields[name].widget.attrs["data-counted"] = "true"
        self.helper = _entry_helper()

    @property
    def counted_fields(self) -> tuple[str, ...]:
        return self._meta.model.counted_fields

    @property
    def word_count(self) -> int:
        return self.instance.word_count

    @property
    def max_words(self) -> int:
        return MAX_WORDS

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and cleaned.get("theme"):
            self.instance.theme = cleaned["theme"]
        return cleaned

    def _post_clean(self):
        # The model's clean() runs in the service (entry_save → full_clean), with the version check
        # first: a stale save is answered with the other person's text, not with validation errors.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)


class GoodPracticeForm(EntryForm):
    kind = GOOD_PRACTICE

    class Meta:
        model = GoodPractice
        fields = ["title", "description", "lessons", "success_factors", "want_to_present"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "success_factors": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"want_to_present": _("We would like to present this at the peer review meeting")}


class BottleneckForm(EntryForm):
    kind = BOTTLENECK

    class Meta:
        model = Bottleneck
        fields = ["description", "want_to_discuss", "learning_question"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "learning_question": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"want_to_discuss": _("We would like to exchange views on this with other networks")}
        help_texts = {
            "learning_question": _(
                "Only for a bottleneck you want to discuss: a clear question for the other networks "
                "(at least two, at most four in all)."
            )
        }


ENTRY_FORMS: dict[str, type[EntryForm]] = {GOOD_PRACTICE: GoodPracticeForm, BOTTLENECK: BottleneckForm}


def entry_values(entry: GoodPractice | Bottleneck) -> dict:
    """The saved values of an entry's editable fields, as the browser shows them."""
    form_class = ENTRY_FORMS[GOOD_PRACTICE if isinstance(entry, GoodPractice) else BOTTLENECK]
    return {name: getattr(entry, name) for name in form_class._meta.fields}


class OwnThemeForm(forms.Form):
    own_theme_name = forms.CharField(label=_("Name of your own theme"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _entry_helper()


class LearningQuestionOrderForm(forms.Form):
    """Either the whole order (ids, most important first: the script) or one question moved one
    place up or down (the buttons, without the script)."""

    order = forms.TypedMultipleChoiceField(coerce=int, required=False)
    move = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))], required=False)

    def __init__(self, *args, questions: list[Bottleneck], **kwargs):
        super().__init__(*args, **kwargs)
        self.current = [question.pk for question in questions]
        choices = [(pk, pk) for pk in self.current]
        self.fields["order"].choices = choices
        self.fields["move"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("order"):
            order = cleaned["order"]
            if sorted(order) != sorted(self.current):
                raise ValidationError(
                    _("The learning questions changed meanwhile; reload the page and order them again."),
                    code="changed",
                )
        elif cleaned.get("move") is not None and cleaned.get("direction"):
            order = list(self.current)
            index = order.index(cleaned["move"])
            other = index - 1 if cleaned["direction"] == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
        else:
            raise ValidationError(_("Choose a learning question to move."), code="nothing")
        cleaned["new_order"] = order
        return cleaned
