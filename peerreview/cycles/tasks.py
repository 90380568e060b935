"""Celery tasks of the timeline: take ids, call one service."""

from celery import shared_task
from django.utils import timezone

from peerreview.cycles.reminders import reminder_dispatch, reminders_plan
from peerreview.cycles.selectors import unfinished_cycles


@shared_task(name="cycles.dispatch_reminders", time_limit=300, soft_time_limit=280)
def dispatch_reminders() -> int:
    return reminder_dispatch()


@shared_task(name="cycles.plan_reminders", time_limit=300, soft_time_limit=280)
def plan_reminders() -> int:
    return sum(reminders_plan(cycle=cycle) for cycle in unfinished_cycles(timezone.localdate()))
