"""Factories of the meetings app: attendees and a network's nomination for a meeting."""

import factory

from networks.enums import ContactRole, Weekday
from peerreview.meetings.models import Attendee, AttendeeList


class AttendeeListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendeeList
        django_get_or_create = ("meeting", "network")

    meeting = factory.SubFactory("tests.factories.ReviewMeetingFactory")
    network = factory.SubFactory("tests.factories.NetworkFactory")


class AttendeeFactory(factory.django.DjangoModelFactory):
    """A VO teacher on a network's list, working Monday and Tuesday."""

    class Meta:
        model = Attendee

    meeting = factory.SubFactory("tests.factories.ReviewMeetingFactory")
    network = factory.SubFactory("tests.factories.NetworkFactory")
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"attendee{n}@school.example")
    organisation = "Lyceum"
    roles = factory.LazyFunction(lambda: [ContactRole.VO_TEACHER.value])
    working_days = factory.LazyFunction(lambda: [Weekday.MONDAY.value, Weekday.TUESDAY.value])
