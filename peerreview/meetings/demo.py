"""The panel and hosts part of the demo: the chair and the expert of cycle 2018 with their
declarations, and the host networks' checklists and venues, as they stand at a month.

The 2016 report names the roles (a chair; Harrie Eijkelhof as expert, who had sat on an assessment
committee, which is why 2018 wants an independent one). The people here are invented. In October
the chair has been found but has not declared yet, and the expert is still sought; from November
both have declared, the chair with one harmless tie (a guest lecture for a network he chairs),
which the panel page points out. Hosts exist from December (see peerreview.cycles.demo): they book
room, catering and parking in November–December and check the projector the week before.
Everything is written through the services, so the rules and the playbook's tasks follow.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from networks.demo import CHAIR_EMAIL, EXPERT_EMAIL
from networks.enums import Weekday
from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.cycles.enums import CYCLE_MONTHS
from peerreview.cycles.models import Cycle, month_due_date
from peerreview.meetings import selectors, services_hosts, services_panel
from peerreview.meetings.enums import ChecklistItemKind, TieKind
from peerreview.meetings.models import HostChecklistItem, PanelMember, PanelRole, Tie


@dataclass(frozen=True)
class DemoTie:
    network: str  # slug, or "" for none
    kind: str
    description: str
    years: str


@dataclass(frozen=True)
class DemoPanelMember:
    role: str
    name: str
    email: str
    organisation: str
    working_days: tuple[str, ...]
    recorded: int  # the cycle month from which they are recorded
    declared: date  # the day they declare (shown from the month after it)
    ties: tuple[DemoTie, ...] = ()


PANEL = (
    DemoPanelMember(
        PanelRole.CHAIR,
        "Hanneke Voorzitter",
        CHAIR_EMAIL,
        "Rector, Stedelijk Gymnasium Amersfoort",
        (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY),
        10,
        date(2017, 10, 30),
        (
            DemoTie(
                "leiden",
                TieKind.OTHER,
                "Gastcollege over schoolleiderschap op een docentendag van het netwerk",
                "2015",
            ),
        ),
    ),
    DemoPanelMember(
        PanelRole.EXPERT,
        "Erik Expert",
        EXPERT_EMAIL,
        "Onderzoeksbureau Onderwijs & Samenleving",
        (Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY),
        11,
        date(2017, 11, 10),
    ),
)

# Room, catering and parking are booked in the playbook's November; one host is a little later.
BOOKED = date(2017, 11, 24)
BOOKED_LATE = date(2017, 12, 12)
LATE_HOST = "nijmegen"
DIRECTIONS = (
    "Vanaf het station 10 minuten lopen, of bus 3 tot de halte bij de hoofdingang. "
    "Met de auto: parkeren op P2 met de uitrijkaart die u bij de receptie krijgt."
)


def _stage(month: int) -> int:
    return CYCLE_MONTHS.index(month)


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_panel_and_hosts(*, actor, cycle: Cycle, month: int | None) -> None:
    """Give the demo cycle its chair and expert and its hosts' checklists as on the 1st of ``month``.

    Does nothing to the panel when the cycle has one already.
    """
    month = month or CYCLE_MONTHS[0]
    as_of = month_due_date(cycle.year, month).replace(day=1)
    if not cycle.panel_members.exists():
        _panel(actor, cycle, month, as_of)
    if _stage(month) >= _stage(12):
        _hosts(actor, cycle, month, as_of)


def _panel(actor, cycle: Cycle, month: int, as_of: date) -> None:
    networks = {network.slug: network for network in Network.objects.filter(slug__in=_tie_slugs())}
    for demo in PANEL:
        if _stage(month) < _stage(demo.recorded):
            continue
        member = services_panel.panel_member_save(
            actor=actor,
            member=PanelMember(
                cycle=cycle,
                role=demo.role,
                name=demo.name,
                email=demo.email,
                organisation=demo.organisation,
                working_days=list(demo.working_days),
            ),
        )
        if demo.declared < as_of:
            services_panel.declaration_save(
                actor=member.user,
                member=member,
                truthful=True,
                declared_on=demo.declared,
                ties=[
                    Tie(network=networks.get(tie.network), kind=tie.kind, description=tie.description, years=tie.years)
                    for tie in demo.ties
                ],
            )


def _tie_slugs() -> set[str]:
    return {tie.network for demo in PANEL for tie in demo.ties if tie.network}


def _hosts(actor, cycle: Cycle, month: int, as_of: date) -> None:
    meetings = list(cycle.meetings.filter(host_network__isnull=False).select_related("host_network", "cycle"))
    services_hosts.host_checklists_ensure(cycle=cycle)
    coordinators = coordinators_by_network({meeting.host_network_id for meeting in meetings})
    for meeting in meetings:
        host = (coordinators.get(meeting.host_network_id) or [actor])[0]
        late = meeting.host_network.slug == LATE_HOST
        for item in selectors.host_checklist_of(meeting):
            done_at = _done_at(item, late=late, as_of=as_of)
            if done_at is None or item.is_done:
                continue
            services_hosts.checklist_item_set_done(actor=host, item=item, done=True)
            # As if ticked off that day, so that the page reads like the cycle's year.
            HostChecklistItem.objects.filter(pk=item.pk).update(done_at=done_at, updated_at=done_at)
        if month != 12 or not late:
            services_hosts.venue_save(actor=host, meeting=meeting, location=meeting.location, directions=DIRECTIONS)


def _done_at(item: HostChecklistItem, *, late: bool, as_of: date) -> datetime | None:
    """When the host ticked the item off, if before ``as_of``: the bookings in November (one host
    finishing parking and catering in December), the projector on the day it is due."""
    if item.kind == ChecklistItemKind.AV:
        day = item.due_date
    else:
        day = BOOKED_LATE if late and item.kind != ChecklistItemKind.ROOM else BOOKED
    return _aware(day, 11) if day is not None and day < as_of else None
