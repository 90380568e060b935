"""Who may do what with the grouping: the secretary makes, edits, sends and fixes proposals; a
network's coordinators (and the secretary) see the proposal sent to their network and answer it.

The permission object of the secretary's pages is the cycle; of the answer page, the network
(whether it takes part in the cycle is checked by the view, which answers 404 when it does not).
"""

import rules

from networks.rules import coordinates_network_of
from peerreview.accounts.rules import is_secretary

rules.add_perm("grouping.manage_grouping", is_secretary)
rules.add_perm("grouping.respond_to_proposal", is_secretary | coordinates_network_of)
