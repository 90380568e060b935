"""Forms of the outbox and the mail templates. They validate; peerreview.mail.services saves and sends."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peerreview.core.forms import StaleEditMixin
from peerreview.mail import kinds, services
from peerreview.mail.models import MailTemplate, OutboxMessage

BUILT_IN = "built-in"


class DraftForm(StaleEditMixin, forms.ModelForm):
    """The subject and text of a message waiting for review; the HTML version is made from the text."""

    class Meta:
        model = OutboxMessage
        fields = ["subject", "body_text"]
        widgets = {"body_text": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.add_input(Submit("save", _("Save")))
        self.helper.add_input(Submit("send", _("Save and send"), css_class="btn-success"))


class TemplateForm(StaleEditMixin, forms.ModelForm):
    """The secretary's version of a kind of mail; every text is checked against the kind's placeholders."""

    class Meta:
        model = MailTemplate
        fields = ["auto_send", *services.TEMPLATE_TEXT_FIELDS]
        widgets = {
            "body_nl": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kinds.get_kind(self.instance.key)
        # A kind still on its built-in text has no row and so no time stamp; the mixin compares
        # versions only once a row exists, so someone's first save made meanwhile is noticed.
        self.fields["version"].initial = self._current_version()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
        self.helper.add_input(Submit("preview", _("Preview"), css_class="btn-secondary"))

    def _current_version(self) -> str:
        return super()._current_version() if self.instance.pk else BUILT_IN

    def _clean_text(self, name: str) -> str:
        value = self.cleaned_data[name]
        errors = kinds.template_errors(value, self.kind.placeholders)
        if errors:
            raise ValidationError(errors, code="template")
        return value

    def clean_subject_nl(self):
        return self._clean_text("subject_nl")

    def clean_body_nl(self):
        return self._clean_text("body_nl")

    def clean_subject_en(self):
        return self._clean_text("subject_en")

    def clean_body_en(self):
        return self._clean_text("body_en")
