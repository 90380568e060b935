"""Who may see and change what in the registry.

A coordinator acts for the networks in which a contact with the coordinator role is linked to
their account; the secretary may do everything.
"""

import rules

from networks.models import Network
from networks.selectors import coordinated_network_ids
from peerreview.accounts.rules import is_secretary


def _network_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Network):
        return obj.pk
    return getattr(obj, "network_id", None)


@rules.predicate
def is_coordinator(user):
    return bool(coordinated_network_ids(user))


@rules.predicate
def coordinates_network_of(user, obj):
    network_id = _network_id(obj)
    return network_id is not None and network_id in coordinated_network_ids(user)


rules.add_perm("networks.list_networks", is_secretary | is_coordinator)
rules.add_perm("networks.add_network", is_secretary)
rules.add_perm("networks.view_network", is_secretary | coordinates_network_of)
rules.add_perm("networks.change_network", is_secretary)
# Contacts and partner schools of a network: the secretary, and that network's coordinators.
rules.add_perm("networks.manage_registry", is_secretary | coordinates_network_of)
rules.add_perm("networks.manage_institutions", is_secretary)
rules.add_perm("networks.manage_schools", is_secretary)
