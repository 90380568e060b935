"""Writes of the panel: the chair and the independent expert of a cycle (or of one meeting), and
their declarations of interests.

The playbook (October) asks the secretary to find "an independent expert (someone not involved
with the networks)" and a chair. Each is linked to a user account by e-mail address, so that they
sign in by e-mailed code as coordinators do; the account carries the role's flag, which is what
other pages check (the chair reviews agendas). The role's playbook task is ticked off once the role
is filled for every meeting and everyone in it has declared their interests.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import tasks_complete
from peerreview.meetings.models import Declaration, PanelMember, PanelRole, Tie

audit = logging.getLogger("peerreview.audit")

# The account flag that goes with each role.
ROLE_FLAGS = {PanelRole.CHAIR: "is_chair", PanelRole.EXPERT: "is_expert"}


def _account_for(member: PanelMember):
    """The account with the member's e-mail address, made (without a password) when there is none,
    and given the role's flag."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=member.email).first()
    if user is None:
        user = user_model.objects.create_user(email=member.email, full_name=member.name)
    flag = ROLE_FLAGS[member.role]
    if not getattr(user, flag):
        setattr(user, flag, True)
        user.save(update_fields=[flag])
    return user


def _drop_flag(user_id: int | None, role: str) -> None:
    """An account that no longer serves in the role in any cycle loses the role's flag, so that a
    replaced chair can no longer act as one."""
    if user_id is None or PanelMember.objects.filter(user_id=user_id, role=role).exists():
        return
    get_user_model().objects.filter(pk=user_id).update(**{ROLE_FLAGS[role]: False})


@transaction.atomic
def panel_member_save(*, actor, member: PanelMember) -> PanelMember:
    """Record or change the chair or the expert of ``member.cycle`` (for one meeting when ``member.meeting``).

    Raises ValidationError for a meeting of another cycle or a role already filled there.
    Side effects: the person's account is found by e-mail address or made, and gets the role's
    flag; an account unlinked by a changed address loses the flag unless it serves elsewhere;
    the role's playbook task is ticked off when the role is filled and declared.
    """
    if member.meeting_id is not None and member.meeting.cycle_id != member.cycle_id:
        raise ValidationError({"meeting": _("Choose a meeting of this cycle.")}, code="other_cycle")
    before = PanelMember.objects.filter(pk=member.pk).values("user_id", "role").first() if member.pk else None
    member.full_clean(exclude=["user"])
    member.user = _account_for(member)
    member.save()
    if before is not None and (before["user_id"], before["role"]) != (member.user_id, member.role):
        _drop_flag(before["user_id"], before["role"])
    audit.info("panel member %s (%s) saved by %s", member.pk, member.role, actor.pk)
    _tick_task(actor, member.cycle, member.role)
    return member


@transaction.atomic
def panel_member_delete(*, actor, member: PanelMember) -> None:
    """Remove a chair or expert (with their declaration). Side effect: their account loses the
    role's flag unless they serve in it elsewhere. The role's task is left as it is."""
    user_id, role = member.user_id, member.role
    PanelMember.objects.filter(pk=member.pk).delete()
    _drop_flag(user_id, role)
    audit.info("panel member %s (%s) removed by %s", member.pk, role, actor.pk)


@transaction.atomic
def declaration_save(*, actor, member: PanelMember, truthful: bool, declared_on, ties: list[Tie]) -> Declaration:
    """Record the member's declaration of interests, replacing an earlier one and all its ties.

    ``ties`` are unsaved Tie objects (their ``declaration`` is set here). Refused without the
    statement that the ties are declared truthfully, or with a date in the future; nothing is kept
    of a refused declaration. Ties the playbook's rule forbids are accepted (the panel page warns).
    Side effect: the role's playbook task is ticked off when the role is filled and declared.
    """
    if not truthful:
        raise ValidationError(
            {"truthful": _("Confirm that you declare your ties with the networks truthfully and completely.")},
            code="not_truthful",
        )
    if declared_on is None or declared_on > timezone.localdate():
        raise ValidationError({"declared_on": _("Give the date of the declaration; it cannot be in the future.")})
    # Locked, so that the person and the secretary saving at once do not mix their ties.
    member = PanelMember.objects.select_for_update().select_related("cycle").get(pk=member.pk)
    declaration = Declaration.objects.filter(member=member).first() or Declaration(member=member)
    declaration.truthful, declaration.declared_on, declaration.declared_by = True, declared_on, actor
    declaration.full_clean()
    declaration.save()
    declaration.ties.all().delete()
    for tie in ties:
        tie.pk, tie.declaration = None, declaration
        tie.full_clean()
    Tie.objects.bulk_create(ties)
    audit.info("declaration of panel member %s saved by %s with %d ties", member.pk, actor.pk, len(ties))
    _tick_task(actor, member.cycle, member.role)
    return declaration


def role_is_complete(cycle: Cycle, role: str) -> bool:
    """The role is filled for every meeting of the cycle (by someone for all of them, or one each),
    and everyone recorded in it has declared their interests."""
    members = list(PanelMember.objects.filter(cycle=cycle, role=role).values_list("pk", "meeting_id"))
    if not members:
        return False
    covered = {meeting_id for _pk, meeting_id in members}
    if None not in covered:
        meeting_ids = set(cycle.meetings.values_list("pk", flat=True))
        if not meeting_ids <= covered:
            return False
    declared = Declaration.objects.filter(member_id__in=[pk for pk, _meeting in members]).count()
    return declared == len(members)


def _tick_task(actor, cycle: Cycle, role: str) -> None:
    """Tick off the cycle's open playbook task named after the role (``chair``, ``expert``) once complete."""
    if role_is_complete(cycle, role):
        tasks_complete(actor=actor, cycle=cycle, key=role)
