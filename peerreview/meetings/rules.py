"""Who may see and change a network's attendees: that network's coordinators and the secretary.

The permission object is the network (or anything with a ``network_id``); the secretary alone
accepts an exception to the rule and sees the overview of all networks' attendees.
"""

import rules

from networks.rules import coordinates_network_of
from peerreview.accounts.rules import is_secretary

rules.add_perm("meetings.view_attendees", is_secretary | coordinates_network_of)
rules.add_perm("meetings.change_attendees", is_secretary | coordinates_network_of)
rules.add_perm("meetings.accept_attendee_exception", is_secretary)
rules.add_perm("meetings.view_attendee_overview", is_secretary)
