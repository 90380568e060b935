"""Writes of the host network's logistics: the checklist of a hosted meeting and its venue.

The playbook (November) has the host networks "book the room, plan the catering and reserve
parking"; the checklist adds the projector and whatever the host or the secretary add. Every
hosted meeting gets the standard items (``STANDARD_ITEMS``), each due some days before the meeting.
When every item is done, the meeting's ``logistics`` task is ticked off. An item opened again later
leaves the task as it is: the playbook's task ("book the room, plan the catering, reserve
parking") was done, and the checklist itself shows what is open.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerreview.cycles import reminders
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import meeting_save, tasks_complete
from peerreview.meetings.enums import STANDARD_ITEMS, ChecklistItemKind
from peerreview.meetings.models import HostChecklistItem, MeetingVenue

audit = logging.getLogger("peerreview.audit")

TASK_KEY = "logistics"


def host_checklists_ensure(*, cycle: Cycle, meeting: ReviewMeeting | None = None) -> int:
    """Give every hosted meeting of the cycle (or just ``meeting``) the standard items it lacks.

    Idempotent; returns how many items were made. Called whenever the cycle's reminders are
    planned (so a meeting's checklist appears as soon as the secretary names its host) and when
    the checklist page is opened.
    """
    meetings = cycle.meetings.filter(host_network__isnull=False)
    if meeting is not None:
        meetings = meetings.filter(pk=meeting.pk)
    meeting_ids = list(meetings.values_list("pk", flat=True))
    have = set(
        HostChecklistItem.objects.filter(meeting_id__in=meeting_ids)
        .exclude(kind=ChecklistItemKind.OTHER)
        .values_list("meeting_id", "kind")
    )
    missing = [
        HostChecklistItem(meeting_id=meeting_id, kind=kind, days_before=days)
        for meeting_id in meeting_ids
        for kind, days in STANDARD_ITEMS
        if (meeting_id, kind.value) not in have
    ]
    # ignore_conflicts: two requests may make the same meeting's items at once.
    HostChecklistItem.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def _after_change(actor, meeting: ReviewMeeting) -> None:
    """Tick off the meeting's logistics task once every item is done; re-plan the host's reminders."""
    states = list(meeting.host_checklist_items.values_list("done_at", flat=True))
    closed = 0
    if states and all(done_at is not None for done_at in states):
        closed = tasks_complete(actor=actor, cycle=meeting.cycle, key=TASK_KEY, meeting=meeting)
    if not closed:  # closing a task has planned them already
        reminders.reminders_plan(cycle=meeting.cycle)


def _check_hosted(meeting: ReviewMeeting) -> None:
    if meeting.host_network_id is None:
        raise ValidationError(_("This meeting has no host network yet."), code="no_host")


@transaction.atomic
def checklist_item_set_done(*, actor, item: HostChecklistItem, done: bool) -> HostChecklistItem:
    """Tick an item off (recording who and when) or open it again.

    Side effects: the meeting's logistics task is ticked off when every item is done; the host's
    reminders follow.
    """
    item = HostChecklistItem.objects.select_for_update().select_related("meeting__cycle").get(pk=item.pk)
    _check_hosted(item.meeting)
    if done and not item.is_done:
        item.done_at, item.done_by = timezone.now(), actor
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by", "updated_at"])
    audit.info("host checklist item %s marked %s by %s", item.pk, "done" if done else "open", actor.pk)
    _after_change(actor, item.meeting)
    return item


@transaction.atomic
def checklist_item_save(*, actor, item: HostChecklistItem) -> HostChecklistItem:
    """Add a free item to a hosted meeting's checklist, or change an item's title, due days or note.

    A new item is always a free one (``other``): the standard items are there from the start.
    Side effects: the reminders follow.
    """
    _check_hosted(item.meeting)
    if item.pk is None:
        item.kind = ChecklistItemKind.OTHER
    elif item.kind != ChecklistItemKind.OTHER:
        item.title = ""  # a standard item is named by its kind, in the reader's language
    item.full_clean()
    item.save()
    audit.info("host checklist item %s saved by %s", item.pk, actor.pk)
    _after_change(actor, item.meeting)
    return item


@transaction.atomic
def checklist_item_delete(*, actor, item: HostChecklistItem) -> None:
    """Remove a free item. A standard item stays: when it is not needed, it is ticked off with a note."""
    if item.kind != ChecklistItemKind.OTHER:
        raise ValidationError(
            _("A standard item cannot be removed; if it is not needed, tick it off with a note saying so."),
            code="standard_item",
        )
    meeting = item.meeting
    HostChecklistItem.objects.filter(pk=item.pk).delete()
    audit.info("host checklist item %s removed by %s", item.pk, actor.pk)
    _after_change(actor, meeting)


@transaction.atomic
def venue_save(*, actor, meeting: ReviewMeeting, location: str, directions: str) -> MeetingVenue:
    """Record where the meeting is held: the address and room (the meeting's location, which the
    timeline and the calendar show) and the directions and parking instructions (for the invitations).

    Side effects: the meeting is saved through the cycles app (its tasks and reminders re-planned).
    """
    # Read afresh and locked: the secretary may have moved the date since the page was opened.
    meeting = ReviewMeeting.objects.select_for_update().select_related("cycle").get(pk=meeting.pk)
    _check_hosted(meeting)
    venue = MeetingVenue.objects.filter(meeting=meeting).first() or MeetingVenue(meeting=meeting)
    venue.directions, venue.updated_by = (directions or "").strip(), actor
    venue.full_clean()
    location = (location or "").strip()
    if location != meeting.location:
        meeting.location = location
        meeting_save(actor=actor, meeting=meeting)
    venue.save()
    audit.info("venue of meeting %s saved by %s", meeting.pk, actor.pk)
    return venue
