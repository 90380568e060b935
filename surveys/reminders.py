"""Reminders of the surveys app, to the coordinators of networks that have not submitted:

- the preparation deadline reminder, the cycle's number of days (14) before their deadline;
- the follow-up questionnaire's reminder, its own number of days (7) before the follow-up's
  deadline, once the questionnaire was sent.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from networks.selectors import coordinators_by_network
from peerreview.cycles import reminders
from peerreview.cycles.enums import ReminderKind, ReminderState
from peerreview.cycles.models import Cycle, Reminder
from surveys import selectors, selectors_followup
from surveys.mails import FOLLOWUP_REMINDER, PREPARATION_REMINDER
from surveys.models import FollowUp, FollowUpSettings, Preparation
from surveys.services_followup import followup_mail_context


def _plan(cycle: Cycle) -> list:
    submitted = set(
        Preparation.objects.filter(cycle=cycle, submitted_at__isnull=False).values_list("network_id", flat=True)
    )
    meetings = [m for m in cycle.meetings.select_related("cycle").prefetch_related("networks") if m.date]
    networks = {n.pk: n for m in meetings for n in m.networks.all() if n.pk not in submitted}
    coordinators = coordinators_by_network(networks)
    wanted = []
    for meeting in meetings:
        day = meeting.preparation_deadline - timedelta(days=cycle.preparation_reminder_days)
        for network in meeting.networks.all():
            for user in coordinators.get(network.pk, []) if network.pk in networks else []:
                wanted.append((user.pk, network, day))
    return wanted


def _deliver(reminder: Reminder, templates: dict) -> str:
    network, cycle = reminder.concerning, reminder.cycle
    if network is None or Preparation.objects.filter(cycle=cycle, network=network, submitted_at__isnull=False).exists():
        return ReminderState.CANCELLED
    deadline = selectors.deadline_of(cycle, network)
    if deadline is None:
        return ReminderState.CANCELLED
    with translation.override(reminder.recipient.language or "nl"):
        context = {
            "name": reminder.recipient.get_full_name(),
            "network": network.name,
            "cycle": str(cycle.year),
            "deadline": formats.date_format(deadline, "j F Y"),
            "link": settings.SITE_URL
            + reverse("surveys:preparation", kwargs={"year": cycle.year, "slug": network.slug}),
        }
    return reminders.reminder_compose(
        reminder, kind=PREPARATION_REMINDER.key, context=context, concerning=network, templates=templates
    )


reminders.register(ReminderKind.PREPARATION.value, reminders.ReminderHandler(plan=_plan, deliver=_deliver))


def _plan_followup(cycle: Cycle) -> list:
    followup_settings = FollowUpSettings.objects.filter(cycle=cycle, sent_at__isnull=False).first()
    if followup_settings is None or followup_settings.deadline is None:
        return []
    submitted = FollowUp.objects.filter(cycle=cycle, submitted_at__isnull=False).values_list("network_id", flat=True)
    networks = {n.pk: n for n in cycle.networks.filter(active=True).exclude(pk__in=submitted)}
    day = followup_settings.deadline - timedelta(days=followup_settings.reminder_days)
    return [
        (user.pk, networks[network_id], day)
        for network_id, users in coordinators_by_network(networks).items()
        for user in users
    ]


def _deliver_followup(reminder: Reminder, templates: dict) -> str:
    network, cycle = reminder.concerning, reminder.cycle
    if network is None or FollowUp.objects.filter(cycle=cycle, network=network, submitted_at__isnull=False).exists():
        return ReminderState.CANCELLED
    deadline = selectors_followup.followup_deadline(cycle)
    if deadline is None:
        return ReminderState.CANCELLED
    context = followup_mail_context(cycle, network, reminder.recipient, deadline)
    return reminders.reminder_compose(
        reminder, kind=FOLLOWUP_REMINDER.key, context=context, concerning=network, templates=templates
    )


reminders.register(
    ReminderKind.FOLLOW_UP.value, reminders.ReminderHandler(plan=_plan_followup, deliver=_deliver_followup)
)
