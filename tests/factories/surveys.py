"""Factories of the surveys app: plain rows, saved without the services' checks.

Themes come from ``themes_install`` in most tests; ``ThemeFactory`` is for a theme of one's own.
Follow-ups come from ``followup_for`` in most tests; the follow-up factories are for bulk data.
"""

import factory

from surveys.models import (
    Bottleneck,
    FollowUp,
    FollowUpItem,
    GoodPractice,
    Preparation,
    PreviousActionPoint,
    Theme,
)
from tests.factories.cycles import CycleFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    cycle = factory.SubFactory(CycleFactory)
    key = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: (n + 1) * 10)


class PreparationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preparation
        django_get_or_create = ("cycle", "network")

    cycle = factory.SubFactory(CycleFactory)
    network = factory.SubFactory("tests.factories.NetworkFactory")


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    preparation = factory.SubFactory(PreparationFactory)
    theme = factory.SubFactory(ThemeFactory, cycle=factory.SelfAttribute("..preparation.cycle"))
    title = factory.Sequence(lambda n: f"Goede praktijk {n}")
    description = "Leerlingen van partnerscholen doen onderzoek in het lab van de universiteit."
    lessons = "Begin klein."
    success_factors = "Vaste contactpersonen."


class BottleneckFactory(factory.django.DjangoModelFactory):
    """A bottleneck without a learning question; pass ``learning_question`` and ``priority`` for one."""

    class Meta:
        model = Bottleneck

    preparation = factory.SubFactory(PreparationFactory)
    theme = factory.SubFactory(ThemeFactory, cycle=factory.SelfAttribute("..preparation.cycle"))
    description = "Scholen haken af wanneer de subsidie stopt."
    want_to_discuss = factory.LazyAttribute(lambda o: bool(o.learning_question))
    learning_question = ""
    priority = None


class PreviousActionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreviousActionPoint

    cycle = factory.SubFactory(CycleFactory)
    network = factory.SubFactory("tests.factories.NetworkFactory")
    text = factory.Sequence(lambda n: f"Actiepunt {n}: bedrijven betrekken bij de docentontwikkelteams")
    who = "Coördinator"
    position = factory.Sequence(lambda n: n + 1)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp
        django_get_or_create = ("cycle", "network")

    cycle = factory.SubFactory(CycleFactory)
    network = factory.SubFactory("tests.factories.NetworkFactory")


class FollowUpItemFactory(factory.django.DjangoModelFactory):
    """An unanswered action point of a follow-up; pass ``state`` and ``comment`` for an answer."""

    class Meta:
        model = FollowUpItem

    follow_up = factory.SubFactory(FollowUpFactory)
    text = factory.Sequence(lambda n: f"Actiepunt {n}")
    position = factory.Sequence(lambda n: n + 1)
