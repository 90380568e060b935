"""Factories of the grouping: networks placed on the map, and proposals made through the services
(a proposal's stored scores and explanations only make sense as the services compute them)."""

import factory

from peerreview.cycles.models import Cycle
from peerreview.grouping import inputs, services
from peerreview.grouping.models import GroupingProposal
from tests.factories import NetworkFactory


class PlacedNetworkFactory(NetworkFactory):
    """A network with a founding year and a place in the Netherlands, one a little east of the last."""

    founded_year = factory.Sequence(lambda n: 2000 + n % 20)
    latitude = factory.Sequence(lambda n: f"{51.5 + (n % 7) * 0.2:.5f}")
    longitude = factory.Sequence(lambda n: f"{4.0 + (n % 11) * 0.3:.5f}")


def proposal_recorded(*, actor, cycle: Cycle, groups=None) -> GroupingProposal:
    """A draft proposal of the given groups (network ids), or of the cycle's networks by name in threes."""
    if groups is None:
        ids = [network.pk for network in inputs.participating_networks(cycle)]
        groups = [ids[start : start + 3] for start in range(0, len(ids), 3)]
    return services.proposal_record(actor=actor, cycle=cycle, groups=groups, weights=inputs.default_weights(cycle))


def proposal_sent(*, actor, cycle: Cycle, groups=None) -> GroupingProposal:
    """A proposal as the networks have it: recorded and sent (mail to the coordinators in the outbox)."""
    proposal = proposal_recorded(actor=actor, cycle=cycle, groups=groups)
    services.proposal_send(actor=actor, proposal=proposal)
    proposal.refresh_from_db()
    return proposal
