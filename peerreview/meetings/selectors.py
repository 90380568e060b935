"""Reads of the meetings app (attendees, chair and expert, host checklists), each in a fixed number
of queries whatever the lists' lengths."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.enums import HIGHER_EDUCATION_KINDS, Weekday
from networks.models import Contact, Institution, Network
from networks.selectors import coordinated_network_ids
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.meetings.enums import INVOLVEMENT_KINDS, TieKind
from peerreview.meetings.models import (
    Attendee,
    AttendeeList,
    Declaration,
    HostChecklistItem,
    MeetingVenue,
    PanelMember,
    PanelRole,
    Tie,
)
from surveys.selectors import meeting_of

__all__ = [
    "addable_contacts",
    "attendee_list_of",
    "attendee_overview",
    "attendees_of",
    "declaration_of",
    "ho_institutions_of",
    "host_checklist_of",
    "host_overview",
    "meeting_of",
    "panel_for_meeting",
    "panel_of_cycle",
    "panel_warnings",
    "venue_of",
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


def venue_of(meeting: ReviewMeeting) -> MeetingVenue | None:
    return MeetingVenue.objects.filter(meeting=meeting).first()


def venue_text(meeting: ReviewMeeting) -> str:
    """Where the meeting takes place, as the invitations print it: the address (and room), then the
    host's directions and parking instructions, if any."""
    directions = MeetingVenue.objects.filter(meeting=meeting).values_list("directions", flat=True).first() or ""
    return "\n\n".join(part for part in (meeting.location.strip(), directions.strip()) if part)


# Chair and expert


def declaration_of(member: PanelMember) -> Declaration | None:
    """The member's declaration, whether read along with the member (select_related) or not."""
    try:
        return member.declaration
    except Declaration.DoesNotExist:
        return None


def _panel_members(cycle: Cycle) -> list[PanelMember]:
    """The cycle's chairs and experts with their declarations and ties: two queries."""
    return list(
        PanelMember.objects.filter(cycle=cycle)
        .select_related("meeting", "user", "declaration__declared_by")
        .prefetch_related(Prefetch("declaration__ties", queryset=Tie.objects.select_related("network").order_by("pk")))
        .order_by("role", "meeting__date", "meeting__name", "pk")
    )


@dataclass
class MeetingPanel:
    meeting: ReviewMeeting
    # Role value -> the member serving this meeting in that role (its own, else the cycle's), or None.
    serving: dict[str, PanelMember | None]
    own: dict[str, PanelMember | None]

    @property
    def chair(self) -> PanelMember | None:
        return self.serving[PanelRole.CHAIR]

    @property
    def expert(self) -> PanelMember | None:
        return self.serving[PanelRole.EXPERT]

    @property
    def rows(self) -> list[tuple[str, str, PanelMember | None, PanelMember | None]]:
        """Per role: its value, label, this meeting's own member, and who serves it."""
        return [(role, label, self.own[role], self.serving[role]) for role, label in PanelRole.choices]


@dataclass
class PanelOverview:
    members: list[PanelMember]
    # Role value -> the member serving every meeting without one of its own.
    cycle_wide: dict[str, PanelMember | None]
    meetings: list[MeetingPanel]

    @property
    def cycle_rows(self) -> list[tuple[str, str, PanelMember | None]]:
        """Per role: its value, label, and the member for every meeting."""
        return [(role, label, self.cycle_wide[role]) for role, label in PanelRole.choices]


def panel_of_cycle(cycle: Cycle) -> PanelOverview:
    """Who chairs and who is the expert, for the cycle and for each meeting. Four queries."""
    members = _panel_members(cycle)
    meetings = list(cycle.meetings.prefetch_related("networks").order_by("date", "name", "pk"))
    cycle_wide = dict.fromkeys(PanelRole.values)
    own: dict[int, dict[str, PanelMember]] = {}
    for member in members:
        if member.meeting_id is None:
            cycle_wide[member.role] = member
        else:
            own.setdefault(member.meeting_id, {})[member.role] = member
    rows = []
    for meeting in meetings:
        mine = own.get(meeting.pk, {})
        rows.append(
            MeetingPanel(
                meeting=meeting,
                serving={role: mine.get(role) or cycle_wide[role] for role in PanelRole.values},
                own={role: mine.get(role) for role in PanelRole.values},
            )
        )
    return PanelOverview(members=members, cycle_wide=cycle_wide, meetings=rows)


@dataclass(frozen=True)
class PanelWarning:
    """Something about the chair or expert the secretary should look at; the product does not refuse it."""

    member: PanelMember
    message: str
    url: str
    tie: Tie | None = None


