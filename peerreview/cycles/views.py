"""Pages of the cycle: thin views over peerreview.cycles.selectors and peerreview.cycles.services."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DeleteView, FormView, ListView, TemplateView
from icalendar import Calendar, Event

from peerreview.core.views import FormPageMixin, PermissionRequiredMixin
from peerreview.cycles import calendar as calendar_files
from peerreview.cycles import selectors, services
from peerreview.cycles.enums import TaskState
from peerreview.cycles.forms import (
    CycleForm,
    MeetingForm,
    PlaybookMoveForm,
    PlaybookStepForm,
    TaskForm,
    TaskStateForm,
)
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task


class CycleFormPageMixin(FormPageMixin):
    template_name = "cycles/form.html"


class CycleListView(PermissionRequiredMixin, ListView):
    permission_required = "cycles.view_cycle"
    template_name = "cycles/cycle_list.html"
    context_object_name = "cycles"

    def get_queryset(self):
        return selectors.cycles_for_list()


class CycleCreateView(PermissionRequiredMixin, CycleFormPageMixin, FormView):
    permission_required = "cycles.manage_cycle"
    form_class = CycleForm
    title = _("New cycle")
    success_message = _("The cycle was created with its timeline from the playbook.")

    def save(self, form):
        return services.cycle_create(
            actor=self.request.user, cycle=form.instance, networks=form.cleaned_data["networks"]
        )

    def get_success_url(self):
        obj = getattr(self, "object", None)
        return obj.get_absolute_url() if obj else reverse("cycles:list")


class CycleScopedMixin(PermissionRequiredMixin):
    """Pages under /cycles/<year>/: the cycle is the object whose permission is checked."""

    permission_required = "cycles.manage_cycle"

    @cached_property
    def cycle(self) -> Cycle:
        return get_object_or_404(Cycle, year=self.kwargs["year"])

    def get_permission_object(self):
        return self.cycle

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cycle": self.cycle}

    def get_success_url(self):
        return self.cycle.get_absolute_url()


class CycleUpdateView(CycleScopedMixin, CycleFormPageMixin, FormView):
    form_class = CycleForm
    title = _("Cycle settings")

    def get_instance(self):
        return self.cycle

    def save(self, form):
        return services.cycle_update(
            actor=self.request.user, cycle=form.instance, networks=form.cleaned_data["networks"]
        )


class CycleDetailView(CycleScopedMixin, TemplateView):
    """The secretary's dashboard: next actions first, then the cycle month by month and per network."""

    permission_required = "cycles.view_cycle"
    template_name = "cycles/cycle_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            **selectors.cycle_dashboard(self.cycle, today),
            "today": today,
        }


class MeetingObjectMixin:
    """A meeting looked up inside the cycle of the URL, so another cycle's id answers 404."""

    @cached_property
    def meeting(self) -> ReviewMeeting:
        return get_object_or_404(ReviewMeeting, cycle=self.cycle, pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        return self.meeting


class MeetingFormMixin(CycleScopedMixin, CycleFormPageMixin):
    form_class = MeetingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def save(self, form):
        return services.meeting_save(
            actor=self.request.user, meeting=form.instance, networks=form.cleaned_data["networks"]
        )

    def get_success_message(self, form) -> str:
        if "date" in form.changed_data and form.instance.date:
            return gettext("Saved. The meeting's tasks were dated or moved to match its new date.")
        return gettext("Saved.")

    def get_success_url(self):
        obj = getattr(self, "object", None)
        return obj.get_absolute_url() if obj else self.cycle.get_absolute_url()


class MeetingCreateView(MeetingFormMixin, FormView):
    title = _("New meeting")

    def get_cancel_url(self):
        return self.cycle.get_absolute_url()


class MeetingUpdateView(MeetingObjectMixin, MeetingFormMixin, FormView):
    """The meeting's page: its details to edit, and its tasks with the dates they follow from it."""

    template_name = "cycles/meeting_form.html"
    title = _("Meeting")

    def get_instance(self):
        return self.meeting

    def get_cancel_url(self):
        return self.cycle.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "meeting": self.meeting,
            "tasks": selectors.meeting_tasks(self.meeting, timezone.localdate()),
        }


class MeetingDeleteView(MeetingObjectMixin, CycleScopedMixin, DeleteView):
    template_name = "cycles/confirm_delete.html"
    deletes_tasks = True

    def form_valid(self, form):
        services.meeting_delete(actor=self.request.user, meeting=self.meeting)
        messages.success(self.request, _("The meeting and its tasks were removed."))
        return redirect(self.get_success_url())


