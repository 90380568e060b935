"""The secretary's side of the preparation: the themes of a cycle, the overview of every network's
preparation, its XLSX export, and sending the form to the networks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
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

from networks.selectors import coordinators_by_network
from peerreview.core.views import FormPageMixin
from peerreview.cycles.models import ReviewMeeting
from peerreview.cycles.views import CycleScopedMixin
from surveys import selectors, services
from surveys.forms_secretary import ThemeForm, ThemeMoveForm
from surveys.io import preparations_xlsx
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Pages


class PreparationsMixin(CycleScopedMixin):
    """Pages under /cycles/<year>/preparations/: the secretary's, checked against the cycle."""

    permission_required = "surveys.view_overview"

    def get_success_url(self):
        return reverse("preparations:overview", kwargs={"year": self.cycle.year})


class OverviewView(PreparationsMixin, TemplateView):
    template_name = "surveys/overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "overview": selectors.preparations_overview(self.cycle)}


class ReopenView(PreparationsMixin, View):
    """Opens a submitted preparation for changes again (POST only)."""

    permission_required = "surveys.reopen_preparation"
    http_method_names = ["post"]

    @cached_property
    def preparation(self) -> Preparation:
        return get_object_or_404(
            Preparation.objects.select_related("network"), cycle=self.cycle, network__slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.preparation

    def post(self, request, *args, **kwargs):
        if self.preparation.is_submitted:
            services.preparation_reopen(actor=request.user, preparation=self.preparation)
            messages.success(
                request,
                _("The preparation of %(network)s is open for changes again; it must be submitted again.")
                % {"network": self.preparation.network.name},
            )
        else:
            messages.info(request, _("This preparation was not submitted; nothing changed."))
        return redirect(self.get_success_url())


class ExportView(PreparationsMixin, View):
    def get(self, request, *args, **kwargs):
        filename = f"{_('preparations')}-{self.cycle.year}.xlsx"
        return HttpResponse(
            preparations_xlsx(self.cycle),
            content_type=XLSX,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


# Sending the form


class InviteSendView(PreparationsMixin, TemplateView):
    """A page that says who will get the form; its button sends it (the January task)."""

    permission_required = "surveys.send_invitations"
    template_name = "surveys/overview_send.html"

    def get_context_data(self, **kwargs):
        networks = list(self.cycle.networks.filter(active=True).order_by("name"))
        coordinators = coordinators_by_network([network.pk for network in networks])
        dated = set(
            ReviewMeeting.networks.through.objects.filter(
                reviewmeeting__cycle=self.cycle, reviewmeeting__date__isnull=False
            ).values_list("network_id", flat=True)
        )
        return {
            **super().get_context_data(**kwargs),
            "networks": networks,
            "recipient_count": sum(len(coordinators.get(network.pk, [])) for network in networks),
            "without_coordinator": [network for network in networks if not coordinators.get(network.pk)],
            "without_date": [network for network in networks if network.pk not in dated],
            "task": self.cycle.tasks.filter(key="preparation_send").select_related("completed_by").first(),
        }

    def post(self, request, *args, **kwargs):
        count = services.preparation_invite_send(actor=request.user, cycle=self.cycle)
        messages.success(
            request,
            ngettext(
                "The preparation form was sent: %(count)d message is in the outbox.",
                "The preparation form was sent: %(count)d messages are in the outbox.",
                count,
            )
            % {"count": count},
        )
        return redirect(self.get_success_url())


# The themes (the December task)


class ThemesMixin(PreparationsMixin):
    permission_required = "surveys.manage_themes"

    def get_success_url(self):
        return reverse("preparations:themes", kwargs={"year": self.cycle.year})


class ThemeObjectMixin(ThemesMixin):
    @cached_property
    def theme(self) -> Theme:
        return get_object_or_404(Theme, cycle=self.cycle, pk=self.kwargs["pk"])

    def get_success_url(self):
        return f"{super().get_success_url()}#theme-{self.theme.pk}"


class ThemeListView(ThemesMixin, TemplateView):
    """The cycle's themes; the first visit gives the cycle the previous cycle's themes or the defaults."""

    template_name = "surveys/themes.html"

    def get_context_data(self, **kwargs):
        services.themes_install(cycle=self.cycle)
        themes = selectors.themes_of(self.cycle, active_only=False).annotate(
            in_use=Exists(GoodPractice.objects.filter(theme=OuterRef("pk")))
            | Exists(Bottleneck.objects.filter(theme=OuterRef("pk")))
        )
        return {
            **super().get_context_data(**kwargs),
            "themes": themes,
            "task": self.cycle.tasks.filter(key="themes").select_related("cycle", "completed_by").first(),
            "today": timezone.localdate(),
        }


class ThemeFormMixin(FormPageMixin):
    template_name = "surveys/themes_form.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def save(self, form):
        return services.theme_save(actor=self.request.user, theme=form.instance)


class ThemeCreateView(ThemesMixin, ThemeFormMixin, FormView):
    title = gettext_lazy("New theme")

    def get_success_url(self):
        theme = getattr(self, "object", None)
        url = super().get_success_url()
        return f"{url}#theme-{theme.pk}" if theme else url


class ThemeUpdateView(ThemeObjectMixin, ThemeFormMixin, FormView):
    title = gettext_lazy("Edit theme")

    def get_instance(self):
        return self.theme


class ThemeActionView(ThemeObjectMixin, View):
    """Retire, restore or move a theme (POST only)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        theme = self.theme
        if self.action == "move":
            form = ThemeMoveForm(request.POST, theme=theme)
            if form.is_valid():
                with transaction.atomic():
                    for moved in form.moved:
                        services.theme_save(actor=request.user, theme=moved)
        else:
            theme.active = self.action == "restore"
            services.theme_save(actor=request.user, theme=theme)
            if theme.active:
                messages.success(request, _("The theme is on the form again."))
            else:
                messages.success(request, _("The theme was retired: it is no longer on the form."))
        return redirect(self.get_success_url())


class ThemeDeleteView(ThemeObjectMixin, TemplateView):
    """Asks before removing a theme; one that entries use can only be retired."""

    template_name = "surveys/themes_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "theme": self.theme, "in_use": services.theme_in_use(self.theme)}

    def post(self, request, *args, **kwargs):
        name = self.theme.name
        try:
            services.theme_delete(actor=request.user, theme=self.theme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_success_url())
        messages.success(request, _("The theme %(name)s was removed.") % {"name": name})
        return redirect(ThemesMixin.get_success_url(self))
