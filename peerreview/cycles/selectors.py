"""Reads of the timeline, shaped by who is asking."""

from datetime import date

from django.db.models import Q, QuerySet

from networks.selectors import coordinated_network_ids
from peerreview.cycles.enums import Owner
from peerreview.cycles.models import Cycle, Task


def cycle_for_today(today: date) -> Cycle | None:
    """The cycle running today; between cycles the next one, or else the latest."""
    year = today.year + 1 if today.month >= 10 else today.year
    cycles = Cycle.objects.all()
    return (
        cycles.filter(year=year).first()
        or cycles.filter(year__gt=year).order_by("year").first()
        or cycles.order_by("-year").first()
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
