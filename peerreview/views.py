"""The home page: what the signed-in person has to do, composed from every app's selectors."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from networks import selectors as network_selectors
from peerreview.agenda import selectors as agenda_selectors
from peerreview.cycles import selectors as cycle_selectors
from peerreview.mail import selectors as mail_selectors
from peerreview.meetings import selectors as meeting_selectors
from surveys import selectors as survey_selectors
from surveys import selectors_followup as followup_selectors


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        networks = list(network_selectors.networks_for_user(user))
        context["networks"] = networks
        context["todos"] = network_selectors.registry_todos(networks)
        if user.is_staff:
            context["outbox_counts"] = mail_selectors.outbox_counts()
        context.update(self._cycle_context(user))
        return context

    def _cycle_context(self, user) -> dict:
        """The secretary's cockpit of the current cycle, or everyone else's own tasks in it."""
        today = timezone.localdate()
        cycle = cycle_selectors.cycle_for_today(today)
        if user.is_staff:
            return {
                "cockpit": cycle_selectors.cycle_cockpit(cycle, today) if cycle else None,
                "current_cycle": cycle,
                "panel_warnings": meeting_selectors.panel_warnings(cycle) if cycle else [],
            }
        if cycle is None:
            return {}
        tasks = list(cycle_selectors.tasks_for_user(user, cycle))
        for task in tasks:
            task.overdue = task.is_overdue(today)
            task.can_change = user.has_perm("cycles.change_task_state", task)
        return {
            "current_cycle": cycle,
            "chair_agendas": agenda_selectors.agendas_for_chair(user, cycle) if user.is_chair else [],
            "panel_memberships": meeting_selectors.panel_memberships_of(user)
            if user.is_chair or user.is_expert
            else [],
            "hosted_meetings": meeting_selectors.meetings_hosted_by(user, cycle),
            "my_followups": followup_selectors.followups_for_home(user, cycle),
            "my_tasks": tasks,
            "my_preparations": survey_selectors.preparations_for_home(user, cycle),
        }
