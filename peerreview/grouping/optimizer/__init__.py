"""Who meets whom: proposals for dividing the networks over the peer review meetings.

Pure Python, no database: the service that stores a grouping builds `Network` rows from the
registry and the written preparations, and this module only scores and searches.

The score of a partition is a sum over its groups, and a group's score a weighted sum of criteria
(see `Weights`), each worth at most about 1 per group:

- mix: +1 when a young or small network meets a large one, -1 for every pair of young or small
  networks in one group (so they are spread, as the young Limburg, Zeeland and Brabant were in 2016);
- spread_large: -1 for every pair of large networks in one group (Utrecht, Amsterdam and Noord in
  2016). "Large" are the k largest participating networks, k being the number of groups; "young or
  small" (juniors) are the young ones, topped up with the smallest others to at least k;
- proximity, likeness, continuity, learning_fit: the mean over the group's pairs of a pair value:
  closeness 1 - 2 d / d_max in [-1, 1], similarity of the likeness vectors (cosine) or categories
  (1 when equal), 1 when both were in one group last cycle, and the mean of the two learning fits.
  Unknown values count 0, so they neither help nor hurt.

Group sizes (`group_sizes`): as many groups of the target size (3) as possible, the rest one larger;
when no such split exists one or more groups are one smaller, never below 2 (5 networks -> 3 + 2,
2 networks -> one pair). The optimizer proposes exactly that composition.

Search (`grouping_propose`): up to EXACT_LIMIT networks a dynamic programme over subsets finds the
`proposals` best distinct partitions exactly (each partition is built in one canonical way: the
next group always holds the lowest network not yet placed, so no partition is counted twice).
Beyond it, iterated local search from a greedy and random starts (fixed seed) swaps networks
between groups; it reports an upper bound on the optimum: every network takes its best possible
share of a group (see `_upper_bound`), which no partition can beat.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .model import (
    CRITERIA,
    EXACT_LIMIT,
    Constraints,
    GroupScore,
    Network,
    NetworkId,
    Partition,
    PartitionScore,
    Proposal,
    Weights,
    _join,
    group_sizes,
)
from .scoring import _Scorer
from .search import _exact, _heuristic, _percent, _Problem, _upper_bound

__all__ = [
    "CRITERIA",
    "EXACT_LIMIT",
    "Constraints",
    "GroupScore",
    "Network",
    "PartitionScore",
    "Proposal",
    "Weights",
    "group_sizes",
    "grouping_propose",
    "score_partition",
    "validate_partition",
]


def grouping_propose(
    networks: Sequence[Network], weights: Weights, constraints: Constraints, *, proposals: int = 3
) -> list[Proposal]:
    """The `proposals` best distinct groupings of the participating networks, best first.

    Exact up to EXACT_LIMIT participating networks, a seeded local search beyond (with an upper
    bound on the optimum and the gap to it). Deterministic. Raises ValueError, with a message for
    the secretary, when the constraints cannot be met.
    """
    if proposals < 1:
        raise ValueError(_("Ask for at least one proposal."))
    problem = _Problem(networks, weights, constraints)
    exact = problem.scorer.n <= EXACT_LIMIT
    found = _exact(problem, proposals) if exact else _heuristic(problem, proposals)
    if not found:
        raise problem.infeasible()
    upper_bound = found[0][0] if exact else max(_upper_bound(problem), found[0][0])
    result = []
    for _value, groups in found:
        scored = problem.scorer.partition_score(groups)
        gap = max(upper_bound - scored.score, 0.0)
        gap_percent = _percent(gap, upper_bound)
        result.append(
            Proposal(
                groups=scored.groups,
                score=scored.score,
                contributions=scored.contributions,
                exact=exact,
                upper_bound=upper_bound,
                gap=gap,
                gap_percent=gap_percent,
            )
        )
    return result


def score_partition(
    partition: Partition, networks: Sequence[Network], weights: Weights, constraints: Constraints | None = None
) -> PartitionScore:
    """The score of any grouping, also one the secretary arranged by hand (valid or not).

    Large and young-or-small networks are judged as for the optimizer's proposals, so the scores
    compare. Raises ValueError for an id that is not among `networks`.
    """
    constraints = constraints or Constraints()
    participants = [network for network in networks if network.id not in constraints.excluded]
    placed = {i for group in partition for i in group}
    # Score the networks that take part and any the secretary placed anyway.
    participants += [network for network in networks if network.id in constraints.excluded and network.id in placed]
    try:
        count = len(group_sizes(len(participants), constraints.group_size))
    except ValueError:
        count = max(len(partition), 1)
    scorer = _Scorer(participants, weights, count)
    unknown = sorted({str(i) for i in placed if i not in scorer.index})
    if unknown:
        raise ValueError(_("Unknown networks in the grouping: %(ids)s.") % {"ids": ", ".join(unknown)})
    return scorer.partition_score([[scorer.index[i] for i in group] for group in partition])


def validate_partition(partition: Partition, networks: Sequence[Network], constraints: Constraints) -> list[str]:
    """What is wrong with a grouping, one message per problem; an empty list when it is valid."""
    by_id = {network.id: network for network in networks}
    messages = []
    homes: dict[NetworkId, list[int]] = {}
    for number, group in enumerate(partition, start=1):
        for network_id in group:
            homes.setdefault(network_id, []).append(number)
    for network_id, numbers in homes.items():
        if network_id not in by_id:
            messages.append(
                _("Group %(number)d holds an unknown network (%(id)s).") % {"number": numbers[0], "id": network_id}
            )
        elif network_id in constraints.excluded:
            messages.append(
                _("%(name)s does not take part but is in group %(number)d.")
                % {"name": by_id[network_id].name, "number": numbers[0]}
            )
        elif len(set(numbers)) > 1:
            messages.append(
                _("%(name)s is in more than one group: %(groups)s.")
                % {"name": by_id[network_id].name, "groups": _join([str(number) for number in sorted(set(numbers))])}
            )
        elif len(numbers) > 1:
            messages.append(
                _("%(name)s is listed twice in group %(number)d.")
                % {"name": by_id[network_id].name, "number": numbers[0]}
            )
    participants = [network for network in networks if network.id not in constraints.excluded]
    for network in participants:
        if network.id not in homes:
            messages.append(_("%(name)s is in no group.") % {"name": network.name})
    try:
        expected = group_sizes(len(participants), constraints.group_size)
    except ValueError as error:
        messages.append(str(error))
    else:
        actual = tuple(sorted(len(set(group)) for group in partition if group))
        if actual != expected:
            messages.append(
                ngettext(
                    "The groups have %(actual)s networks; for %(count)d network they should have %(expected)s.",
                    "The groups have %(actual)s networks; for %(count)d networks they should have %(expected)s.",
                    len(participants),
                )
                % {
                    "actual": ", ".join(map(str, actual)) or "0",
                    "count": len(participants),
                    "expected": ", ".join(map(str, expected)),
                }
            )
    group_of = {network_id: numbers[0] for network_id, numbers in homes.items()}
    for a, b in constraints.must_meet:
        for excluded, other in ((a, b), (b, a)):
            if excluded in constraints.excluded and excluded in by_id and other in by_id:
                messages.append(
                    _("%(excluded)s does not take part, yet must meet %(other)s.")
                    % {"excluded": by_id[excluded].name, "other": by_id[other].name}
                )
        if a in group_of and b in group_of and group_of[a] != group_of[b]:
            messages.append(
                _("%(first)s and %(second)s must meet but are in groups %(one)d and %(other)d.")
                % {"first": by_id[a].name, "second": by_id[b].name, "one": group_of[a], "other": group_of[b]}
            )
    for a, b in constraints.must_not_meet:
        shared = set(homes.get(a, ())) & set(homes.get(b, ()))
        if shared:
            messages.append(
                _("%(first)s and %(second)s must not meet but are both in group %(number)d.")
                % {"first": by_id[a].name, "second": by_id[b].name, "number": min(shared)}
            )
    return messages
