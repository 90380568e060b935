"""The cycle part of the demo: cycle 2018 placed at a month of its timeline.

At month M everything the playbook plans before M is done; what falls in M and later is open.
The grouping exists from November (it is approved in October), the dates and hosts from December
(the date polls run in November), as a real cycle would have them.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from networks.models import Network
from peerreview.cycles import reminders, services
from peerreview.cycles.enums import CYCLE_MONTHS, TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting, month_due_date

YEAR = 2018
# The 2016 grouping (the seeds' section 1.5), hosted this time away from 2016's hosts (Amsterdam,
# Utrecht, Wageningen), on dates like 2016's.
MEETINGS = (
    ("Peer review gesprek 1", ("limburg", "utrecht", "zuid-holland", "leiden"), "zuid-holland", date(2018, 4, 3)),
    ("Peer review gesprek 2", ("amsterdam", "oost", "zeeland"), "zeeland", date(2018, 4, 17)),
    ("Peer review gesprek 3", ("brabant", "nijmegen", "noord", "wageningen"), "nijmegen", date(2018, 5, 15)),
)
MONTHS = {
    "october": 10, "oktober": 10, "november": 11, "december": 12, "january": 1, "januari": 1,
    "february": 2, "februari": 2, "march": 3, "maart": 3, "april": 4, "may": 5, "mei": 5, "june": 6, "juni": 6,
}  # fmt: skip


def parse_month(value: str) -> int:
    """A month of the cycle by English or Dutch name or number; ValueError otherwise."""
    value = value.strip().lower()
    month = int(value) if value.isdigit() else MONTHS.get(value)
    if month not in CYCLE_MONTHS:
        raise ValueError(value)
    return month


def _first_day(month: int) -> date:
    return month_due_date(YEAR, month).replace(day=1)


@transaction.atomic
def load_cycle(*, actor, month: int | None) -> Cycle:
    """Create cycle 2018 (if absent, or anew when a month is asked for) and place it at that month."""
    existing = Cycle.objects.filter(year=YEAR).first()
    if existing is not None and month is None:
        return existing
    if existing is not None:
        existing.delete()
    month = month or CYCLE_MONTHS[0]
    stage = CYCLE_MONTHS.index(month)
    cycle = services.cycle_create(
        actor=actor,
        cycle=Cycle(year=YEAR, report_recipients=["rapportage@ocw.demo.example"]),
        networks=Network.objects.filter(
            active=True, slug__in={slug for _n, slugs, _h, _d in MEETINGS for slug in slugs}
        ),
    )
    networks = {network.slug: network for network in cycle.networks.all()}
    if stage >= CYCLE_MONTHS.index(11):
        for name, slugs, host, day in MEETINGS:
            dated = stage >= CYCLE_MONTHS.index(12)
            services.meeting_save(
                actor=actor,
                meeting=ReviewMeeting(
                    cycle=cycle,
                    name=name,
                    date=day if dated else None,
                    host_network=networks.get(host) if dated else None,
                    location=f"{networks[host].name}, vergaderzaal" if dated and host in networks else "",
                ),
                networks=[networks[slug] for slug in slugs if slug in networks],
            )
    today = _first_day(month)
    for task in cycle.tasks.filter(due_date__lt=today):
        task.state = TaskState.DONE
        task.completed_by = actor
        task.completed_at = timezone.make_aware(datetime.combine(task.due_date, time(16, 0)))
        task.save(update_fields=["state", "completed_by", "completed_at"])
    reminders.reminders_plan(cycle=cycle)
    return cycle
