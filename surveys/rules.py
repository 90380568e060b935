"""Who may read and write a preparation or a follow-up: its own network's coordinators and the secretary.

Nothing of a network's preparation is visible to other networks (they see it once the secretary
shares the agenda pack, a later feature).
"""

import rules

from networks.rules import coordinates_network_of
from peerreview.accounts.rules import is_secretary

rules.add_perm("surveys.view_preparation", is_secretary | coordinates_network_of)
rules.add_perm("surveys.change_preparation", is_secretary | coordinates_network_of)
rules.add_perm("surveys.reopen_preparation", is_secretary)
rules.add_perm("surveys.view_overview", is_secretary)
rules.add_perm("surveys.manage_themes", is_secretary)
rules.add_perm("surveys.send_invitations", is_secretary)
rules.add_perm("surveys.view_followup", is_secretary | coordinates_network_of)
rules.add_perm("surveys.change_followup", is_secretary | coordinates_network_of)
# The follow-up round: settings, the previous cycle's action points, sending, the overview, reopening.
rules.add_perm("surveys.manage_followups", is_secretary)
