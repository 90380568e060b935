"""The host checklist reminder: to the host network's coordinators, the cycle's number of days
(``task_reminder_days``) before an open item of their meeting's checklist is due."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from networks.selectors import coordinators_by_network
from peerreview.cycles import reminders
from peerreview.cycles.enums import ReminderKind, ReminderState
from peerreview.cycles.models import Cycle, Reminder
from peerreview.meetings.mails import HOST_CHECKLIST_DUE
from peerreview.meetings.models import HostChecklistItem
from peerreview.meetings.services_hosts import host_checklists_ensure


def _plan(cycle: Cycle) -> list:
    # The checklist of a meeting is made here the first time the timeline is planned after the
    # meeting got its host, so that the host is reminded without anyone opening the page first.
    host_checklists_ensure(cycle=cycle)
    items = list(
        HostChecklistItem.objects.filter(
            meeting__cycle=cycle,
            meeting__host_network__isnull=False,
            meeting__date__isnull=False,
            done_at__isnull=True,
        ).select_related("meeting")
    )
    coordinators = coordinators_by_network({item.meeting.host_network_id for item in items})
    today = timezone.localdate()
    wanted = []
    for item in items:
        # An item already overdue gets no "due soon" reminder (the dispatcher would only cancel it);
        # the logistics task's own overdue reminder covers it.
        if item.due_date < today:
            continue
        day = item.due_date - timedelta(days=cycle.task_reminder_days)
        for user in coordinators.get(item.meeting.host_network_id, []):
            wanted.append((user.pk, item, day))
    return wanted


def _deliver(reminder: Reminder, templates: dict) -> str:
    item = reminder.concerning
    if item is None or item.is_done or item.due_date is None or item.due_date < timezone.localdate():
        return ReminderState.CANCELLED
    meeting = item.meeting
    hosts = coordinators_by_network([meeting.host_network_id]) if meeting.host_network_id else {}
    if reminder.recipient not in hosts.get(meeting.host_network_id, []):
        return ReminderState.CANCELLED  # the meeting changed host since the reminder was planned
    with translation.override(reminder.recipient.language or "nl"):
        context = {
            "name": reminder.recipient.get_full_name(),
            "network": meeting.host_network.name,
            "item": item.label,
            "due_date": formats.date_format(item.due_date, "j F Y"),
            "meeting": meeting.name,
            "meeting_date": formats.date_format(meeting.date, "j F Y"),
            "cycle": str(reminder.cycle.year),
            "link": settings.SITE_URL
            + reverse("meetings:host_checklist", kwargs={"year": reminder.cycle.year, "pk": meeting.pk}),
        }
    return reminders.reminder_compose(
        reminder, kind=HOST_CHECKLIST_DUE.key, context=context, concerning=item, templates=templates
    )


reminders.register(ReminderKind.HOST_CHECKLIST.value, reminders.ReminderHandler(plan=_plan, deliver=_deliver))
