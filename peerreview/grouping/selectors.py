"""Reads of the grouping, in a fixed number of queries whatever the number of networks or proposals."""

from dataclasses import dataclass, field

from networks.models import Network as NetworkRow
from networks.selectors import coordinators_by_network
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.grouping import inputs
from peerreview.grouping.models import Answer, GroupingProposal, ProposalResponse, ProposalState
from peerreview.grouping.optimizer import CRITERIA, Constraints, Weights
from peerreview.grouping.optimizer.model import CRITERION_LABELS


def proposals_to_compare(cycle: Cycle) -> list[GroupingProposal]:
    """The proposals still in play (drafts, the one sent, the fixed one), by number. One query."""
    return list(
        GroupingProposal.objects.filter(cycle=cycle)
        .exclude(state=ProposalState.WITHDRAWN)
        .select_related("sent_by", "fixed_by")
        .order_by("number")
    )


def withdrawn_count(cycle: Cycle) -> int:
    return GroupingProposal.objects.filter(cycle=cycle, state=ProposalState.WITHDRAWN).count()


def proposal_out(cycle: Cycle) -> GroupingProposal | None:
    """The proposal the networks see: the one sent, or the fixed grouping."""
    return (
        GroupingProposal.objects.filter(cycle=cycle, state__in=[ProposalState.SENT, ProposalState.FIXED])
        .select_related("cycle")
        .first()
    )


def last_settings(cycle: Cycle) -> tuple[Weights, Constraints]:
    """The weights and constraints of the cycle's latest proposal, or the defaults for a first one."""
    latest = GroupingProposal.objects.filter(cycle=cycle).order_by("-number").first()
    if latest is None:
        return inputs.default_weights(cycle), Constraints()
    return inputs.weights_from_json(latest.weights, cycle), inputs.constraints_from_json(latest.constraints)


# A proposal as the pages show it


@dataclass
class GroupView:
    number: int
    members: list[tuple[int, str]]  # (network id, name)
    score: float
    contributions: list[tuple[str, float]]  # (criterion label, weighted value), the criteria that weigh
    explanation: list[str]


@dataclass
class ProposalView:
    proposal: GroupingProposal
    groups: list[GroupView]
    contributions: list[tuple[str, float]]
    exact: bool | None
    upper_bound: float | None
    gap: float | None
    gap_percent: float | None

    @property
    def member_count(self) -> int:
        return sum(len(group.members) for group in self.groups)


def proposal_view(proposal: GroupingProposal) -> ProposalView:
    """What is stored on the proposal, shaped for the page, in the reader's language. No queries."""
    weighing = [name for name in CRITERIA if proposal.weights.get(name, 1.0)]
    details = proposal.details

    def labelled(contributions: dict) -> list[tuple[str, float]]:
        return [(str(CRITERION_LABELS[name]), contributions.get(name, 0.0)) for name in weighing]

    groups = [
        GroupView(
            number=index + 1,
            members=[(network_id, proposal.network_name(network_id)) for network_id in group],
            score=details["groups"][index]["score"],
            contributions=labelled(details["groups"][index]["contributions"]),
            explanation=proposal.explanation(index),
        )
        for index, group in enumerate(proposal.groups)
    ]
    return ProposalView(
        proposal=proposal,
        groups=groups,
        contributions=labelled(details.get("contributions", {})),
        exact=details.get("exact"),
        upper_bound=details.get("upper_bound"),
        gap=details.get("gap"),
        gap_percent=details.get("gap_percent"),
    )


# The networks' answers


@dataclass
class ResponseRow:
    network: NetworkRow
    group_number: int
    response: ProposalResponse | None
    coordinators: list = field(default_factory=list)

    @property
    def state(self) -> str:
        """approve / object (to the proposal as it stands), earlier (to an earlier version) or none."""
        if self.response is None:
            return "none"
        if not self.response.is_current:
            return "earlier"
        return self.response.answer


@dataclass
class ResponseTable:
    rows: list[ResponseRow]

    def count(self, state: str) -> int:
        return sum(row.state == state for row in self.rows)

    @property
    def approved(self) -> int:
        return self.count(Answer.APPROVE)

    @property
    def objected(self) -> int:
        return self.count(Answer.OBJECT)

    @property
    def unanswered(self) -> int:
        return len(self.rows) - self.approved - self.objected

    @property
    def without_coordinator(self) -> list[NetworkRow]:
        return [row.network for row in self.rows if not row.coordinators]


def response_table(proposal: GroupingProposal) -> ResponseTable:
    """Per network of the proposal, by name: its group, its answer (if any), its coordinators. Three queries."""
    group_of = {network_id: number for number, group in enumerate(proposal.groups, start=1) for network_id in group}
    networks = list(NetworkRow.objects.filter(pk__in=group_of).order_by("name"))
    responses = {
        response.network_id: response
        for response in ProposalResponse.objects.filter(proposal=proposal).select_related("responded_by")
    }
    for response in responses.values():
        response.proposal = proposal  # is_current compares versions without reading the proposal again
    coordinators = coordinators_by_network(list(group_of))
    return ResponseTable(
        rows=[
            ResponseRow(
                network=network,
                group_number=group_of[network.pk],
                response=responses.get(network.pk),
                coordinators=coordinators.get(network.pk, []),
            )
            for network in networks
        ]
    )


def response_of(proposal: GroupingProposal, network: NetworkRow) -> ProposalResponse | None:
    return ProposalResponse.objects.filter(proposal=proposal, network=network).select_related("responded_by").first()


# Hosts


def previous_hosts(cycle: Cycle) -> dict[int, str]:
    """id -> name of the networks that hosted a meeting of the previous cycle (none when that is not in the product)."""
    if cycle.previous_id is None:
        return {}
    return dict(
        ReviewMeeting.objects.filter(cycle_id=cycle.previous_id, host_network__isnull=False)
        .order_by("host_network__name")
        .values_list("host_network_id", "host_network__name")
    )


def proposed_hosts(proposal: GroupingProposal) -> list[int]:
    """Per group the network proposed as host: one that did not host last cycle if there is one
    (the playbook asks for that), then the largest (most partners to find a room), then by name."""
    hosted = previous_hosts(proposal.cycle)
    sizes = {network.pk: network.size for network in inputs.participating_networks(proposal.cycle)}
    return [
        min(group, key=lambda i: (i in hosted, -sizes.get(i, 0), proposal.network_name(i))) for group in proposal.groups
    ]
