"""factory_boy factories for the whole suite."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from networks.enums import ContactRole, InstitutionKind, Weekday
from networks.models import Contact, Institution, Network, PartnerSchool, School
from tests.factories.cycles import CycleFactory, ReminderFactory, ReviewMeetingFactory, TaskFactory
from tests.factories.meetings import AttendeeFactory, AttendeeListFactory
from tests.factories.surveys import BottleneckFactory, GoodPracticeFactory, PreparationFactory, ThemeFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("a-good-test-password")


class SecretaryFactory(UserFactory):
    is_staff = True


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    region = factory.Faker("city", locale="nl_NL")
    founded_year = 2010


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Universiteit {n}")
    kind = InstitutionKind.UNIVERSITY


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Lyceum {n}")
    brin_code = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}{chr(65 + (n // 2600) % 26)}")
    town = factory.Faker("city", locale="nl_NL")


class PartnerSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerSchool

    network = factory.SubFactory(NetworkFactory)
    school = factory.SubFactory(SchoolFactory)
    tier = "Connectie"
    yearly_contribution = Decimal("2500.00")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    network = factory.SubFactory(NetworkFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"contact{n}@school.example")
    organisation = "Lyceum"
    roles = factory.LazyFunction(lambda: [ContactRole.VO_TEACHER.value])
    working_days = factory.LazyFunction(lambda: [Weekday.MONDAY.value, Weekday.TUESDAY.value])


class CoordinatorContactFactory(ContactFactory):
    """A coordinator contact linked to its own user account, as networks.services makes them."""

    roles = factory.LazyFunction(lambda: [ContactRole.COORDINATOR.value])
    user = factory.LazyAttribute(lambda o: UserFactory(email=o.email))


__all__ = [
    "AttendeeFactory",
    "AttendeeListFactory",
    "BottleneckFactory",
    "ContactFactory",
    "CoordinatorContactFactory",
    "CycleFactory",
    "GoodPracticeFactory",
    "InstitutionFactory",
    "NetworkFactory",
    "PartnerSchoolFactory",
    "PreparationFactory",
    "ReminderFactory",
    "ReviewMeetingFactory",
    "SchoolFactory",
    "SecretaryFactory",
    "TaskFactory",
    "ThemeFactory",
    "UserFactory",
]