class TaskObjectMixin:
    @cached_property
    def task(self) -> Task:
        return get_object_or_404(Task.objects.select_related("meeting"), cycle=self.cycle, pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        return self.task


class TaskFormMixin(CycleScopedMixin, CycleFormPageMixin):
    form_class = TaskForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def save(self, form):
        return services.task_save(actor=self.request.user, task=form.instance)


class TaskCreateView(TaskFormMixin, FormView):
    title = _("New task")


class TaskUpdateView(TaskObjectMixin, TaskFormMixin, FormView):
    title = _("Edit task")

    def get_instance(self):
        return self.task


class TaskDeleteView(TaskObjectMixin, CycleScopedMixin, DeleteView):
    template_name = "cycles/confirm_delete.html"

    def form_valid(self, form):
        services.task_delete(actor=self.request.user, task=self.task)
        messages.success(self.request, _("The task was removed."))
        return redirect(self.get_success_url())


class TaskStateView(TaskObjectMixin, CycleScopedMixin, View):
    """Marks a task done, not applicable or open again; the owner of the task may, as may the secretary."""

    permission_required = "cycles.change_task_state"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.task

    def post(self, request, year, pk):
        form = TaskStateForm(request.POST)
        if form.is_valid():
            state = form.cleaned_data["state"]
            services.task_set_state(actor=request.user, task=self.task, state=state)
            messages.success(request, _STATE_MESSAGES[state] % {"task": self.task.display_title})
        return redirect(self._next_url())

    def _next_url(self) -> str:
        target = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return reverse("home")


_STATE_MESSAGES = {
    TaskState.DONE: _("Marked as done: %(task)s"),
    TaskState.NOT_APPLICABLE: _("Marked as not applicable: %(task)s"),
    TaskState.OPEN: _("Open again: %(task)s"),
}


class CalendarView(CycleScopedMixin, View):
    """An .ics file of the dates of the cycle that concern the signed-in person."""

    permission_required = "cycles.view_calendar"

    def get(self, request, year):
        user, cycle = request.user, self.cycle
        calendar = Calendar.new(
            name=gettext("Peer review %(year)s") % {"year": cycle.year},
            prodid=calendar_files.PRODID,
            uid=calendar_files.uid("cycle", f"{cycle.year}-{user.pk}"),
        )
        for meeting in selectors.meetings_for_user(user, cycle):
            if meeting.date is not None:
                calendar.add_component(calendar_files.meeting_event(meeting))
        for task in selectors.tasks_for_user(user, cycle).filter(due_date__isnull=False):
            summary = str(task)
            if task.state != TaskState.OPEN:
                summary = f"{summary} ({task.get_state_display()})"
            calendar.add_component(
                Event.new(
                    uid=calendar_files.uid("task", task.pk),
                    summary=summary,
                    description=task.description or None,
                    start=task.due_date,
                    end=task.due_date + timedelta(days=1),
                    transparency="TRANSPARENT",
                    last_modified=task.updated_at,
                )
            )
        calendar.add_missing_timezones()
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="peer-review-{cycle.year}.ics"'
        return response


class PlaybookListView(PermissionRequiredMixin, TemplateView):
    permission_required = "cycles.manage_playbook"
    template_name = "cycles/playbook.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "steps": selectors.playbook_steps()}


class PlaybookStepFormView(PermissionRequiredMixin, CycleFormPageMixin, FormView):
    permission_required = "cycles.manage_playbook"
    form_class = PlaybookStepForm
    success_message = _("Saved. The change applies to cycles created from now on.")

    @property
    def title(self):
        return _("Edit playbook step") if "pk" in self.kwargs else _("New playbook step")

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_object_or_404(PlaybookStep, pk=self.kwargs["pk"])
        return None

    def save(self, form):
        return services.playbook_step_save(actor=self.request.user, step=form.instance)

    def get_success_url(self):
        return reverse("cycles:playbook")


class PlaybookStepActionView(PermissionRequiredMixin, View):
    """Retire, restore, or move a step of the template (POST only)."""

    permission_required = "cycles.manage_playbook"
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        step = get_object_or_404(PlaybookStep, pk=pk)
        action = self.action
        if action in ("retire", "restore"):
            step.active = action == "restore"
            services.playbook_step_save(actor=request.user, step=step)
            messages.success(request, _("The step is in use again.") if step.active else _("The step was retired."))
        elif action == "move":
            form = PlaybookMoveForm(request.POST, step=step)
            if form.is_valid():
                with transaction.atomic():
                    for moved in form.moved:
                        services.playbook_step_save(actor=request.user, step=moved)
        else:
            raise Http404
        return redirect(f"{reverse('cycles:playbook')}#step-{step.pk}")


class PlaybookInstallView(PermissionRequiredMixin, View):
    permission_required = "cycles.manage_playbook"
    http_method_names = ["post"]

    def post(self, request):
        steps = services.playbook_install_defaults()
        messages.success(request, _("The playbook has %(count)s steps in use.") % {"count": len(steps)})
        return redirect("cycles:playbook")
