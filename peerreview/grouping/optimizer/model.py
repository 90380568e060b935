"""The grouping's inputs and results, the group sizes, and the constants of the search."""

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
