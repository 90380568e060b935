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

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

EXACT_LIMIT = 16
SEED = 2016
LOCAL_SEARCH_ROUNDS = 40
PERTURBATION_SWAPS = 3
PACK_NODE_LIMIT = 200_000
EARTH_RADIUS_KM = 6371.0

NetworkId = Hashable
Partition = Sequence[Sequence[NetworkId]]

CRITERIA = ("mix", "spread_large", "proximity", "likeness", "continuity", "learning_fit")
CRITERION_LABELS = {
    "mix": gettext_lazy("Young or small with large"),
    "spread_large": gettext_lazy("Spread the large networks"),
    "proximity": gettext_lazy("Close to each other"),
    "likeness": gettext_lazy("Alike"),
    "continuity": gettext_lazy("Same groups as last time"),
    "learning_fit": gettext_lazy("Learning fit"),
}


@dataclass(frozen=True)
class Network:
    """One network as the optimizer sees it.

    `learning_fit[other_id]` in [0, 1]: how well the other network's good practices answer this
    network's learning questions. `young` decides when given; otherwise `founded` is compared
    with `Weights.young_since`.
    """

    id: NetworkId
    name: str
    size: int
    founded: int | None = None
    young: bool | None = None
    latitude: float | None = None
    longitude: float | None = None
    likeness: tuple[float, ...] | str | None = None
    previous_group: Hashable | None = None
    learning_fit: Mapping[NetworkId, float] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Weights:
    """The secretary's weights. proximity and likeness are signed: negative prefers far or unalike."""

    mix: float = 1.0
    spread_large: float = 1.0
    # A little proximity breaks ties towards short journeys when nothing else decides.
    proximity: float = 0.25
    likeness: float = 0.0
    continuity: float = 0.0
    learning_fit: float = 1.0
    # Networks founded in or after this year count as young (unless Network.young says otherwise).
    young_since: int | None = None


@dataclass(frozen=True)
class Constraints:
    excluded: frozenset = frozenset()
    must_meet: tuple[tuple[NetworkId, NetworkId], ...] = ()
    must_not_meet: tuple[tuple[NetworkId, NetworkId], ...] = ()
    group_size: int = 3


@dataclass(frozen=True)
class GroupScore:
    members: tuple[NetworkId, ...]
    score: float
    contributions: dict[str, float]
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class PartitionScore:
    groups: tuple[GroupScore, ...]
    score: float
    contributions: dict[str, float]

    @property
    def partition(self) -> tuple[tuple[NetworkId, ...], ...]:
        return tuple(group.members for group in self.groups)


@dataclass(frozen=True)
class Proposal(PartitionScore):
    """A scored partition with how far it may be from the best one.

    `upper_bound` is the optimum itself when `exact`, else a bound no partition exceeds; `gap` is
    upper_bound - score (never negative) and `gap_percent` that as a share of |upper_bound|
    (None when the bound is 0 and the gap is not).
    """

    exact: bool = True
    upper_bound: float = 0.0
    gap: float = 0.0
    gap_percent: float | None = 0.0


