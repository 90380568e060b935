"""Who may see and change what around the meetings.

Attendees: the network is the permission object (or anything with a ``network_id``); that
network's coordinators and the secretary; the secretary alone accepts an exception to the rule and
sees the overview of all networks' attendees.

Chair and expert: the secretary records them; a declaration of interests is filled in by the person
it is about (signed in with the account linked to them) or by the secretary on their behalf.

Host checklist and venue: the meeting is the permission object; the coordinators of its host network
and the secretary.
"""

import rules

from networks.rules import coordinates_network_of
from networks.selectors import coordinated_network_ids
from peerreview.accounts.rules import is_secretary
from peerreview.meetings.models import PanelMember


@rules.predicate
def is_the_panel_member(user, member):
    return bool(member is not None and user.is_active and member.user_id == user.pk)


@rules.predicate
def is_panel_member(user):
    return bool(user.is_active and PanelMember.objects.filter(user=user).exists())


@rules.predicate
def hosts_meeting(user, meeting):
    return bool(
        meeting is not None
        and meeting.host_network_id is not None
        and meeting.host_network_id in coordinated_network_ids(user)
    )


rules.add_perm("meetings.view_attendees", is_secretary | coordinates_network_of)
rules.add_perm("meetings.change_attendees", is_secretary | coordinates_network_of)
rules.add_perm("meetings.accept_attendee_exception", is_secretary)
rules.add_perm("meetings.view_attendee_overview", is_secretary)

rules.add_perm("meetings.manage_panel", is_secretary)
rules.add_perm("meetings.declare_interests", is_secretary | is_the_panel_member)
rules.add_perm("meetings.view_own_declarations", is_panel_member)

rules.add_perm("meetings.change_host_checklist", is_secretary | hosts_meeting)
rules.add_perm("meetings.view_host_overview", is_secretary)
