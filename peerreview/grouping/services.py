"""Writes of the grouping: making proposals, moving networks, sending, the networks' answers, fixing.

The playbook (October): the secretary proposes a division of the networks into meetings and puts
it to the networks for approval; then (November) the meetings get their host networks, preferably
not the previous cycle's hosts. Every change of a proposal's groups is checked with the optimizer's
``validate_partition`` (a network in two groups or none, the group sizes, the constraints) and
scored again with ``score_partition``; a refused change stores nothing.

A cycle has at most one proposal out with the networks (sent) and at most one fixed grouping:
sending one withdraws the one sent before; fixing one withdraws all others.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from networks.models import Network as NetworkRow
from networks.selectors import coordinators_by_network
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import meeting_save, tasks_complete
from peerreview.grouping import inputs
from peerreview.grouping.mails import PROPOSAL_SENT
from peerreview.grouping.models import Answer, GroupingProposal, ProposalResponse, ProposalState
from peerreview.grouping.optimizer import (
    Constraints,
    Network,
    Proposal,
    Weights,
    grouping_propose,
    score_partition,
    validate_partition,
)
from peerreview.mail.services import message_compose, template_for

audit = logging.getLogger("peerreview.audit")

GROUPING_TASK = "grouping"
HOSTS_TASK = "hosts"
PROPOSAL_COUNT = 3


def stale_message() -> str:
    return _("The proposal has changed since you opened it; look at the new version.")


# The settings


def normalised(constraints: Constraints) -> Constraints:
    """Each pair once, in one order, so that "A with B" and "B with A" are the same pair."""

    def pairs(items):
        return tuple(sorted({tuple(sorted(pair)) for pair in items}))

    return Constraints(
        excluded=frozenset(constraints.excluded),
        must_meet=pairs(constraints.must_meet),
        must_not_meet=pairs(constraints.must_not_meet),
        group_size=constraints.group_size,
    )


def constraints_problems(constraints: Constraints, names: dict) -> list[str]:
    """What is wrong with the secretary's constraints, one message per problem; empty when they hold.

    ``names``: network id -> name of the participating networks.
    """
    problems = []

    def name(network_id) -> str:
        return names.get(network_id, str(network_id))

    mentioned = {
        *constraints.excluded,
        *(i for pair in (*constraints.must_meet, *constraints.must_not_meet) for i in pair),
    }
    unknown = sorted(str(i) for i in mentioned if i not in names)
    if unknown:
        problems.append(_("These networks do not take part in the cycle: %(ids)s.") % {"ids": ", ".join(unknown)})
        return problems
    for label, pairs in ((_("must meet"), constraints.must_meet), (_("must not meet"), constraints.must_not_meet)):
        for a, b in pairs:
            if a == b:
                problems.append(
                    _("A pair that %(rule)s needs two different networks, not %(name)s twice.")
                    % {"rule": label, "name": name(a)}
                )
            for network_id in (a, b):
                if network_id in constraints.excluded:
                    problems.append(
                        _("%(name)s does not take part, so it cannot be in a pair that %(rule)s.")
                        % {"name": name(network_id), "rule": label}
                    )
    meet = {frozenset(pair) for pair in constraints.must_meet if pair[0] != pair[1]}
    for a, b in constraints.must_not_meet:
        if frozenset((a, b)) in meet:
            problems.append(
                _("%(first)s and %(second)s cannot both have to meet and have to not meet.")
                % {"first": name(a), "second": name(b)}
            )
    if problems:
        return problems
    # Must-meet pairs chain: A with B and B with C puts A with C.
    together = _must_meet_blocks(constraints.must_meet)
    for a, b in constraints.must_not_meet:
        if a != b and together.get(a) is not None and together.get(a) == together.get(b):
            problems.append(
                _("%(first)s and %(second)s must not meet, but the pairs that must meet put them in one group.")
                % {"first": name(a), "second": name(b)}
            )
    return problems


def _must_meet_blocks(pairs) -> dict:
    """Network id -> a representative of the networks it must meet, directly or through others."""
    parent: dict = {}

    def root(i):
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {i: root(i) for i in parent}


# Scoring and storing


def _percent(part: float, whole: float) -> float | None:
    if whole:
        return 100 * part / abs(whole)
    return 0.0 if not part else None


def _score_into(
    proposal: GroupingProposal,
    groups,
    networks: list[Network],
    weights: Weights,
    constraints: Constraints,
) -> None:
    """Put the groups and their scores, with the explanations in every language, on the proposal.

    The groups keep the order the secretary sees; within a group the networks are in the inputs'
    order (by name). The bound on the best score (``details["upper_bound"]``) stays as it was found.
    """
    order = {network.id: index for index, network in enumerate(networks)}
    groups = [sorted(set(group), key=lambda i: order.get(i, len(order))) for group in groups]
    scored = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            scored[code] = {
                frozenset(g.members): g for g in score_partition(groups, networks, weights, constraints).groups
            }
    base = scored[settings.LANGUAGE_CODE]
    group_details = []
    for group in groups:
        key = frozenset(group)
        group_details.append(
            {
                "score": base[key].score,
                "contributions": base[key].contributions,
                "explanation": {code: list(by_members[key].explanation) for code, by_members in scored.items()},
            }
        )
    score = sum(item["score"] for item in group_details)
    upper_bound = proposal.details.get("upper_bound")
    # Rounded, so that the best proposal is not "0.00 below" its own optimum by a floating-point hair.
    gap = None if upper_bound is None else max(round(upper_bound - score, 9), 0.0)
    proposal.groups = groups
    proposal.score = score
    proposal.details = {
        **proposal.details,
        "names": {str(network.id): network.name for network in networks},
        "groups": group_details,
        "contributions": {
            name: sum(item["contributions"][name] for item in group_details)
            for name in group_details[0]["contributions"]
        }
        if group_details
        else {},
        "gap": gap,
        "gap_percent": None if gap is None else _percent(gap, upper_bound),
    }


def _next_number(cycle: Cycle) -> int:
    last = GroupingProposal.objects.filter(cycle=cycle).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _create(
    *, actor, cycle: Cycle, networks, groups, weights: Weights, constraints: Constraints, found: Proposal | None
) -> GroupingProposal:
    proposal = GroupingProposal(
        cycle=cycle,
        number=_next_number(cycle),
        weights=inputs.weights_to_json(weights),
        constraints=inputs.constraints_to_json(constraints),
        created_by=actor,
        details={"exact": found.exact, "upper_bound": found.upper_bound} if found else {},
    )
    _score_into(proposal, groups, networks, weights, constraints)
    proposal.full_clean()
    proposal.save()
    return proposal


def _check_not_fixed(cycle: Cycle) -> None:
    if GroupingProposal.objects.filter(cycle=cycle, state=ProposalState.FIXED).exists():
        raise ValidationError(_("The grouping of this cycle has been fixed; no new proposals can be made."))


def _locked_cycle(cycle: Cycle) -> Cycle:
    """The cycle, locked until the transaction ends, so that two proposals never get one number."""
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


@transaction.atomic
def proposals_make(
    *, actor, cycle: Cycle, weights: Weights, constraints: Constraints, count: int = PROPOSAL_COUNT
) -> list[GroupingProposal]:
    """The optimizer's ``count`` best groupings of the cycle's networks, stored as draft proposals, best first.

    Raises ValidationError for constraints that are wrong (a pair of one network, a pair that must
    and must not meet, a pair with a network that does not take part) or cannot be met, and once the
    grouping is fixed. Side effect: the earlier drafts are withdrawn (a sent proposal stays out).
    """
    cycle = _locked_cycle(cycle)
    _check_not_fixed(cycle)
    constraints = normalised(constraints)
    networks = inputs.network_inputs(cycle)
    problems = constraints_problems(constraints, {network.id: network.name for network in networks})
    if problems:
        raise ValidationError(problems, code="constraints")
    try:
        found = grouping_propose(networks, weights, constraints, proposals=count)
    except ValueError as error:
        raise ValidationError(str(error), code="infeasible") from None
    GroupingProposal.objects.filter(cycle=cycle, state=ProposalState.DRAFT).update(
        state=ProposalState.WITHDRAWN, updated_at=timezone.now()
    )
    proposals = [
        _create(
            actor=actor,
            cycle=cycle,
            networks=networks,
            groups=item.partition,
            weights=weights,
            constraints=constraints,
            found=item,
        )
        for item in found
    ]
    audit.info("grouping proposals %s made for cycle %s by %s", [p.number for p in proposals], cycle.year, actor.pk)
    return proposals


@transaction.atomic
def proposal_record(
    *, actor, cycle: Cycle, groups, weights: Weights, constraints: Constraints | None = None
) -> GroupingProposal:
    """Store a grouping made outside the optimizer (agreed on paper, or last cycle's) as a draft proposal.

    Checked like a move: raises ValidationError with every problem of the grouping.
    """
    cycle = _locked_cycle(cycle)
    _check_not_fixed(cycle)
    constraints = normalised(constraints or Constraints())
    networks = inputs.network_inputs(cycle)
    problems = constraints_problems(constraints, {network.id: network.name for network in networks})
    problems += validate_partition(groups, networks, constraints) if not problems else []
    if problems:
        raise ValidationError(problems, code="invalid_partition")
    proposal = _create(
        actor=actor, cycle=cycle, networks=networks, groups=groups, weights=weights, constraints=constraints, found=None
    )
    audit.info("grouping proposal %s recorded for cycle %s by %s", proposal.number, cycle.year, actor.pk)
    return proposal


def _locked(proposal: GroupingProposal) -> GroupingProposal:
    return GroupingProposal.objects.select_for_update().select_related("cycle").get(pk=proposal.pk)


# Editing


@transaction.atomic
def proposal_regroup(*, actor, proposal: GroupingProposal, groups, version: int) -> GroupingProposal:
    """Replace the proposal's groups with the secretary's (after a network was dragged to another group).

    ``version`` is the version the secretary was looking at. Raises ValidationError, storing
    nothing, when the proposal changed since, is no longer open, or the groups break a rule.
    Side effects: scores and explanations recomputed; the version goes up, so that answers given
    to the earlier version no longer count.
    """
    proposal = _locked(proposal)
    if not proposal.is_editable:
        raise ValidationError(
            _("This proposal is %(state)s and can no longer be changed.") % {"state": proposal.get_state_display()},
            code="closed",
        )
    if version != proposal.version:
        raise ValidationError(stale_message(), code="stale")
    groups = [list(group) for group in groups]
    networks = inputs.network_inputs(proposal.cycle)
    weights = inputs.weights_from_json(proposal.weights, proposal.cycle)
    constraints = inputs.constraints_from_json(proposal.constraints)
    problems = validate_partition(groups, networks, constraints)
    if problems:
        raise ValidationError(problems, code="invalid_partition")
    if [set(group) for group in groups] == [set(group) for group in proposal.groups]:
        return proposal
    _score_into(proposal, groups, networks, weights, constraints)
    proposal.version += 1
    proposal.full_clean()
    proposal.save()
    audit.info("grouping proposal %s changed to version %s by %s", proposal.pk, proposal.version, actor.pk)
    return proposal


def moved(groups, network_id: int, *, to_group: int | None = None, swap_with: int | None = None) -> list[list[int]]:
    """The groups after moving a network to group ``to_group`` (0-based) or swapping it with another network.

    Does not check the result: ``proposal_regroup`` does.
    """
    result = [list(group) for group in groups]
    home = next((index for index, group in enumerate(result) if network_id in group), None)
    if home is None:
        raise ValidationError(_("This network is not in the proposal."), code="unknown_network")
    if swap_with is not None:
        other = next((index for index, group in enumerate(result) if swap_with in group), None)
        if other is None:
            raise ValidationError(_("This network is not in the proposal."), code="unknown_network")
        result[home][result[home].index(network_id)] = swap_with
        result[other][result[other].index(swap_with)] = network_id
        return result
    if to_group is None or not 0 <= to_group < len(result):
        raise ValidationError(_("Choose one of the groups."), code="unknown_group")
    result[home].remove(network_id)
    result[to_group].append(network_id)
    return result


# Sending and answering


def proposal_text(proposal: GroupingProposal) -> str:
    """The groups as lines of text, for the mail: "Meeting 1: A, B and C"."""
    return "\n".join(
        _("Meeting %(number)d: %(names)s")
        % {"number": number, "names": ", ".join(proposal.network_name(i) for i in group)}
        for number, group in enumerate(proposal.groups, start=1)
    )


@transaction.atomic
def proposal_send(*, actor, proposal: GroupingProposal) -> int:
    """Put the proposal to the networks: every coordinator of every network in it gets a link to answer.

    Sending a proposal that is out already sends it again (after a change, say). Returns how many
    messages were written. Side effects: outbox messages; the proposal sent before (if another)
    withdrawn, so that networks answer one proposal.
    """
    proposal = _locked(proposal)
    if not proposal.is_editable:
        raise ValidationError(
            _("This proposal is %(state)s and can no longer be sent.") % {"state": proposal.get_state_display()},
            code="closed",
        )
    cycle = proposal.cycle
    now = timezone.now()
    GroupingProposal.objects.filter(cycle=cycle, state=ProposalState.SENT).exclude(pk=proposal.pk).update(
        state=ProposalState.WITHDRAWN, updated_at=now
    )
    proposal.state, proposal.sent_at, proposal.sent_by = ProposalState.SENT, now, actor
    proposal.sent_version = proposal.version
    proposal.save(update_fields=["state", "sent_at", "sent_by", "sent_version", "updated_at"])
    member_ids = [network_id for group in proposal.groups for network_id in group]
    networks = list(NetworkRow.objects.filter(pk__in=member_ids).order_by("name"))
    coordinators = coordinators_by_network(member_ids)
    template = template_for(PROPOSAL_SENT.key)
    count = 0
    for network in networks:
        link = settings.SITE_URL + reverse("grouping:respond", kwargs={"year": cycle.year, "slug": network.slug})
        for user in coordinators.get(network.pk, []):
            language = user.language or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {
                    "name": user.get_full_name(),
                    "network": network.name,
                    "cycle": str(cycle.year),
                    "groups": proposal_text(proposal),
                    "link": link,
                }
            message_compose(
                kind=PROPOSAL_SENT.key,
                to=user.email,
                context=context,
                language=language,
                recipient=user,
                concerning=proposal,
                template=template,
            )
            count += 1
    audit.info(
        "grouping proposal %s (version %s) sent by %s: %s messages", proposal.pk, proposal.version, actor.pk, count
    )
    return count


@transaction.atomic
def proposal_respond(
    *, actor, proposal: GroupingProposal, network: NetworkRow, version: int, answer: str, reason: str = ""
) -> ProposalResponse:
    """A network approves the proposal or objects to it (with a reason) as it stood in ``version``.

    Refused, storing nothing, when the proposal changed since that version, was withdrawn or fixed,
    or the network is not in it. Answering again replaces the network's answer, with the new time.
    """
    proposal = _locked(proposal)
    if proposal.state == ProposalState.FIXED:
        raise ValidationError(_("The grouping has been fixed; answers are closed."), code="closed")
    if proposal.state != ProposalState.SENT or version != proposal.version:
        raise ValidationError(stale_message(), code="stale")
    if not any(network.pk in group for group in proposal.groups):
        raise ValidationError(
            _("%(network)s is not in this proposal.") % {"network": network.name}, code="not_in_proposal"
        )
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Approve or object.")}, code="invalid")
    reason = (reason or "").strip()
    if answer == Answer.OBJECT and not reason:
        raise ValidationError({"reason": _("Give the reason for the objection.")}, code="required")
    response, _created = ProposalResponse.objects.update_or_create(
        proposal=proposal,
        network=network,
        defaults={
            "version": version,
            "answer": answer,
            "reason": reason,
            "responded_by": actor,
            "responded_at": timezone.now(),
        },
    )
    audit.info("grouping proposal %s: %s %s by %s", proposal.pk, network.pk, answer, actor.pk)
    return response


# Fixing


def _meeting_name(number: int) -> str:
    # Stored, so in the site's language rather than the secretary's.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Peer review meeting %(number)d") % {"number": number}


@transaction.atomic
def proposal_fix(*, actor, proposal: GroupingProposal, version: int, hosts) -> list[ReviewMeeting]:
    """Fix a sent proposal as the cycle's grouping: one meeting per group, hosted by ``hosts[i]`` (or
    nobody yet when None). Objections do not stop it (the page warns).

    Refused when the proposal changed since ``version``, was not sent, or the cycle has meetings
    already: those may carry dates, polls and attendees that a new grouping would contradict, so
    the secretary deletes them (or changes them) on the cycle's page instead.
    Side effects: meetings and their timeline tasks created; the other proposals withdrawn; the
    playbook's "grouping" task ticked off, and "hosts" when every meeting has a host.
    """
    proposal = _locked(proposal)
    cycle = proposal.cycle
    if proposal.state == ProposalState.FIXED:
        raise ValidationError(_("This grouping has been fixed already."), code="fixed")
    if proposal.state != ProposalState.SENT:
        raise ValidationError(
            _("Send the proposal to the networks before fixing it: they approve it first."), code="not_sent"
        )
    if version != proposal.version:
        raise ValidationError(stale_message(), code="stale")
    existing = list(cycle.meetings.order_by("date", "name").values_list("name", flat=True))
    if existing:
        raise ValidationError(
            _(
                "This cycle has meetings already (%(names)s). Fixing a grouping creates the meetings; delete "
                "those on the cycle's page first, or change their networks there."
            )
            % {"names": ", ".join(existing)},
            code="meetings_exist",
        )
    hosts = list(hosts)
    if len(hosts) != len(proposal.groups):
        raise ValidationError(_("Choose a host (or none yet) for every meeting."), code="hosts")
    by_id = NetworkRow.objects.in_bulk([i for group in proposal.groups for i in group])
    meetings = []
    for number, (group, host) in enumerate(zip(proposal.groups, hosts, strict=True), start=1):
        if host is not None and host.pk not in group:
            raise ValidationError(
                _("The host of meeting %(number)d must be one of its networks.") % {"number": number}, code="host"
            )
        meetings.append(
            meeting_save(
                actor=actor,
                meeting=ReviewMeeting(cycle=cycle, name=_meeting_name(number), host_network=host),
                networks=[by_id[i] for i in group if i in by_id],
            )
        )
    now = timezone.now()
    GroupingProposal.objects.filter(cycle=cycle, state__in=[ProposalState.DRAFT, ProposalState.SENT]).exclude(
        pk=proposal.pk
    ).update(state=ProposalState.WITHDRAWN, updated_at=now)
    proposal.state, proposal.fixed_at, proposal.fixed_by = ProposalState.FIXED, now, actor
    proposal.save(update_fields=["state", "fixed_at", "fixed_by", "updated_at"])
    tasks_complete(actor=actor, cycle=cycle, key=GROUPING_TASK)
    if not cycle.meetings.filter(host_network__isnull=True).exists():
        tasks_complete(actor=actor, cycle=cycle, key=HOSTS_TASK)
    audit.info("grouping proposal %s fixed by %s: %s meetings", proposal.pk, actor.pk, len(meetings))
    return meetings
