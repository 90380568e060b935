"""Who may see and change the cycle: the secretary runs it; owners may tick off their own tasks."""

import rules

from networks.selectors import coordinated_network_ids
from peerreview.accounts.rules import is_secretary
from peerreview.cycles.enums import Owner


@rules.predicate
def owns_task(user, task):
    if task is None:
        return False
    if task.owner == Owner.CHAIR:
        return bool(user.is_active and user.is_chair)
    if task.owner == Owner.HOSTS and task.meeting_id:
        return task.meeting.host_network_id in coordinated_network_ids(user)
    return False


rules.add_perm("cycles.view_cycle", is_secretary)
rules.add_perm("cycles.manage_cycle", is_secretary)
rules.add_perm("cycles.manage_playbook", is_secretary)
# Shared network tasks are ticked off by the secretary or by the feature that does the work, so that
# one network cannot close a task for the others.
rules.add_perm("cycles.change_task_state", is_secretary | owns_task)
rules.add_perm("cycles.view_own_tasks", rules.is_authenticated)
rules.add_perm("cycles.view_calendar", rules.is_authenticated)
