"""Access control shared by every view: sign in first, and a refused object answers 404."""

from django.contrib.auth.mixins import AccessMixin
from django.http import Http404


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
