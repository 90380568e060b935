"""Reads of the timeline, shaped by who is asking."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.models import Network
from networks.selectors import coordinated_network_ids
from peerreview.cycles import progress
from peerreview.cycles.enums import CYCLE_MONTHS, Anchor, Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task


def cycle_for_today(today: date) -> Cycle | None:
    """The cycle running today; between cycles the next one, or else the latest."""
    year = today.year + 1 if today.month >= 10 else today.year
    # One query: there is a cycle every two years, so the table stays tiny.
    cycles = list(Cycle.objects.order_by("year"))
    return (
        next((cycle for cycle in cycles if cycle.year == year), None)
        or next((cycle for cycle in cycles if cycle.year > year), None)
        or (cycles[-1] if cycles else None)
    )


def unfinished_cycles(today: date) -> QuerySet[Cycle]:
    """Cycles whose June has not yet passed."""
    return Cycle.objects.filter(year__gte=today.year if today.month <= 6 else today.year + 1)


def tasks_for_user(user, cycle: Cycle) -> QuerySet[Task]:
    """The tasks a person owns: all of the secretary's, the chair's, and their networks' and hosted meetings'."""
    tasks = cycle.tasks.select_related("meeting", "completed_by")
    owned = Q(pk__in=[])
    if user.is_staff:
        owned |= Q(owner=Owner.SECRETARY)
    if user.is_chair:
        owned |= Q(owner=Owner.CHAIR)
    network_ids = coordinated_network_ids(user)
    if network_ids:
        in_cycle = cycle.networks.filter(pk__in=network_ids).exists()
        owned |= Q(owner=Owner.NETWORKS, meeting__networks__in=network_ids)
        if in_cycle:
            owned |= Q(owner=Owner.NETWORKS, meeting__isnull=True)
        owned |= Q(owner=Owner.HOSTS, meeting__host_network__in=network_ids)
    return tasks.filter(owned).distinct().order_by("due_date", "position", "pk")


def cycles_for_list() -> QuerySet[Cycle]:
    """Every cycle with its counts of networks, tasks and open tasks, newest first."""
    return (
        Cycle.objects.select_related("previous")
        .annotate(
            network_count=Count("networks", distinct=True),
            task_count=Count("tasks", distinct=True),
            open_count=Count("tasks", filter=Q(tasks__state=TaskState.OPEN), distinct=True),
        )
        .order_by("-year")
    )


def latest_cycle_before(year: int | None = None) -> Cycle | None:
    cycles = Cycle.objects.order_by("-year")
    if year is not None:
        cycles = cycles.filter(year__lt=year)
    return cycles.first()


def describe_when(item: Task | PlaybookStep) -> str:
    """When a step or task falls, as the playbook says it: a month, or days from each meeting."""
    if item.anchor == Anchor.MONTH:
        return capfirst(item.get_month_display()) if item.month else ""
    days = abs(item.offset_days)
    if days == 0:
        return _("On the day of each meeting")
    if item.anchor == Anchor.BEFORE_MEETING:
        return ngettext("%(n)s day before each meeting", "%(n)s days before each meeting", days) % {"n": days}
    return ngettext("%(n)s day after each meeting", "%(n)s days after each meeting", days) % {"n": days}


def playbook_steps() -> list[PlaybookStep]:
    """The template in order, active rows first, each with its ``when`` described."""
    steps = sorted(PlaybookStep.objects.all(), key=lambda step: (not step.active, step.position, step.pk))
    for step in steps:
        step.when = describe_when(step)
    return steps


@dataclass
class MonthSection:
    label: str
    key: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class NetworkRow:
    """One participating network on the dashboard. Later features add fields here and a column."""

    network: Network
    meetings: list[ReviewMeeting] = field(default_factory=list)
    open_tasks: list[Task] = field(default_factory=list)
    # One cell (or None) per registered progress column, in the order of progress.columns().
    progress: list = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for task in self.open_tasks if task.overdue)


def _cycle_months(cycle: Cycle) -> list[tuple[int, int]]:
    return [(cycle.year - 1 if month >= 10 else cycle.year, month) for month in CYCLE_MONTHS]


def _mark(tasks, today: date) -> list[Task]:
    for task in tasks:
        task.overdue = task.is_overdue(today)
    return tasks


def cycle_dashboard(cycle: Cycle, today: date, *, soon_days: int = 21) -> dict:
    """Everything the secretary's dashboard shows, in four queries whatever the cycle's size.

    ``overdue`` and ``upcoming`` are the next actions; ``months`` the timeline October–June (a
    task sits under the month of its due date, or of its playbook month), ``undated`` the tasks
    waiting for a meeting date; ``network_rows`` one row per participating network.
    """
    tasks = _mark(
        list(cycle.tasks.select_related("meeting", "completed_by").order_by("due_date", "position", "pk")), today
    )
    meetings = list(cycle.meetings.select_related("host_network").prefetch_related("networks").order_by("date", "name"))
    networks = list(cycle.networks.order_by("name"))

    open_tasks = [task for task in tasks if task.state == TaskState.OPEN]
    overdue = [task for task in open_tasks if task.overdue]
    horizon = today + timedelta(days=soon_days)
    upcoming = [task for task in open_tasks if task.due_date and today <= task.due_date <= horizon]

    sections = {ym: MonthSection(label=_month_label(*ym), key=f"{ym[0]}-{ym[1]:02d}") for ym in _cycle_months(cycle)}
    undated = []
    for task in tasks:
        if task.due_date:
            ym = (task.due_date.year, task.due_date.month)
        elif task.anchor == Anchor.MONTH and task.month:
            ym = (cycle.year - 1 if task.month >= 10 else cycle.year, task.month)
        else:
            undated.append(task)
            continue
        if ym not in sections:
            sections[ym] = MonthSection(label=_month_label(*ym), key=f"{ym[0]}-{ym[1]:02d}")
        sections[ym].tasks.append(task)

    rows = {network.pk: NetworkRow(network=network) for network in networks}
    members = {meeting.pk: [network.pk for network in meeting.networks.all()] for meeting in meetings}
    for meeting in meetings:
        for network_id in members[meeting.pk]:
            if network_id in rows:
                rows[network_id].meetings.append(meeting)
    for task in open_tasks:
        if task.owner == Owner.NETWORKS:
            concerned = members.get(task.meeting_id, []) if task.meeting_id else list(rows)
        elif task.owner == Owner.HOSTS and task.meeting_id:
            concerned = [task.meeting.host_network_id]
        else:
            continue
        for network_id in concerned:
            if network_id in rows:
                rows[network_id].open_tasks.append(task)

    progress_columns = progress.columns()
    for column in progress_columns:
        cells = column.cells(cycle)
        for network_id, row in rows.items():
            row.progress.append(cells.get(network_id))

    return {
        "progress_columns": progress_columns,
        "overdue": overdue,
        "upcoming": upcoming,
        "open_count": len(open_tasks),
        "months": [sections[ym] for ym in sorted(sections)],
        "undated": undated,
        "meetings": meetings,
        "network_rows": list(rows.values()),
    }


def _month_label(year: int, month: int) -> str:
    return capfirst(date_format(date(year, month, 1), "F Y"))


def cycle_cockpit(cycle: Cycle, today: date, *, limit: int = 5) -> dict:
    """The home page's summary of a cycle for the secretary: counts and the next few open tasks."""
    tasks = cycle.tasks.open()
    counts = tasks.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    next_tasks = _mark(
        list(
            tasks.filter(due_date__isnull=False)
            .select_related("meeting")
            .order_by("due_date", "position", "pk")[:limit]
        ),
        today,
    )
    return {"cycle": cycle, "counts": counts, "next_tasks": next_tasks}


def meetings_for_user(user, cycle: Cycle) -> QuerySet[ReviewMeeting]:
    """The meetings that concern a person: all for the secretary, chair and expert; else their networks'."""
    meetings = cycle.meetings.select_related("host_network")
    if not (user.is_staff or user.is_chair or user.is_expert):
        network_ids = coordinated_network_ids(user)
        meetings = meetings.filter(Q(networks__in=network_ids) | Q(host_network__in=network_ids)).distinct()
    return meetings.order_by("date", "name")


def meeting_tasks(meeting: ReviewMeeting, today: date) -> list[Task]:
    return _mark(list(meeting.tasks.select_related("completed_by").order_by("due_date", "position", "pk")), today)
