"""Reads of the meetings' attendees, in a fixed number of queries whatever the list's length."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Lower

from networks.enums import HIGHER_EDUCATION_KINDS, Weekday
from networks.models import Contact, Institution, Network
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings.models import Attendee, AttendeeList, PanelMember, PanelRole
from surveys.selectors import meeting_of

__all__ = [
    "addable_contacts",
    "attendee_list_of",
    "attendee_overview",
    "attendees_of",
    "ho_institutions_of",
    "meeting_of",
    "panel_for_meeting",
    "venue_text",
]


def ho_institutions_of(network: Network) -> QuerySet[Institution]:
    """The network's higher-education partners: each must send a coordinator or representative."""
    return network.institutions.filter(kind__in=HIGHER_EDUCATION_KINDS).order_by("name")


def attendees_of(meeting: ReviewMeeting, network: Network) -> QuerySet[Attendee]:
    return (
        Attendee.objects.filter(meeting=meeting, network=network).select_related("institution").order_by("name", "pk")
    )


def attendee_list_of(meeting: ReviewMeeting, network: Network) -> AttendeeList | None:
    return (
        AttendeeList.objects.filter(meeting=meeting, network=network)
        .select_related("submitted_by", "exception_by")
        .first()
    )


def addable_contacts(meeting: ReviewMeeting, network: Network) -> QuerySet[Contact]:
    """The network's contacts not on the meeting's list yet (compared by e-mail address, in any case)."""
    taken = Attendee.objects.filter(meeting=meeting, network=network).values(lower_email=Lower("email"))
    return network.contacts.annotate(lower_email=Lower("email")).exclude(lower_email__in=taken).order_by("name", "pk")


@dataclass
class NetworkNomination:
    network: Network
    attendee_list: AttendeeList | None
    attendees: list[Attendee] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.attendee_list is not None and self.attendee_list.exception_accepted:
            return "exception"
        if self.attendee_list is not None and self.attendee_list.is_submitted:
            return "submitted"
        return "nominating" if self.attendees else "not_started"


@dataclass
class MeetingNominations:
    meeting: ReviewMeeting
    networks: list[NetworkNomination]
    # Weekday label → how many nominated attendees work that day, Monday to Friday.
    weekday_counts: list[tuple[str, int]]

    @property
    def attendee_count(self) -> int:
        return sum(len(n.attendees) for n in self.networks)


def attendee_overview(cycle: Cycle) -> list[MeetingNominations]:
    """Every meeting of the cycle with each of its networks' attendees and how many work on each weekday.

    Four queries: meetings with their networks, attendee lists, attendees.
    """
    meetings = list(cycle.meetings.prefetch_related("networks").order_by("date", "name", "pk"))
    lists = {(a.meeting_id, a.network_id): a for a in AttendeeList.objects.filter(meeting__cycle=cycle)}
    attendees: dict[tuple[int, int], list[Attendee]] = {}
    for attendee in Attendee.objects.filter(meeting__cycle=cycle).select_related("institution").order_by("name", "pk"):
        attendees.setdefault((attendee.meeting_id, attendee.network_id), []).append(attendee)
    result = []
    for meeting in meetings:
        rows = [
            NetworkNomination(
                network=network,
                attendee_list=lists.get((meeting.pk, network.pk)),
                attendees=attendees.get((meeting.pk, network.pk), []),
            )
            for network in sorted(meeting.networks.all(), key=lambda n: n.name)
        ]
        days = Counter(day for row in rows for attendee in row.attendees for day in attendee.working_days)
        result.append(
            MeetingNominations(
                meeting=meeting,
                networks=rows,
                weekday_counts=[(str(day.label), days.get(day.value, 0)) for day in Weekday],
            )
        )
    return result


def panel_for_meeting(meeting: ReviewMeeting) -> list[PanelMember]:
    """The chair and the expert of a meeting: its own member of each role, else the cycle's."""
    members = PanelMember.objects.filter(cycle_id=meeting.cycle_id).filter(
        models.Q(meeting=meeting) | models.Q(meeting__isnull=True)
    )
    chosen: dict[str, PanelMember] = {}
    for member in members.select_related("user"):
        if member.role not in chosen or member.meeting_id is not None:
            chosen[member.role] = member
    return [chosen[role] for role in PanelRole.values if role in chosen]


def venue_text(meeting: ReviewMeeting) -> str:
    """Where the meeting takes place, as the invitations print it."""
    return meeting.location
