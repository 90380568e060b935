"""Forms of the secretary's side of the preparation: the themes of a cycle. They validate;
surveys.services saves."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from peerreview.core.forms import StaleEditMixin
from peerreview.cycles.models import Cycle
from surveys.models import Theme


class ThemeForm(StaleEditMixin, forms.ModelForm):
    """A theme's names and hints; a new theme gets a key from its name and goes last."""

    class Meta:
        model = Theme
        fields = ["name", "name_en", "hints"]
        widgets = {"hints": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cycle = cycle
        if self.instance.pk is None:
            last = Theme.objects.filter(cycle=cycle).aggregate(last=Max("position"))["last"] or 0
            self.instance.position = last + 10
        if self.instance.is_own:
            self.fields["name"].help_text = _(
                "Each network names this theme itself; this is the heading it has until then."
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Theme.objects.filter(cycle=self.instance.cycle, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This cycle already has a theme with this name."), code="duplicate_name")
        return name

    def clean_name_en(self):
        return " ".join(self.cleaned_data["name_en"].split())

    def clean_hints(self):
        lines = (line.strip() for line in self.cleaned_data["hints"].splitlines())
        return "\n".join(line for line in lines if line)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("name"):
            self.instance.key = self._unique_key(cleaned["name"])
        return cleaned

    def _unique_key(self, name: str) -> str:
        base = slugify(name)[:40] or "thema"
        taken = set(Theme.objects.filter(cycle=self.instance.cycle).values_list("key", flat=True))
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        return key


class ThemeMoveForm(forms.Form):
    """Moves a theme one place up or down; ``moved`` lists the themes whose position changed."""

    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.moved: list[Theme] = []

    def clean(self):
        cleaned = super().clean()
        direction = cleaned.get("direction")
        if direction is None:
            return cleaned
        # Retired themes keep their place too, so that restoring one puts it back where it was.
        themes = list(Theme.objects.filter(cycle_id=self.theme.cycle_id).order_by("position", "pk"))
        index = next(i for i, theme in enumerate(themes) if theme.pk == self.theme.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(themes):
            themes[index], themes[other] = themes[other], themes[index]
        # Renumber the whole list, so that equal positions cannot keep a theme in place.
        for number, theme in enumerate(themes, start=1):
            if theme.position != number * 10:
                theme.position = number * 10
                self.moved.append(theme)
        return cleaned
