"""A coordinator finds their network's written preparation on the home page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from surveys import services
from tests.factories import CoordinatorContactFactory, NetworkFactory


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    # The cycle running today, so that the home page shows it.
    cycle = cycle_create(
        actor=secretary, cycle=Cycle(year=timezone.localdate().year + 1), networks=[network, other_network]
    )
    meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Midden", date=date(cycle.year, 3, 20)),
        networks=[network, other_network],
    )
    return cycle


def test_home_lists_own_networks_preparation_with_state_and_deadline(client, coordinator, cycle, network):
    services.preparation_for(cycle=cycle, network=network)
    client.force_login(coordinator)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl")

    items = response.context["my_preparations"]
    assert [(i.network.slug, i.preparation is not None, i.deadline) for i in items] == [
        ("utrecht", True, date(cycle.year, 2, 27))
    ]
    page = response.content.decode()
    assert reverse("surveys:preparation", kwargs={"year": cycle.year, "slug": "utrecht"}) in page
    assert "limburg" not in page
    assert "concept" in page


@pytest.mark.parametrize("networks", [1, 3])
def test_home_preparations_query_count_constant(
    client, django_assert_num_queries, secretary, coordinator, cycle, networks
):
    for index in range(networks - 1):
        extra = NetworkFactory(name=f"Netwerk {index}", slug=f"extra-{index}")
        cycle.networks.add(extra)
        CoordinatorContactFactory(network=extra, email=coordinator.email, user=coordinator)
    client.force_login(coordinator)

    # Tasks, preparations, hosted meetings and the follow-up: the same whatever the number of networks.
    with django_assert_num_queries(16):
        response = client.get(reverse("home"))

    assert len(response.context["my_preparations"]) == networks
