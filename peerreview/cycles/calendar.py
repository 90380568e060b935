"""What the product's calendar files share: stable UIDs and the meeting as an event.

The cycle's calendar download and a meeting's invitation give the meeting the same UID, so that a
calendar holding both knows them as one event, and a re-import or a changed date updates it.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from peerreview.cycles.models import ReviewMeeting

UID_DOMAIN = "peerreview.vo-ho-netwerken"
PRODID = "-//Peer review VO-HO networks//peerreview//NL"


def uid(kind: str, key) -> str:
    return f"{kind}-{key}@{UID_DOMAIN}"


def meeting_event(meeting: ReviewMeeting, **fields) -> Event:
    """The dated meeting as an event in the product's time zone; ``fields`` add or override properties."""
    zone = timezone.get_current_timezone()
    properties = {
        "uid": uid("meeting", meeting.pk),
        "summary": _("Peer review: %(meeting)s") % {"meeting": meeting.name},
        "start": datetime.combine(meeting.date, meeting.start_time, tzinfo=zone),
        "end": datetime.combine(meeting.date, meeting.end_time, tzinfo=zone),
        "location": meeting.location or None,
        "last_modified": meeting.updated_at,
    }
    return Event.new(**(properties | fields))
