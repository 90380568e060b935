"""The attendees column of the cycle dashboard: per network not started, n nominated, submitted or exception."""

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peerreview.cycles import progress
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings.models import Attendee, AttendeeList


def _cells(cycle: Cycle) -> dict[int, progress.ProgressCell]:
    """Three queries for the whole table. A network not yet in a meeting has no cell (a dash)."""
    memberships = (
        ReviewMeeting.networks.through.objects.filter(reviewmeeting__cycle=cycle)
        .order_by("reviewmeeting__date", "reviewmeeting_id")
        .values_list("reviewmeeting_id", "network_id", "network__slug")
    )
    meeting_of: dict[int, tuple[int, str]] = {}
    for meeting_id, network_id, slug in memberships:
        meeting_of.setdefault(network_id, (meeting_id, slug))
    lists = {(a.meeting_id, a.network_id): a for a in AttendeeList.objects.filter(meeting__cycle=cycle)}
    counts = {
        (row["meeting_id"], row["network_id"]): row["n"]
        for row in Attendee.objects.filter(meeting__cycle=cycle)
        .order_by()
        .values("meeting_id", "network_id")
        .annotate(n=Count("pk"))
    }
    cells = {}
    for network_id, (meeting_id, slug) in meeting_of.items():
        url = reverse("meetings:attendees", kwargs={"year": cycle.year, "slug": slug})
        attendee_list = lists.get((meeting_id, network_id))
        count = counts.get((meeting_id, network_id), 0)
        if attendee_list is not None and attendee_list.is_submitted:
            label = _("Submitted %(date)s") % {"date": date_format(attendee_list.submitted_at, "j M")}
            if attendee_list.exception_accepted:
                label = f"{label} · " + _("exception")
            cells[network_id] = progress.ProgressCell(label=label, tone="success", url=url)
        elif attendee_list is not None and attendee_list.exception_accepted:
            cells[network_id] = progress.ProgressCell(label=_("Exception accepted"), tone="info", url=url)
        elif count:
            label = ngettext("%(count)d nominated", "%(count)d nominated", count) % {"count": count}
            cells[network_id] = progress.ProgressCell(label=label, tone="info", url=url)
        else:
            cells[network_id] = progress.ProgressCell(label=_("Not started"), tone="secondary", url=url)
    return cells


progress.register(progress.ProgressColumn(key="attendees", label=gettext_lazy("Attendees"), cells=_cells))
