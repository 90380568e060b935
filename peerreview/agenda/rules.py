"""Who may do what with a meeting's agenda; the permission object is the meeting.

The secretary drafts, edits and sends; the chair of that meeting (its own chair, else the cycle's)
reads it beside the preparations, comments and decides. A chair of another meeting gets nothing.
"""

import rules

from peerreview.accounts.rules import is_chair, is_secretary
from peerreview.meetings.models import PanelRole
from peerreview.meetings.selectors import panel_for_meeting


@rules.predicate
def chairs_meeting(user, meeting) -> bool:
    if meeting is None:
        return False
    return any(member.role == PanelRole.CHAIR and member.user_id == user.pk for member in panel_for_meeting(meeting))


rules.add_perm("agenda.manage_agenda", is_secretary)
rules.add_perm("agenda.review_agenda", is_secretary | (is_chair & chairs_meeting))
rules.add_perm("agenda.decide_agenda", is_chair & chairs_meeting)
