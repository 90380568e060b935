"""The calendar file sent with a meeting's invitation.

The event's UID is the one the cycle's calendar download gives the meeting, so that a calendar that
has both knows them as one event; the SEQUENCE grows with every invitation sent for the meeting, so
that a calendar receiving a changed date replaces its entry instead of adding a second one.
"""

from django.utils import timezone
from icalendar import Calendar

from peerreview.cycles.calendar import PRODID, meeting_event
from peerreview.cycles.models import ReviewMeeting

ICS_MIMETYPE = "text/calendar"


def _location(venue: str) -> str:
    """The venue's first paragraph (the address) on one line: a calendar's location field is short,
    and the directions that follow go in the description."""
    address = venue.strip().split("\n\n")[0]
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())


def meeting_invitation_ics(meeting: ReviewMeeting, *, sequence: int, venue: str, description: str) -> bytes:
    """An iCalendar file (METHOD:PUBLISH) with the meeting as one event in the product's time zone.

    PUBLISH rather than REQUEST: a REQUEST asks every calendar to send its owner's acceptance back to
    an organizer, and the product has no mailbox that reads replies.
    """
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH")
    calendar.add_component(
        meeting_event(
            meeting,
            sequence=sequence,
            description=description or None,
            location=_location(venue) or None,
            stamp=timezone.now(),
            status="CONFIRMED",
        )
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()
