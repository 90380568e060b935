"""The host network's pages of a meeting: its logistics checklist and its venue; the secretary's
overview of every meeting's host and checklist.

Pages under /meetings/<year>/host/<meeting>/ take the meeting as the permission object: the
coordinators of its host network and the secretary; anyone else gets 404 before anything is read
or written.
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

from peerreview.core.views import FormPageMixin, PermissionRequiredMixin
from peerreview.cycles.models import ReviewMeeting
from peerreview.cycles.views import CycleScopedMixin
from peerreview.meetings import selectors, services_hosts
from peerreview.meetings.forms import ChecklistItemForm, VenueForm
from peerreview.meetings.models import HostChecklistItem


class HostMixin(PermissionRequiredMixin):
    permission_required = "meetings.change_host_checklist"

    @cached_property
    def meeting(self) -> ReviewMeeting:
        return get_object_or_404(
            ReviewMeeting.objects.select_related("cycle", "host_network"),
            cycle__year=self.kwargs["year"],
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.meeting

    def page_url(self) -> str:
        return reverse("meetings:host_checklist", kwargs={"year": self.meeting.cycle.year, "pk": self.meeting.pk})

    def get_success_url(self):
        return self.page_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting, "cycle": self.meeting.cycle}


class HostChecklistView(HostMixin, TemplateView):
    """The checklist with its due dates, ticking off, a free item to add, and the venue form."""

    template_name = "meetings/host_checklist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        if meeting.host_network_id is None:  # only the secretary gets here (the hosts' rule needs a host)
            return context
        # A meeting given its host outside the timeline's planning (an import) gets its items now.
        services_hosts.host_checklists_ensure(cycle=meeting.cycle, meeting=meeting)
        items = selectors.host_checklist_of(meeting)
        venue = selectors.venue_of(meeting)
        venue_url = reverse("meetings:host_venue", kwargs={"year": meeting.cycle.year, "pk": meeting.pk})
        return {
            **context,
            "items": items,
            "done_count": sum(1 for item in items if item.is_done),
            "today": timezone.localdate(),
            "venue": venue,
            "venue_form": VenueForm(
                initial={"location": meeting.location, "directions": venue.directions if venue else ""},
                action=venue_url,
            ),
            "task": meeting.tasks.filter(key=services_hosts.TASK_KEY).select_related("completed_by").first(),
        }


class HostVenueView(HostMixin, FormPageMixin, FormView):
    form_class = VenueForm
    template_name = "meetings/host_form.html"
    title = gettext_lazy("Venue of the meeting")
    success_message = gettext_lazy("The venue was saved; it goes into the invitations.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def get_initial(self):
        venue = selectors.venue_of(self.meeting)
        return {"location": self.meeting.location, "directions": venue.directions if venue else ""}

    def save(self, form):
        return services_hosts.venue_save(
            actor=self.request.user,
            meeting=self.meeting,
            location=form.cleaned_data["location"],
            directions=form.cleaned_data["directions"],
        )


class ItemFormMixin(HostMixin, FormPageMixin):
    form_class = ChecklistItemForm
    template_name = "meetings/host_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def save(self, form):
        return services_hosts.checklist_item_save(actor=self.request.user, item=form.instance)


class HostItemCreateView(ItemFormMixin, FormView):
    title = gettext_lazy("Add an item to the checklist")


class ItemObjectMixin:
    """An item of this meeting's checklist; another meeting's item answers 404."""

    @cached_property
    def item(self) -> HostChecklistItem:
        item = get_object_or_404(HostChecklistItem, meeting=self.meeting, pk=self.kwargs["item"])
        item.meeting = self.meeting
        return item


class HostItemUpdateView(ItemObjectMixin, ItemFormMixin, FormView):
    title = gettext_lazy("Edit checklist item")

    def get_instance(self):
        return self.item


class HostItemToggleView(ItemObjectMixin, HostMixin, View):
    """Ticks an item off, or (``done=0``) opens it again (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        done = request.POST.get("done") != "0"
        try:
            item = services_hosts.checklist_item_set_done(actor=request.user, item=self.item, done=done)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = _("Done: %(item)s.") if item.is_done else _("Open again: %(item)s.")
            messages.success(request, text % {"item": item.label})
        return redirect(self.page_url())


class HostItemDeleteView(ItemObjectMixin, HostMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services_hosts.checklist_item_delete(actor=request.user, item=self.item)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Removed from the checklist: %(item)s.") % {"item": self.item.label})
        return redirect(self.page_url())


class HostOverviewView(CycleScopedMixin, TemplateView):
    """Every meeting of the cycle with its host, the checklist's progress and the venue."""

    permission_required = "meetings.view_host_overview"
    template_name = "meetings/host_overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meetings": selectors.host_overview(self.cycle)}
