"""The secretary's side of the follow-up questionnaire, under /cycles/<year>/preparations/follow-up/:
the overview of every network's answers and its export, the round's settings, sending the
questionnaire, reopening, and the previous cycle's action points (entered or imported) when that
cycle was not run in the product."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from networks.io import ImportRefused
from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.core.views import FormPageMixin
from surveys import selectors_followup as selectors
from surveys import services_followup as services
from surveys.forms_followup import ActionPointForm, ActionPointImportForm, FollowUpSettingsForm
from surveys.io import ACTION_POINTS, action_points_import, followups_xlsx
from surveys.models import FollowUp, PreviousActionPoint
from surveys.views_secretary import XLSX, PreparationsMixin


class FollowUpsMixin(PreparationsMixin):
    permission_required = "surveys.manage_followups"

    def get_success_url(self):
        return reverse("preparations:followup_overview", kwargs={"year": self.cycle.year})


class FollowUpOverviewView(FollowUpsMixin, TemplateView):
    """Per network: its follow-up's state, when it was submitted, and how many action points got each answer."""

    template_name = "surveys/followup_overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "overview": selectors.followups_overview(self.cycle)}


class FollowUpExportView(FollowUpsMixin, View):
    def get(self, request, *args, **kwargs):
        filename = f"{_('follow-up')}-{self.cycle.year}.xlsx"
        return HttpResponse(
            followups_xlsx(self.cycle),
            content_type=XLSX,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


class FollowUpReopenView(FollowUpsMixin, View):
    """Opens a submitted follow-up for changes again (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        follow_up = get_object_or_404(
            FollowUp.objects.select_related("network"), cycle=self.cycle, network__slug=self.kwargs["slug"]
        )
        if follow_up.is_submitted:
            services.followup_reopen(actor=request.user, follow_up=follow_up)
            messages.success(
                request,
                _("The follow-up of %(network)s is open for changes again; it must be submitted again.")
                % {"network": follow_up.network.name},
            )
        else:
            messages.info(request, _("This follow-up was not submitted; nothing changed."))
        return redirect(self.get_success_url())


class FollowUpSettingsView(FollowUpsMixin, FormPageMixin, FormView):
    template_name = "surveys/followup_form.html"
    form_class = FollowUpSettingsForm
    title = gettext_lazy("Deadline and reminder of the follow-up")

    def get_instance(self):
        return selectors.followup_settings_of(self.cycle)

    def save(self, form):
        return services.followup_settings_save(actor=self.request.user, followup_settings=form.instance)


class FollowUpSendView(FollowUpsMixin, TemplateView):
    """A page that says who will get the questionnaire; its button sends it."""

    template_name = "surveys/followup_send.html"

    def get_context_data(self, **kwargs):
        rows = selectors.action_points_by_network(self.cycle)
        networks = [row.network for row in rows if row.network.active]
        coordinators = coordinators_by_network([network.pk for network in networks])
        return {
            **super().get_context_data(**kwargs),
            "settings": selectors.followup_settings_of(self.cycle),
            "today": timezone.localdate(),
            "networks": networks,
            "recipient_count": sum(len(coordinators.get(network.pk, [])) for network in networks),
            "without_coordinator": [network for network in networks if not coordinators.get(network.pk)],
            # Before the questionnaire prefills them: networks with nothing to be asked about yet.
            "without_points": [
                row.network for row in rows if row.network.active and not row.points and row.follow_up is None
            ],
        }

    def post(self, request, *args, **kwargs):
        try:
            count = services.followup_invite_send(actor=request.user, cycle=self.cycle)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("preparations:followup_send", kwargs={"year": self.cycle.year}))
        messages.success(
            request,
            ngettext(
                "The questionnaire was sent: %(count)d message is in the outbox.",
                "The questionnaire was sent: %(count)d messages are in the outbox.",
                count,
            )
            % {"count": count},
        )
        return redirect(self.get_success_url())


# The previous cycle's action points


class ActionPointsMixin(FollowUpsMixin):
    def get_success_url(self):
        return reverse("preparations:followup_action_points", kwargs={"year": self.cycle.year})


class ActionPointListView(ActionPointsMixin, TemplateView):
    template_name = "surveys/followup_action_points.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rows": selectors.action_points_by_network(self.cycle)}


class ActionPointFormMixin(ActionPointsMixin, FormPageMixin):
    template_name = "surveys/followup_form.html"
    form_class = ActionPointForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network, "cycle": self.cycle}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "network": self.network}

    def get_success_url(self):
        return f"{super().get_success_url()}#network-{self.network.slug}"

    def save(self, form):
        return services.action_point_save(actor=self.request.user, point=form.instance)


class ActionPointCreateView(ActionPointFormMixin, FormView):
    title = gettext_lazy("New action point")

    @cached_property
    def network(self) -> Network:
        return get_object_or_404(self.cycle.networks, slug=self.kwargs["slug"])


class ActionPointObjectMixin:
    @cached_property
    def point(self) -> PreviousActionPoint:
        return get_object_or_404(
            PreviousActionPoint.objects.select_related("network"), cycle=self.cycle, pk=self.kwargs["pk"]
        )

    @property
    def network(self) -> Network:
        return self.point.network


class ActionPointUpdateView(ActionPointObjectMixin, ActionPointFormMixin, FormView):
    title = gettext_lazy("Edit action point")

    def get_instance(self):
        return self.point


class ActionPointDeleteView(ActionPointObjectMixin, ActionPointsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.action_point_delete(actor=request.user, point=self.point)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action point was removed."))
        return redirect(f"{self.get_success_url()}#network-{self.network.slug}")


class ActionPointImportView(ActionPointsMixin, FormView):
    form_class = ActionPointImportForm
    template_name = "surveys/followup_import.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "table": ACTION_POINTS}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "table": ACTION_POINTS, "cancel_url": self.get_success_url()}

    def form_valid(self, form):
        try:
            result = action_points_import(actor=self.request.user, cycle=self.cycle, rows=form.rows)
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, row_errors=refused.errors))
        messages.success(
            self.request,
            _("Imported: %(created)d action points added, %(skipped)d already there.")
            % {"created": result.created, "skipped": result.skipped},
        )
        return redirect(self.get_success_url())
