"""Finding the best partitions: exact up to EXACT_LIMIT networks, else local search with an upper bound."""

import math
import random
from collections.abc import Iterable, Sequence
from itertools import combinations

from django.utils.translation import gettext as _

from .model import (
    LOCAL_SEARCH_ROUNDS,
    PACK_NODE_LIMIT,
    PERTURBATION_SWAPS,
    SEED,
    Constraints,
    Network,
    Weights,
    _join,
    group_sizes,
)
from .scoring import _Scorer


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
