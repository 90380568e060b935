"""A cycle of six networks, as the grouping tests use it: Utrecht (the coordinator's, and the
largest), Limburg (the other coordinator's) and four more, each with a coordinator of its own."""

import pytest

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from tests.factories import CoordinatorContactFactory, PartnerSchoolFactory
from tests.factories.grouping import PlacedNetworkFactory


@pytest.fixture
def networks(network, other_network, coordinator, other_coordinator):
    others = PlacedNetworkFactory.create_batch(4)
    for other in others:
        CoordinatorContactFactory(network=other)
    for size, member in zip((6, 1, 3, 2, 4, 0), [network, other_network, *others], strict=True):
        PartnerSchoolFactory.create_batch(size, network=member)
    return [network, other_network, *others]


@pytest.fixture
def cycle(secretary, networks):
    return cycle_create(actor=secretary, cycle=Cycle(year=2030), networks=networks)