def group_sizes(count: int, target: int = 3) -> tuple[int, ...]:
    """The sizes of the groups for `count` networks, smallest first.

    As many groups of `target` as possible, the rest of `target + 1`; when that cannot add up, as
    few groups of `target - 1` as possible (never below 2). Fewer than `target` networks form one
    group. 11 -> 3, 4, 4; 12 -> 3, 3, 3, 3; 5 -> 2, 3; 2 -> 2.
    """
    if target < 2:
        raise ValueError(_("Groups must have at least 2 networks."))
    if count < 2:
        raise ValueError(_("At least two networks must take part to form a group."))
    if count <= target:
        return (count,)
    smaller_sizes = range(count // (target - 1) + 1) if target > 2 else range(1)
    for smaller in smaller_sizes:
        rest = count - smaller * (target - 1)
        for regular in range(rest // target, -1, -1):
            if (rest - regular * target) % (target + 1) == 0:
                larger = (rest - regular * target) // (target + 1)
                return tuple(sorted([target - 1] * smaller + [target] * regular + [target + 1] * larger))
    raise ValueError(
        _("%(count)d networks cannot be divided into groups of about %(target)d.") % {"count": count, "target": target}
    )


def _join(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _distance_km(a: Network, b: Network) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _likeness(a: Network, b: Network) -> float:
    if isinstance(a.likeness, str) and isinstance(b.likeness, str):
        return 1.0 if a.likeness == b.likeness else 0.0
    if (
        isinstance(a.likeness, tuple | list)
        and isinstance(b.likeness, tuple | list)
        and len(a.likeness) == len(b.likeness)
    ):
        norm = math.hypot(*a.likeness) * math.hypot(*b.likeness)
        return sum(x * y for x, y in zip(a.likeness, b.likeness, strict=True)) / norm if norm else 0.0
    return 0.0


class _Scorer:
    """The participating networks with their pair values and weights, indexed 0..n-1."""

    def __init__(self, networks: Sequence[Network], weights: Weights, group_count: int):
        self.networks = list(networks)
        self.weights = weights
        self.index = {network.id: i for i, network in enumerate(self.networks)}
        n = len(self.networks)
        self.n = n
        young = [
            network.young
            if network.young is not None
            else weights.young_since is not None
            and network.founded is not None
            and network.founded >= weights.young_since
            for network in self.networks
        ]
        by_size = sorted(range(n), key=lambda i: (-self.networks[i].size, i))
        self.large = [False] * n
        for i in by_size[:group_count]:
            self.large[i] = True
        self.junior = [young[i] and not self.large[i] for i in range(n)]
        for i in reversed(by_size):
            if sum(self.junior) >= group_count:
                break
            if not self.large[i]:
                self.junior[i] = True
        self.distance = [[_distance_km(a, b) for b in self.networks] for a in self.networks]
        known = [d for row in self.distance for d in row if d is not None]
        self.max_distance = max([*known, 1.0])
        self.pair_values = {
            "proximity": [
                [0.0 if d is None or i == j else 1 - 2 * d / self.max_distance for j, d in enumerate(row)]
                for i, row in enumerate(self.distance)
            ],
            "likeness": [[0.0 if a is b else _likeness(a, b) for b in self.networks] for a in self.networks],
            "continuity": [
                [
                    1.0 if a is not b and a.previous_group is not None and a.previous_group == b.previous_group else 0.0
                    for b in self.networks
                ]
                for a in self.networks
            ],
            "learning_fit": [
                [
                    0.0 if a is b else (a.learning_fit.get(b.id, 0.0) + b.learning_fit.get(a.id, 0.0)) / 2
                    for b in self.networks
                ]
                for a in self.networks
            ],
        }
        # The pair part of a group's score, before dividing by its number of pairs.
        self.pair_weight = [
            [sum(getattr(weights, name) * values[i][j] for name, values in self.pair_values.items()) for j in range(n)]
            for i in range(n)
        ]
        # Pair penalties counted per pair, not averaged.
        self.pair_penalty = [
            [
                0.0
                if i == j
                else -weights.spread_large * (self.large[i] and self.large[j])
                - weights.mix * (self.junior[i] and self.junior[j])
                for j in range(n)
            ]
            for i in range(n)
        ]

    def value(self, members: Sequence[int]) -> float:
        """A group's weighted score: the optimizer's inner loop."""
        size = len(members)
        pairs = penalty = 0.0
        junior = large = False
        pair_weight, pair_penalty = self.pair_weight, self.pair_penalty
        for a in range(size):
            i = members[a]
            junior = junior or self.junior[i]
            large = large or self.large[i]
            row, penalty_row = pair_weight[i], pair_penalty[i]
            for b in range(a + 1, size):
                pairs += row[members[b]]
                penalty += penalty_row[members[b]]
        score = penalty + (2 * pairs / (size * (size - 1)) if size > 1 else 0.0)
        return score + self.weights.mix if junior and large else score

    def contributions(self, members: Sequence[int]) -> dict[str, float]:
        size = len(members)
        pairs = list(combinations(members, 2))
        large = sum(self.large[i] for i in members)
        junior = sum(self.junior[i] for i in members)
        result = {
            "mix": self.weights.mix * ((junior > 0 and large > 0) - junior * (junior - 1) / 2),
            "spread_large": -self.weights.spread_large * large * (large - 1) / 2,
        }
        for name, values in self.pair_values.items():
            mean = sum(values[i][j] for i, j in pairs) / len(pairs) if size > 1 else 0.0
            result[name] = getattr(self.weights, name) * mean
        return result

    def explain(self, members: Sequence[int]) -> tuple[str, ...]:
        """Sentences on what makes this group score as it does, for the criteria that weigh."""
        weights, networks = self.weights, self.networks
        name = [network.name for network in networks]
        large = [name[i] for i in members if self.large[i]]
        junior = [name[i] for i in members if self.junior[i]]
        lines = []
        if weights.spread_large:
            if len(large) == 1:
                lines.append(_("Spreads the large networks: %(name)s is the only large one here.") % {"name": large[0]})
            elif large:
                lines.append(_("%(names)s, among the largest networks, meet in this group.") % {"names": _join(large)})
            else:
                lines.append(_("None of the largest networks is in this group."))
        if weights.mix:
            if junior and large:
                lines.append(
                    _("Young or small %(juniors)s meets large %(large)s.")
                    % {"juniors": _join(junior), "large": _join(large)}
                )
            elif junior:
                lines.append(_("Young or small %(juniors)s meets no large network here.") % {"juniors": _join(junior)})
            if len(junior) > 1:
                lines.append(_("%(names)s are all young or small.") % {"names": _join(junior)})
        pairs = [(i, j) for i, j in combinations(members, 2) if self.distance[i][j] is not None]
        if pairs and (weights.proximity or not lines):
            near = min(pairs, key=lambda pair: self.distance[pair[0]][pair[1]])
            far = max(pairs, key=lambda pair: self.distance[pair[0]][pair[1]])
            lines.append(
                _("%(first)s and %(second)s are %(km)d km apart.")
                % {"first": name[far[0]], "second": name[far[1]], "km": round(self.distance[far[0]][far[1]])}
            )
            if near != far:
                lines.append(
                    _("%(first)s and %(second)s are %(km)d km apart.")
                    % {"first": name[near[0]], "second": name[near[1]], "km": round(self.distance[near[0]][near[1]])}
                )
        unplaced = [name[i] for i in members if networks[i].latitude is None or networks[i].longitude is None]
        if unplaced and weights.proximity:
            lines.append(_("No location known for %(names)s.") % {"names": _join(unplaced)})
        if weights.likeness:
            alike = max(combinations(members, 2), key=lambda p: self.pair_values["likeness"][p[0]][p[1]], default=None)
            if alike and self.pair_values["likeness"][alike[0]][alike[1]] > 0:
                lines.append(
                    _("Most alike: %(first)s and %(second)s (%(likeness)d%%).")
                    % {
                        "first": name[alike[0]],
                        "second": name[alike[1]],
                        "likeness": round(100 * self.pair_values["likeness"][alike[0]][alike[1]]),
                    }
                )
            else:
                lines.append(_("No two of these networks are known to be alike."))
        if weights.continuity:
            by_group: dict[Hashable, list[str]] = {}
            for i in members:
                if networks[i].previous_group is not None:
                    by_group.setdefault(networks[i].previous_group, []).append(name[i])
            stayed = [names for names in by_group.values() if len(names) > 1]
            for names in stayed:
                lines.append(_("%(names)s were in one group last time too.") % {"names": _join(names)})
            if not stayed:
                lines.append(_("No two of these networks met in the last peer review."))
        if weights.learning_fit:
            fits = [
                (networks[i].learning_fit.get(networks[j].id, 0.0), i, j) for i in members for j in members if i != j
            ]
            fit, learner, teacher = max(fits, default=(0.0, None, None))
            if fit > 0:
                lines.append(
                    _("%(teacher)s's good practices answer %(learner)s's learning questions best (fit %(fit)d%%).")
                    % {"teacher": name[teacher], "learner": name[learner], "fit": round(100 * fit)}
                )
            else:
                lines.append(_("No learning fit is known between these networks."))
        if not lines:
            lines.append(_("No criterion weighs, so every grouping scores the same."))
        return tuple(lines)

    def group_score(self, members: Sequence[int], *, explain: bool = True) -> GroupScore:
        members = sorted(members)
        return GroupScore(
            members=tuple(self.networks[i].id for i in members),
            score=self.value(members),
            contributions=self.contributions(members),
            explanation=self.explain(members) if explain else (),
        )

    def partition_score(self, groups: Iterable[Sequence[int]]) -> PartitionScore:
        ordered = sorted((sorted(group) for group in groups), key=lambda group: group[0] if group else self.n)
        scored = tuple(self.group_score(group) for group in ordered)
        return PartitionScore(
            groups=scored,
            score=sum(group.score for group in scored),
            contributions={name: sum(group.contributions[name] for group in scored) for name in CRITERIA},
        )


class _Problem:
    """Participating networks, the group composition and the constraints as index sets."""

    def __init__(self, networks: Sequence[Network], weights: Weights, constraints: Constraints):
        ids = [network.id for network in networks]
        duplicates = sorted({str(i) for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(_("Networks listed twice: %(ids)s.") % {"ids": ", ".join(duplicates)})
        by_id = {network.id: network for network in networks}
        mentioned = [*constraints.excluded, *(i for pair in constraints.must_meet for i in pair)]
        mentioned += [i for pair in constraints.must_not_meet for i in pair]
        unknown = sorted({str(i) for i in mentioned if i not in by_id})
        if unknown:
            raise ValueError(_("The constraints name unknown networks: %(ids)s.") % {"ids": ", ".join(unknown)})
        for network in networks:
            for other, fit in network.learning_fit.items():
                if not 0 <= fit <= 1:
                    raise ValueError(
                        _("The learning fit of %(name)s with %(other)s must lie between 0 and 1.")
                        % {"name": network.name, "other": by_id[other].name if other in by_id else other}
                    )
        self.participants = [network for network in networks if network.id not in constraints.excluded]
        self.sizes = group_sizes(len(self.participants), constraints.group_size)
        self.scorer = _Scorer(self.participants, weights, len(self.sizes))
        index = self.scorer.index
        for a, b in constraints.must_meet:
            for excluded, other in ((a, b), (b, a)):
                if excluded in constraints.excluded:
                    raise ValueError(
                        _("%(excluded)s does not take part, yet must meet %(other)s.")
                        % {"excluded": by_id[excluded].name, "other": by_id[other].name}
                    )
        n = len(self.participants)
        # Must-meet pairs join into blocks that always share a group.
        self.block_of = list(range(n))

        def root(i):
            while self.block_of[i] != i:
                i = self.block_of[i]
            return i

        for a, b in constraints.must_meet:
            ra, rb = root(index[a]), root(index[b])
            if ra != rb:
                self.block_of[max(ra, rb)] = min(ra, rb)
        self.block_of = [root(i) for i in range(n)]
        blocks: dict[int, list[int]] = {}
        for i in range(n):
            blocks.setdefault(self.block_of[i], []).append(i)
        self.blocks = list(blocks.values())
        self.blocks_by_root = blocks
        self.forbidden = [[False] * n for _i in range(n)]
        for a, b in constraints.must_not_meet:
            i, j = index.get(a), index.get(b)
            if i is None or j is None:
                continue  # An excluded network meets no one anyway.
            if self.block_of[i] == self.block_of[j]:
                raise ValueError(
                    _("%(first)s and %(second)s must meet and must not meet at the same time.")
                    % {"first": by_id[a].name, "second": by_id[b].name}
                )
            self.forbidden[i][j] = self.forbidden[j][i] = True
        largest = max(self.sizes)
        for block in self.blocks:
            if len(block) > largest:
                raise ValueError(
                    _("%(names)s must all meet, but a group has at most %(size)d networks.")
                    % {"names": _join([self.participants[i].name for i in block]), "size": largest}
                )

    def infeasible(self) -> ValueError:
        return ValueError(
            _("No grouping into groups of %(sizes)s meets the constraints.")
            % {"sizes": " + ".join(str(size) for size in self.sizes)}
        )


def _exact(problem: _Problem, count: int) -> list[tuple[float, list[list[int]]]]:
    """The `count` best partitions by dynamic programming over subsets of the networks.

    State: the networks not yet placed (a bitmask) and how many groups of each size remain. The
    next group always holds the lowest unplaced network, so each partition has exactly one path and
    the k best paths are the k best distinct partitions. Each state keeps its k best completions.
    """
    scorer, n = problem.scorer, problem.scorer.n
    size_kinds = sorted(set(problem.sizes))
    blocks_by_root = problem.blocks_by_root
    group_value: dict[int, float] = {}
    for size in size_kinds:
        for members in combinations(range(n), size):
            member_set = set(members)
            if any(problem.forbidden[i][j] for i, j in combinations(members, 2)):
                continue
            if any(j not in member_set for i in members for j in blocks_by_root[problem.block_of[i]]):
                continue
            group_value[sum(1 << i for i in members)] = scorer.value(members)
    memo: dict[tuple[int, tuple[int, ...]], list[tuple[float, int, tuple, int]]] = {}

    def solve(mask: int, remaining: tuple[int, ...]) -> list[tuple[float, int, tuple, int]]:
        if mask == 0:
            return [(0.0, 0, (), 0)]
        key = (mask, remaining)
        if key in memo:
            return memo[key]
        lowest = (mask & -mask).bit_length() - 1
        others = [1 << i for i in range(lowest + 1, n) if mask >> i & 1]
        best: list[tuple[float, int, tuple, int]] = []
        for kind, size in enumerate(size_kinds):
            if not remaining[kind]:
                continue
            rest_remaining = remaining[:kind] + (remaining[kind] - 1,) + remaining[kind + 1 :]
            for combo in combinations(others, size - 1):
                group = (1 << lowest) | sum(combo)
                value = group_value.get(group)
                if value is None:
                    continue
                child_key = (mask ^ group, rest_remaining)
                child = solve(*child_key)
                for rank, entry in enumerate(child):
                    total = value + entry[0]
                    if len(best) == count and total <= best[-1][0]:
                        break  # The child's list is sorted, so the rest are no better.
                    position = len(best)
                    while position and best[position - 1][0] < total:
                        position -= 1
                    best.insert(position, (total, group, child_key, rank))
                    del best[count:]
        memo[key] = best
        return best

    start = (((1 << n) - 1), tuple(problem.sizes.count(size) for size in size_kinds))
    results = []
    for rank in range(len(solve(*start))):
        groups, key, position = [], start, rank
        total = memo[start][rank][0] if start in memo else 0.0
        while key[0]:
            _total, group, child_key, child_rank = memo[key][position]
            groups.append([i for i in range(n) if group >> i & 1])
            key, position = child_key, child_rank
        results.append((total, groups))
    return results


class _LocalSearch:
    """Swaps whole blocks (must-meet networks) between groups, never breaking a constraint."""

    def __init__(self, problem: _Problem, rng: random.Random):
        self.problem = problem
        self.scorer = problem.scorer
        self.rng = rng
        self.blocks_by_root = problem.blocks_by_root
        self.any_forbidden = any(any(row) for row in problem.forbidden)

    def conflicts(self, block: Sequence[int], group: Iterable[int]) -> bool:
        if not self.any_forbidden:
            return False
        forbidden = self.problem.forbidden
        return any(forbidden[i][j] for i in block for j in group)

    def pack(self, block_order: Sequence[int], capacities: Sequence[int]) -> list[list[int]] | None:
        """Blocks into groups of exactly the given sizes, by backtracking; None if it finds none."""
        blocks = self.problem.blocks
        groups: list[list[int]] = [[] for _size in capacities]
        room = list(capacities)
        nodes = 0

        def place(position: int) -> bool:
            nonlocal nodes
            if position == len(block_order):
                return True
            block = blocks[block_order[position]]
            tried = set()
            for g in range(len(groups)):
                nodes += 1
                if nodes > PACK_NODE_LIMIT:
                    return False
                # Empty groups of the same size are interchangeable: try one of them.
                signature = (room[g], len(groups[g])) if not groups[g] else None
                if room[g] < len(block) or signature in tried or self.conflicts(block, groups[g]):
                    continue
                if signature:
                    tried.add(signature)
                groups[g].extend(block)
                room[g] -= len(block)
                if place(position + 1):
                    return True
                del groups[g][-len(block) :]
                room[g] += len(block)
            return False

        return groups if place(0) else None

    def greedy(self) -> list[list[int]] | None:
        """Fill one group at a time: a large network first, then whatever raises the group most."""
        scorer, blocks, sizes = self.scorer, self.problem.blocks, sorted(self.problem.sizes, reverse=True)
        unused = list(range(len(blocks)))
        unused.sort(key=lambda b: (not any(scorer.large[i] for i in blocks[b]), -len(blocks[b]), b))
        groups = []
        for size in sizes:
            if not unused:
                return None
            group = list(blocks[unused.pop(0)])
            while len(group) < size:
                candidates = [
                    b for b in unused if len(group) + len(blocks[b]) <= size and not self.conflicts(blocks[b], group)
                ]
                if not candidates:
                    return None
                chosen = max(candidates, key=lambda b: scorer.value(group + blocks[b]))
                unused.remove(chosen)
                group.extend(blocks[chosen])
            if len(group) != size:
                return None
            groups.append(group)
        return groups if not unused else None

    def random_start(self) -> list[list[int]] | None:
        order = list(range(len(self.problem.blocks)))
        self.rng.shuffle(order)
        order.sort(key=lambda b: -len(self.problem.blocks[b]))
        capacities = list(self.problem.sizes)
        self.rng.shuffle(capacities)
        return self.pack(order, capacities)

    def pair_moves(self, groups: list[list[int]], a: int, b: int):
        """Swaps of a block in group a with one of the same size in group b, and moves of a block
        from one to the other when the two groups then trade sizes (keeping the composition)."""
        block_of, blocks_by_root = self.problem.block_of, self.blocks_by_root
        roots_a = sorted({block_of[i] for i in groups[a]})
        roots_b = sorted({block_of[i] for i in groups[b]})
        for x in roots_a:
            bx = blocks_by_root[x]
            for y in roots_b:
                if len(blocks_by_root[y]) == len(bx):
                    yield a, b, bx, blocks_by_root[y]
            if len(groups[a]) - len(bx) == len(groups[b]):
                yield a, b, bx, []
        for y in roots_b:
            by = blocks_by_root[y]
            if len(groups[b]) - len(by) == len(groups[a]):
                yield b, a, by, []

    def moves(self, groups: list[list[int]]):
        for a, b in combinations(range(len(groups)), 2):
            yield from self.pair_moves(groups, a, b)

    def improve(self, groups: list[list[int]]) -> list[list[int]]:
        """Passes of first-improvement moves over every two groups until a pass changes nothing.

        Two groups that were looked at without finding anything and have not changed since are
        skipped, which makes the later passes cheap.
        """
        value = self.scorer.value
        values = [value(group) for group in groups]
        version = [0] * len(groups)
        settled: dict[tuple[int, int], tuple[int, int]] = {}
        improved = True
        while improved:
            improved = False
            for a, b in combinations(range(len(groups)), 2):
                if settled.get((a, b)) == (version[a], version[b]):
                    continue
                for source, target, bx, by in self.pair_moves(groups, a, b):
                    kept_source = [i for i in groups[source] if i not in bx]
                    kept_target = [i for i in groups[target] if i not in by]
                    if self.conflicts(by, kept_source) or self.conflicts(bx, kept_target):
                        continue
                    new_source, new_target = kept_source + by, kept_target + bx
                    vs, vt = value(new_source), value(new_target)
                    if vs + vt > values[source] + values[target] + 1e-12:
                        groups[source], groups[target] = new_source, new_target
                        values[source], values[target] = vs, vt
                        version[source] += 1
                        version[target] += 1
                        improved = True
                        break  # The pair's blocks changed; the next pass looks at it again.
                else:
                    settled[a, b] = (version[a], version[b])
        return groups

    def perturb(self, groups: list[list[int]]) -> list[list[int]]:
        groups = [list(group) for group in groups]
        moves = list(self.moves(groups))
        for _swap in range(PERTURBATION_SWAPS):
            if not moves:
                break
            a, b, bx, by = moves[self.rng.randrange(len(moves))]
            if not set(bx) <= set(groups[a]) or not set(by) <= set(groups[b]):
                continue  # An earlier swap moved one of them.
            new_a = [i for i in groups[a] if i not in bx] + by
            new_b = [i for i in groups[b] if i not in by] + bx
            if sorted((len(new_a), len(new_b))) != sorted((len(groups[a]), len(groups[b]))):
                continue  # An earlier swap changed the sizes; this one would break the composition.
            if self.conflicts(by, new_a) or self.conflicts(bx, new_b):
                continue
            groups[a], groups[b] = new_a, new_b
        return groups


def _key(groups: Iterable[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(sorted(tuple(sorted(group)) for group in groups))


def _heuristic(problem: _Problem, count: int) -> list[tuple[float, list[list[int]]]]:
    """Iterated local search from the greedy grouping and random ones; the `count` best seen."""
    search = _LocalSearch(problem, random.Random(SEED))  # noqa: S311 -- a reproducible search, not security
    starts = [search.greedy(), *(search.random_start() for _start in range(3))]
    starts = [start for start in starts if start is not None]
    if not starts:
        raise problem.infeasible()
    seen: dict[tuple, float] = {}

    def record(groups):
        key = _key(groups)
        if key not in seen:
            seen[key] = sum(problem.scorer.value(group) for group in key)
        return seen[key]

    for start in starts:
        current = search.improve(start)
        current_value = record(current)
        for _round in range(LOCAL_SEARCH_ROUNDS // len(starts)):
            candidate = search.improve(search.perturb(current))
            candidate_value = record(candidate)
            if candidate_value >= current_value:
                current, current_value = candidate, candidate_value
    ranked = sorted(seen.items(), key=lambda item: (-item[1], item[0]))[:count]
    return [(value, [list(group) for group in key]) for key, value in ranked]


def _upper_bound(problem: _Problem) -> float:
    """No partition scores more than this.

    A group's score is the sum over its members i of a share: (pair values with the others) /
    (s (s - 1)) + (pair penalties with the others) / 2, plus the mix bonus of the group. Each
    network's share is at most its best s - 1 partners' values, for its best allowed size s; the
    mix bonus is won by at most min(groups, juniors, large) groups.
    """
    scorer, n = problem.scorer, problem.scorer.n
    bound = 0.0
    for i in range(n):
        best = -math.inf
        for size in set(problem.sizes):
            shares = sorted(
                (
                    scorer.pair_weight[i][j] / (size * (size - 1)) + scorer.pair_penalty[i][j] / 2
                    for j in range(n)
                    if j != i and not problem.forbidden[i][j]
                ),
                reverse=True,
            )
            if len(shares) >= size - 1:
                best = max(best, sum(shares[: size - 1]))
        bound += best if best > -math.inf else 0.0
    winners = min(len(problem.sizes), sum(scorer.junior), sum(scorer.large))
    return bound + max(scorer.weights.mix, 0.0) * winners


def _percent(gap: float, upper_bound: float) -> float | None:
    if gap < 1e-9:
        return 0.0
    return 100 * gap / abs(upper_bound) if abs(upper_bound) > 1e-9 else None


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
