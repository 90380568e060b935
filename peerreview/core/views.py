"""Access control shared by every view: sign in first, and a refused object answers 404."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class PermissionRequiredMixin(AccessMixin):
    """Checks ``permission_required`` (a django-rules permission) against ``get_permission_object``.

    Anonymous visitors are sent to the sign-in page; signed-in users without the permission get
    a 404, so that nobody learns whether an object they may not see exists.
    """

    permission_required: str = ""

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class FormPageMixin:
    """A create-or-edit page for one object whose saving is a service call (``save`` in the view)."""

    success_message = _("Saved.")
    title = ""

    def get_instance(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_instance()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title, "cancel_url": self.get_cancel_url()}

    def get_cancel_url(self):
        return self.get_success_url()

    def get_success_message(self, form) -> str:
        return self.success_message

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            # A rule only the service can check (it sees other rows): shown on the form, nothing saved.
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(form))
        return redirect(self.get_success_url())


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal as errors of the form: on their field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, items in error.message_dict.items():
            for message in items:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
