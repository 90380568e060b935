"""The chair and expert pages: the secretary's panel of a cycle (who, their declarations, the
warnings), and the declaration of interests, filled in by the person or by the secretary.

Thin views over peerreview.meetings.selectors and .services_panel. A refused visitor gets 404
before anything is read or written.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from peerreview.core.views import FormPageMixin, PermissionRequiredMixin, add_service_errors
from peerreview.cycles.views import CycleScopedMixin
from peerreview.meetings import selectors, services_panel
from peerreview.meetings.forms import DeclarationForm, PanelMemberForm, TieFormSet
from peerreview.meetings.models import PanelMember, PanelRole, Tie


class PanelMixin(CycleScopedMixin):
    """Pages under /meetings/<year>/panel/: the secretary's."""

    permission_required = "meetings.manage_panel"

    def get_success_url(self):
        return reverse("meetings:panel", kwargs={"year": self.cycle.year})


class PanelView(PanelMixin, TemplateView):
    """The chair and the expert of the cycle and of each meeting, their declarations and the warnings."""

    template_name = "meetings/panel.html"

    def get_context_data(self, **kwargs):
        overview = selectors.panel_of_cycle(self.cycle)
        return {
            **super().get_context_data(**kwargs),
            "overview": overview,
            "warnings": selectors.panel_warnings(self.cycle, overview),
        }


class PanelMemberFormMixin(PanelMixin, FormPageMixin):
    form_class = PanelMemberForm
    template_name = "meetings/panel_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def save(self, form):
        return services_panel.panel_member_save(actor=self.request.user, member=form.instance)


class PanelMemberCreateView(PanelMemberFormMixin, FormView):
    title = gettext_lazy("Record a chair or expert")

    def get_initial(self):
        """``?role=expert&meeting=12`` from the panel page's buttons."""
        initial = {}
        if self.request.GET.get("role") in PanelRole.values:
            initial["role"] = self.request.GET["role"]
        if self.request.GET.get("meeting", "").isdigit():
            initial["meeting"] = int(self.request.GET["meeting"])
        return initial

    def get_success_message(self, form) -> str:
        return _("Saved. %(name)s can sign in with a code sent to %(email)s and fill in their declaration.") % {
            "name": self.object.name,
            "email": self.object.email,
        }


class PanelMemberObjectMixin:
    @cached_property
    def member(self) -> PanelMember:
        return get_object_or_404(PanelMember.objects.select_related("meeting"), cycle=self.cycle, pk=self.kwargs["pk"])


class PanelMemberUpdateView(PanelMemberObjectMixin, PanelMemberFormMixin, FormView):
    title = gettext_lazy("Edit chair or expert")

    def get_instance(self):
        return self.member


class PanelMemberDeleteView(PanelMemberObjectMixin, PanelMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services_panel.panel_member_delete(actor=request.user, member=self.member)
        messages.success(request, _("%(name)s is no longer recorded for this cycle.") % {"name": self.member.name})
        return redirect(self.get_success_url())


class DeclarationView(PermissionRequiredMixin, TemplateView):
    """A chair's or expert's declaration of interests: the statement, the date and the ties.

    The member is the permission object: the person linked to it, or the secretary on their behalf.
    """

    permission_required = "meetings.declare_interests"
    template_name = "meetings/declaration_form.html"

    @cached_property
    def member(self) -> PanelMember:
        return get_object_or_404(
            PanelMember.objects.select_related("cycle", "meeting", "declaration__declared_by"),
            cycle__year=self.kwargs["year"],
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.member

    def forms(self, data=None):
        declaration = selectors.declaration_of(self.member)
        form = DeclarationForm(
            data,
            instance=declaration,
            initial={} if declaration else {"declared_on": timezone.localdate()},
        )
        ties = TieFormSet(
            data,
            prefix="ties",
            queryset=declaration.ties.select_related("network") if declaration else Tie.objects.none(),
        )
        return form, ties

    def success_url(self) -> str:
        if self.request.user.has_perm("meetings.manage_panel"):
            return reverse("meetings:panel", kwargs={"year": self.member.cycle.year})
        return reverse("meetings:my_declarations")

    def get_context_data(self, **kwargs):
        form, ties = kwargs.pop("forms", None) or self.forms()
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "declaration": selectors.declaration_of(self.member),
            "form": form,
            "ties": ties,
            "cancel_url": self.success_url(),
        }

    def post(self, request, *args, **kwargs):
        form, ties = self.forms(request.POST)
        if form.is_valid() and ties.is_valid():
            try:
                services_panel.declaration_save(
                    actor=request.user,
                    member=self.member,
                    truthful=form.cleaned_data["truthful"],
                    declared_on=form.cleaned_data["declared_on"],
                    ties=ties.kept_ties(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The declaration of interests was saved."))
                return redirect(self.success_url())
        return self.render_to_response(self.get_context_data(forms=(form, ties)))


class MyDeclarationsView(PermissionRequiredMixin, TemplateView):
    """Where the signed-in person is chair or expert, and whether they have declared their interests."""

    permission_required = "meetings.view_own_declarations"
    template_name = "meetings/my_declarations.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "memberships": selectors.panel_memberships_of(self.request.user)}
