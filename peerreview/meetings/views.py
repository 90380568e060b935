"""The attendee pages: a network's list for its meeting of a cycle, and the secretary's overview.

Thin views over peerreview.meetings.selectors and .services. Pages under
/meetings/<year>/<slug>/attendees/ take the network as the permission object; a refused visitor
gets 404 before anything is read or written.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from networks.models import Network
from peerreview.core.views import FormPageMixin, PermissionRequiredMixin
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings import selectors, services
from peerreview.meetings.forms import AddContactsForm, AttendeeForm, ExceptionForm
from peerreview.meetings.models import Attendee


class AttendeesMixin(PermissionRequiredMixin):
    """Pages of one network's attendees in one cycle; the network is the permission object."""

    permission_required = "meetings.change_attendees"

    @cached_property
    def cycle(self) -> Cycle:
        return get_object_or_404(Cycle, year=self.kwargs["year"])

    @cached_property
    def network(self) -> Network:
        return get_object_or_404(Network, slug=self.kwargs["slug"])

    @cached_property
    def meeting(self) -> ReviewMeeting | None:
        return selectors.meeting_of(self.cycle, self.network)

    def get_permission_object(self):
        return self.network

    def dispatch(self, request, *args, **kwargs):
        allowed = request.user.is_authenticated and request.user.has_perm(self.permission_required, self.network)
        # Only a network taking part in the cycle (or already in one of its meetings) has a page.
        if allowed and self.meeting is None and not self.cycle.networks.filter(pk=self.network.pk).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def require_meeting(self) -> ReviewMeeting:
        if self.meeting is None:
            raise Http404
        return self.meeting

    def page_url(self) -> str:
        return reverse("meetings:attendees", kwargs={"year": self.cycle.year, "slug": self.network.slug})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cycle": self.cycle, "network": self.network}


class AttendeesView(AttendeesMixin, TemplateView):
    """The network's list for its meeting, the rule's check, adding from contacts, handing in."""

    permission_required = "meetings.view_attendees"
    template_name = "meetings/attendees.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        if meeting is None:
            return {**context, "meeting": None}
        attendees = list(selectors.attendees_of(meeting, self.network))
        institutions = list(selectors.ho_institutions_of(self.network))
        attendee_list = selectors.attendee_list_of(meeting, self.network)
        problems = services.attendee_problems(attendees, institutions)
        excused = attendee_list is not None and attendee_list.exception_accepted
        user = self.request.user
        return {
            **context,
            "meeting": meeting,
            "attendees": attendees,
            "institutions": institutions,
            "attendee_list": attendee_list,
            "problems": problems,
            "can_submit": not (attendee_list and attendee_list.is_submitted) and (excused or not problems),
            "editable": user.has_perm("meetings.change_attendees", self.network),
            "may_excuse": user.has_perm("meetings.accept_attendee_exception") and not excused,
            "add_contacts_form": AddContactsForm(
                meeting=meeting,
                network=self.network,
                action=reverse(
                    "meetings:attendee_add_contacts", kwargs={"year": self.cycle.year, "slug": self.network.slug}
                ),
            ),
        }


class AttendeeAddContactsView(AttendeesMixin, FormView):
    """Puts the ticked contacts on the list; those refused (no e-mail address…) are named."""

    http_method_names = ["post"]
    form_class = AddContactsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.require_meeting(), "network": self.network}

    def form_valid(self, form):
        added = 0
        for contact in form.cleaned_data["contacts"]:
            try:
                services.attendee_add_from_contact(actor=self.request.user, meeting=self.meeting, contact=contact)
            except ValidationError as error:
                messages.error(self.request, f"{contact.name}: {' '.join(error.messages)}")
            else:
                added += 1
        if added:
            messages.success(self.request, _("Added to the list: %(count)d.") % {"count": added})
        return redirect(self.page_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Tick the contacts to add."))
        return redirect(self.page_url())


class AttendeeFormMixin(AttendeesMixin, FormPageMixin):
    form_class = AttendeeForm
    template_name = "meetings/attendee_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.require_meeting(), "network": self.network}

    def get_success_url(self):
        return self.page_url()


class AttendeeCreateView(AttendeeFormMixin, FormView):
    title = gettext_lazy("Add a new person")

    def save(self, form):
        return services.attendee_add(
            actor=self.request.user, attendee=form.instance, save_as_contact=form.cleaned_data["save_as_contact"]
        )


class AttendeeObjectMixin:
    """An attendee of this network's list for its meeting; another list's attendee answers 404."""

    @cached_property
    def object(self) -> Attendee:
        return get_object_or_404(Attendee, meeting=self.require_meeting(), network=self.network, pk=self.kwargs["pk"])


class AttendeeUpdateView(AttendeeObjectMixin, AttendeeFormMixin, FormView):
    title = gettext_lazy("Edit attendee")

    def get_instance(self):
        return self.object

    def save(self, form):
        return services.attendee_update(actor=self.request.user, attendee=form.instance)


class AttendeeDeleteView(AttendeeObjectMixin, AttendeesMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.attendee_remove(actor=request.user, attendee=self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(name)s was taken off the list.") % {"name": self.object.name})
        return redirect(self.page_url())


class AttendeesSubmitView(AttendeesMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.attendees_submit(actor=request.user, meeting=self.require_meeting(), network=self.network)
        except ValidationError as error:
            messages.error(request, _("The list was not handed in. Still missing:"))
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The list was handed in. Thank you!"))
        return redirect(self.page_url())


class AttendeesExceptionView(AttendeesMixin, FormPageMixin, FormView):
    """The secretary accepts the list although it misses part of the rule, with the reason."""

    permission_required = "meetings.accept_attendee_exception"
    form_class = ExceptionForm
    template_name = "meetings/exception_form.html"
    title = gettext_lazy("Accept an exception to the rule")
    success_message = gettext_lazy("The exception was accepted; the network can hand in its list as it is.")

    def get_form_kwargs(self):
        self.require_meeting()
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def get_success_url(self):
        return self.page_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "problems": services.attendees_check(self.meeting, self.network)}

    def save(self, form):
        return services.attendees_accept_exception(
            actor=self.request.user, meeting=self.meeting, network=self.network, reason=form.cleaned_data["reason"]
        )


class AttendeeOverviewView(PermissionRequiredMixin, TemplateView):
    """Per meeting of the cycle every network's attendees and how many work on each weekday (for the date polls)."""

    permission_required = "meetings.view_attendee_overview"
    template_name = "meetings/attendee_overview.html"

    @cached_property
    def cycle(self) -> Cycle:
        return get_object_or_404(Cycle, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "meetings": selectors.attendee_overview(self.cycle),
        }
