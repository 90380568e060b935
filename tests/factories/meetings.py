"""Factories of the meetings app: attendees and a network's nomination for a meeting; the chair and
expert with their declarations; host checklist items."""

from datetime import date

import factory

from networks.enums import ContactRole, Weekday
from peerreview.meetings.enums import ChecklistItemKind, TieKind
from peerreview.meetings.models import (
    Attendee,
    AttendeeList,
    Declaration,
    HostChecklistItem,
    PanelMember,
    PanelRole,
    Tie,
)
from peerreview.meetings.services_panel import ROLE_FLAGS


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


def _account(email: str, role: str):
    from tests.factories import UserFactory  # the package imports this module

    return UserFactory(email=email, **{ROLE_FLAGS[role]: True})


class PanelMemberFactory(factory.django.DjangoModelFactory):
    """The chair of a cycle, for all its meetings, with an account of their own."""

    class Meta:
        model = PanelMember

    cycle = factory.SubFactory("tests.factories.CycleFactory")
    role = PanelRole.CHAIR
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"panel{n}@panel.example")
    working_days = factory.LazyFunction(lambda: [Weekday.TUESDAY.value])
    user = factory.LazyAttribute(lambda o: _account(o.email, o.role))


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    member = factory.SubFactory(PanelMemberFactory)
    truthful = True
    declared_on = date(2017, 10, 20)
    declared_by = factory.SelfAttribute("member.user")


class TieFactory(factory.django.DjangoModelFactory):
    """A tie with a network, of a kind that breaks no rule."""

    class Meta:
        model = Tie

    declaration = factory.SubFactory(DeclarationFactory)
    network = factory.SubFactory("tests.factories.NetworkFactory")
    kind = TieKind.OTHER
    description = "Gave a guest lecture"
    years = "2015"


class HostChecklistItemFactory(factory.django.DjangoModelFactory):
    """A free item of a meeting's host checklist, due ten days before it."""

    class Meta:
        model = HostChecklistItem

    meeting = factory.SubFactory("tests.factories.ReviewMeetingFactory")
    kind = ChecklistItemKind.OTHER
    title = factory.Sequence(lambda n: f"Item {n}")
    days_before = 10
