"""What the optimizer is told about a cycle's networks: sizes, places, likeness, last cycle's groups
and the learning fit, read in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.enums import InstitutionKind
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.grouping import inputs
from peerreview.grouping.optimizer import Constraints, grouping_propose
from surveys import services as surveys_services
from tests.factories import (
    BottleneckFactory,
    CycleFactory,
    GoodPracticeFactory,
    InstitutionFactory,
    PartnerSchoolFactory,
    PreparationFactory,
    ThemeFactory,
)
from tests.factories.grouping import PlacedNetworkFactory

pytestmark = pytest.mark.django_db


def by_id(networks):
    return {network.id: network for network in networks}


def test_network_inputs_size_counts_partner_schools_and_institutions(cycle, network, other_network):
    InstitutionFactory(kind=InstitutionKind.UNIVERSITY).networks.add(network)
    InstitutionFactory(kind=InstitutionKind.COMPANY).networks.add(network)

    result = by_id(inputs.network_inputs(cycle))

    assert (result[network.pk].size, result[other_network.pk].size) == (6 + 2, 1)


def test_network_inputs_carry_founding_year_and_place(cycle, networks):
    placed = networks[2]

    result = by_id(inputs.network_inputs(cycle))[placed.pk]

    assert (result.name, result.founded) == (placed.name, placed.founded_year)
    assert (result.latitude, result.longitude) == (float(placed.latitude), float(placed.longitude))


def test_network_inputs_skip_inactive_networks(cycle, networks):
    networks[5].active = False
    networks[5].save()

    result = inputs.network_inputs(cycle)

    assert [n.id for n in result] == [n.pk for n in sorted(networks[:5], key=lambda n: n.name)]


def test_likeness_is_the_mix_of_partner_kinds(cycle, network, other_network):
    for kind in (InstitutionKind.UNIVERSITY, InstitutionKind.UNIVERSITY, InstitutionKind.APPLIED_SCIENCES):
        InstitutionFactory(kind=kind).networks.add(network)
    InstitutionFactory(kind=InstitutionKind.OTHER).networks.add(network)

    result = by_id(inputs.network_inputs(cycle))

    assert result[network.pk].likeness == (0.5, 0.25, 0.0, 0.25)
    assert result[other_network.pk].likeness is None  # no partners known: neither alike nor unalike


def test_previous_group_is_the_meeting_of_the_previous_cycle(secretary, networks):
    previous = CycleFactory(year=2028)
    first = meeting_save(
        actor=secretary, meeting=ReviewMeeting(cycle=previous, name="Gesprek 1"), networks=networks[:3]
    )
    second = meeting_save(
        actor=secretary, meeting=ReviewMeeting(cycle=previous, name="Gesprek 2"), networks=networks[3:5]
    )
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2030), networks=networks)

    result = by_id(inputs.network_inputs(cycle))

    assert cycle.previous == previous
    assert [result[n.pk].previous_group for n in networks] == [first.pk] * 3 + [second.pk] * 2 + [None]


def test_without_previous_cycle_no_network_has_a_previous_group(cycle):
    assert {network.previous_group for network in inputs.network_inputs(cycle)} == {None}


@pytest.fixture
def preparations(cycle, network, other_network, networks):
    """Utrecht asks about companies; Limburg answers it under the same theme, another under another."""
    business, quality = ThemeFactory(cycle=cycle), ThemeFactory(cycle=cycle)
    BottleneckFactory(
        preparation=PreparationFactory(cycle=cycle, network=network),
        theme=business,
        description="Bedrijven haken af na één gastles.",
        learning_question="Hoe binden we bedrijven langer aan ons docentenprogramma?",
        priority=1,
    )
    GoodPracticeFactory(
        preparation=PreparationFactory(cycle=cycle, network=other_network),
        theme=business,
        title="Bedrijven in het docentenprogramma",
        description="Bedrijven geven elk jaar workshops in ons docentenprogramma.",
    )
    GoodPracticeFactory(
        preparation=PreparationFactory(cycle=cycle, network=networks[2]),
        theme=quality,
        title="Lesbezoek na de workshop",
        description="Na elke workshop bezoekt een collega een les.",
    )
    return business, quality


def test_learning_fit_counts_the_same_theme_most_then_shared_words(
    cycle, network, other_network, networks, preparations
):
    fits = inputs.learning_fit(cycle, [n.pk for n in networks])

    # Same theme (0.6) and "bedrijven", "docentenprogramma" of the question's words found in the practice.
    question = inputs.words(
        "Hoe binden we bedrijven langer aan ons docentenprogramma?", "Bedrijven haken af na één gastles."
    )
    practice = inputs.words(
        "Bedrijven in het docentenprogramma", "Bedrijven geven elk jaar workshops in ons docentenprogramma."
    )
    shared = len(question & practice) / len(question)
    assert fits[network.pk][other_network.pk] == pytest.approx(0.6 + 0.4 * shared, abs=1e-4)
    assert 0 <= fits[network.pk][networks[2].pk] < 0.6  # another theme, no shared subject words
    assert fits[network.pk][other_network.pk] > fits[network.pk][networks[2].pk]


def test_learning_fit_is_unknown_without_learning_questions(cycle, network, other_network, networks, preparations):
    fits = inputs.learning_fit(cycle, [n.pk for n in networks])

    assert set(fits) == {network.pk}  # only Utrecht asked anything
    assert network.pk not in fits[network.pk]  # nobody answers their own question


def test_learning_fit_reaches_the_optimizer(cycle, network, other_network, preparations):
    result = by_id(inputs.network_inputs(cycle))

    assert result[network.pk].learning_fit[other_network.pk] > 0.6


def test_words_drop_short_and_stop_words():
    assert inputs.words("Hoe kunnen we de havo-leerlingen beter bereiken, with the companies?") == frozenset(
        {"havo-leerlingen", "beter", "bereiken", "companies"}
    )


def _cycle_of(secretary, count: int, year: int) -> Cycle:
    networks = PlacedNetworkFactory.create_batch(count)
    for index, member in enumerate(networks):
        PartnerSchoolFactory.create_batch(index % 3, network=member)
        InstitutionFactory(kind=InstitutionKind.UNIVERSITY).networks.add(member)
    previous = CycleFactory(year=year - 2)
    meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=previous, name="Gesprek"), networks=networks[:3])
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=year), networks=networks)
    surveys_services.themes_install(cycle=cycle)
    theme = cycle.themes.first()
    for member in networks:
        preparation = PreparationFactory(cycle=cycle, network=member)
        GoodPracticeFactory(preparation=preparation, theme=theme)
        BottleneckFactory(
            preparation=preparation, theme=theme, learning_question="Hoe bereiken we scholen?", priority=1
        )
    return cycle


def test_network_inputs_query_count_does_not_grow_with_the_networks(secretary):
    small, large = _cycle_of(secretary, 3, 2030), _cycle_of(secretary, 12, 2034)
    counts = []
    for cycle in (small, large):
        with CaptureQueriesContext(connection) as queries:
            result = inputs.network_inputs(cycle)
        counts.append(len(queries))
        assert all(network.learning_fit for network in result)

    assert counts == [5, 5]


def test_network_inputs_feed_the_optimizer(cycle, networks):
    proposals = grouping_propose(inputs.network_inputs(cycle), inputs.default_weights(cycle), Constraints())

    assert sorted(len(group) for group in proposals[0].partition) == [3, 3]