def panel_warnings(cycle: Cycle, overview: PanelOverview | None = None) -> list[PanelWarning]:
    """Declarations missing, and declared ties that break the playbook's rule:

    - the expert ("someone not involved with the networks"): any involvement with a network (works
      for it or at a partner, sits on its board or steering group), and any seat on an assessment
      committee of the networks (the 2016 evaluation: no more experts who sat on one);
    - the chair: any tie with a network of a meeting they chair.

    Four queries (those of ``panel_of_cycle``), or none when given its result.
    """
    overview = overview or panel_of_cycle(cycle)
    url = reverse("meetings:panel", kwargs={"year": cycle.year})
    # Chair -> the networks of the meetings they chair, with the meeting's name.
    chaired: dict[int, dict[int, str]] = {}
    for row in overview.meetings:
        if row.chair is not None:
            for network in row.meeting.networks.all():
                chaired.setdefault(row.chair.pk, {}).setdefault(network.pk, row.meeting.name)
    warnings = []
    for member in overview.members:
        declaration = declaration_of(member)
        role = member.get_role_display()
        if declaration is None:
            warnings.append(
                PanelWarning(
                    member=member,
                    url=url,
                    message=_("%(name)s (%(role)s) has not declared their interests yet: declaration missing.")
                    % {"name": member.name, "role": role},
                )
            )
            continue
        for tie in declaration.ties.all():
            message = _tie_warning(member, tie, chaired.get(member.pk, {}))
            if message:
                warnings.append(PanelWarning(member=member, url=url, message=message, tie=tie))
    return warnings


def _tie_warning(member: PanelMember, tie: Tie, chaired: dict[int, str]) -> str:
    network = tie.network.name if tie.network_id else _("a network")
    values = {"name": member.name, "network": network, "tie": tie.description}
    if member.role == PanelRole.EXPERT:
        if tie.kind in INVOLVEMENT_KINDS:
            return (
                _(
                    "The expert %(name)s is involved with %(network)s (%(tie)s); "
                    "the independent expert must not be involved with any network."
                )
                % values
            )
        if tie.kind == TieKind.COMMITTEE:
            return (
                _(
                    "The expert %(name)s sat on an assessment committee of the networks (%(tie)s); "
                    "the independent expert must not have."
                )
                % values
            )
    elif member.role == PanelRole.CHAIR and tie.network_id in chaired:
        return _(
            "The chair %(name)s has a tie with %(network)s (%(tie)s), a network of %(meeting)s, which they chair."
        ) % {**values, "meeting": chaired[tie.network_id]}
    return ""


def panel_memberships_of(user) -> list[PanelMember]:
    """Where the user serves as chair or expert, newest cycle first, with their declarations."""
    return list(
        PanelMember.objects.filter(user=user)
        .select_related("cycle", "meeting", "declaration")
        .order_by("-cycle__year", "role", "meeting__date", "pk")
    )


# Host checklists


def host_checklist_of(meeting: ReviewMeeting) -> list[HostChecklistItem]:
    """The meeting's checklist, earliest due first; the items share the given meeting (for their due date)."""
    return list(meeting.host_checklist_items.select_related("done_by").order_by("-days_before", "pk"))


@dataclass
class HostedMeeting:
    meeting: ReviewMeeting
    items: list[HostChecklistItem]
    directions: str

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.is_done)

    @property
    def overdue(self) -> list[HostChecklistItem]:
        today = timezone.localdate()
        return [item for item in self.items if not item.is_done and item.due_date and item.due_date < today]


def host_overview(cycle: Cycle) -> list[HostedMeeting]:
    """Every meeting of the cycle with its host, checklist and directions. Two queries."""
    meetings = list(cycle.meetings.select_related("host_network", "venue").order_by("date", "name", "pk"))
    items: dict[int, list[HostChecklistItem]] = {}
    for item in HostChecklistItem.objects.filter(meeting__cycle=cycle).order_by("-days_before", "pk"):
        items.setdefault(item.meeting_id, []).append(item)
    result = []
    for meeting in meetings:
        mine = items.get(meeting.pk, [])
        for item in mine:
            item.meeting = meeting  # for the due date, without a query per item
        result.append(HostedMeeting(meeting=meeting, items=mine, directions=_directions(meeting)))
    return result


def _directions(meeting: ReviewMeeting) -> str:
    """The directions of a meeting read along with its venue (select_related)."""
    try:
        return meeting.venue.directions
    except MeetingVenue.DoesNotExist:
        return ""


def meetings_hosted_by(user, cycle: Cycle) -> list[ReviewMeeting]:
    """The cycle's meetings hosted by a network this user coordinates, for their home page."""
    return list(
        cycle.meetings.filter(host_network_id__in=coordinated_network_ids(user))
        .select_related("host_network")
        .order_by("date", "name")
    )
