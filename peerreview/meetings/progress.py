"""Columns of the cycle dashboard: the attendees (per network not started, n nominated, submitted or
exception) and the host checklist (per host network how many items are done, late ones first)."""

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peerreview.cycles import progress
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings.models import Attendee, AttendeeList, HostChecklistItem


def _cells(cycle: Cycle) -> dict[int, progress.ProgressCell]:
    """One query for the whole table. A network not yet in a meeting has no cell (a dash)."""
    same_pair = {"meeting": OuterRef("reviewmeeting_id"), "network": OuterRef("network_id")}
    attendee_count = (
        Attendee.objects.filter(**same_pair).order_by().values("meeting").annotate(n=Count("pk")).values("n")
    )
    attendee_list = AttendeeList.objects.filter(**same_pair)
    memberships = (
        ReviewMeeting.networks.through.objects.filter(reviewmeeting__cycle=cycle)
        .annotate(
            attendee_count=Coalesce(Subquery(attendee_count, output_field=IntegerField()), 0),
            list_submitted_at=Subquery(attendee_list.values("submitted_at")[:1]),
            list_excused=Subquery(attendee_list.values("exception_accepted")[:1]),
        )
        .order_by("reviewmeeting__date", "reviewmeeting_id")
        .values_list("network_id", "network__slug", "attendee_count", "list_submitted_at", "list_excused")
    )
    first_meeting: dict[int, tuple] = {}
    for network_id, *row in memberships:
        first_meeting.setdefault(network_id, row)
    cells = {}
    for network_id, (slug, count, submitted_at, excused) in first_meeting.items():
        url = reverse("meetings:attendees", kwargs={"year": cycle.year, "slug": slug})
        if submitted_at is not None:
            label = _("Submitted %(date)s") % {"date": date_format(timezone.localtime(submitted_at), "j M")}
            if excused:
                label = f"{label} · " + _("exception")
            cells[network_id] = progress.ProgressCell(label=label, tone="success", url=url)
        elif excused:
            cells[network_id] = progress.ProgressCell(label=_("Exception accepted"), tone="info", url=url)
        elif count:
            label = ngettext("%(count)d nominated", "%(count)d nominated", count) % {"count": count}
            cells[network_id] = progress.ProgressCell(label=label, tone="info", url=url)
        else:
            cells[network_id] = progress.ProgressCell(label=_("Not started"), tone="secondary", url=url)
    return cells


progress.register(progress.ProgressColumn(key="attendees", label=gettext_lazy("Attendees"), cells=_cells))


def _host_cells(cycle: Cycle) -> dict[int, progress.ProgressCell]:
    """One query. Only host networks have a cell; a network hosting two meetings shows them together,
    linked to its first meeting's checklist."""
    rows = (
        HostChecklistItem.objects.filter(meeting__cycle=cycle, meeting__host_network__isnull=False)
        .order_by("meeting__date", "meeting_id")
        .values_list("meeting__host_network_id", "meeting_id", "meeting__date", "days_before", "done_at")
    )
    today = timezone.localdate()
    tally: dict[int, dict] = {}
    for network_id, meeting_id, meeting_date, days_before, done_at in rows:
        counts = tally.setdefault(network_id, {"meeting": meeting_id, "total": 0, "done": 0, "late": 0})
        counts["total"] += 1
        if done_at is not None:
            counts["done"] += 1
        elif meeting_date is not None and meeting_date - timedelta(days=days_before) < today:
            counts["late"] += 1
    cells = {}
    for network_id, counts in tally.items():
        url = reverse("meetings:host_checklist", kwargs={"year": cycle.year, "pk": counts["meeting"]})
        label = _("%(done)d of %(total)d done") % counts
        if counts["done"] == counts["total"]:
            tone = "success"
        elif counts["late"]:
            tone = "warning"
            label = f"{label} · " + ngettext("%(late)d late", "%(late)d late", counts["late"]) % counts
        else:
            tone = "info" if counts["done"] else "secondary"
        cells[network_id] = progress.ProgressCell(label=label, tone=tone, url=url)
    return cells


progress.register(
    progress.ProgressColumn(key="host_checklist", label=gettext_lazy("Host checklist"), cells=_host_cells)
)
