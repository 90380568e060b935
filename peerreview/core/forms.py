"""Form behaviour shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaleEditMixin(forms.ModelForm):
    """Refuses to overwrite a row that someone else saved after this form was opened.

    The form carries the row's ``updated_at`` as it was when opened. If the row has changed since,
    the save is refused, the fields whose saved value differs from what this person typed are
    listed with the saved value, and the form is armed with the new version: saving again then
    deliberately keeps what this person typed. A form posted without a version (an import) is not
    checked.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self._current_version()

    def _current_version(self) -> str:
        return self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get("version")
        if not self.instance.pk or not posted or posted == self._current_version():
            return cleaned
        self.stale_changes = [
            (self.fields[name].label, self._display(name, self.initial.get(name)))
            for name in self.fields
            if name != "version" and self.fields[name].has_changed(self.initial.get(name), self[name].data)
        ]
        data = self.data.copy()
        data[self.add_prefix("version")] = self._current_version()
        self.data = data
        raise ValidationError(
            _(
                "Someone else saved this while you were editing. The saved values that differ from yours "
                "are listed below; check them and save again to keep your version."
            ),
            code="stale",
        )

    def _display(self, name: str, value) -> str:
        """The saved value as the person would recognise it: labels for choices, lists joined."""
        field = self.fields[name]
        labels = {str(key): label for key, label in getattr(field, "choices", ())}
        values = value if isinstance(value, list | tuple) else [value]
        shown = [str(labels.get(str(v), v)) for v in values if v not in (None, "")]
        return ", ".join(shown) or "–"
