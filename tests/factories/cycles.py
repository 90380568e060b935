"""Factories of the cycles app: plain rows, without the timeline that ``cycle_create`` builds."""

from datetime import timedelta

import factory
from django.utils import timezone

from peerreview.cycles.enums import Anchor, Owner, ReminderKind
from peerreview.cycles.models import Cycle, Reminder, ReviewMeeting, Task


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2040 + n)


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"Gesprek {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    location = "Utrecht"


class TaskFactory(factory.django.DjangoModelFactory):
    """A secretary's task due in two weeks, outside any playbook step."""

    class Meta:
        model = Task

    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"Taak {n}")
    title_en = factory.Sequence(lambda n: f"Task {n}")
    owner = Owner.SECRETARY
    anchor = Anchor.MONTH
    month = 1
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class ReminderFactory(factory.django.DjangoModelFactory):
    """A pending reminder that a task is due soon, itself due an hour ago."""

    class Meta:
        model = Reminder

    concerning = factory.SubFactory(TaskFactory)
    cycle = factory.SelfAttribute("concerning.cycle")
    kind = ReminderKind.TASK_DUE
    recipient = factory.SubFactory("tests.factories.SecretaryFactory")
    due_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
