"""Scoring a group and a partition on the weighted criteria, with explanations in words."""

from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations

from django.utils.translation import gettext as _

from .model import CRITERIA, GroupScore, Network, PartitionScore, Weights, _distance_km, _join, _likeness


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
