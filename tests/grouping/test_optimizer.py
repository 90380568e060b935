"""The grouping optimizer against brute force, its constraints, the 2016 demo and its messages."""

import math
import random
from itertools import combinations

import pytest
from django.utils import translation

from networks.demo import NETWORKS
from peerreview.grouping.optimizer import (
    EXACT_LIMIT,
    Constraints,
    Network,
    Weights,
    group_sizes,
    grouping_propose,
    score_partition,
    validate_partition,
)
from peerreview.grouping.optimizer.search import _heuristic, _Problem, _upper_bound

# Partner schools plus institutions, invented but in the 2016 order: Utrecht, Amsterdam and Noord
# the largest; Brabant, Limburg and Zeeland the young ones.
DEMO_SIZES = {
    "utrecht": 26,
    "amsterdam": 24,
    "noord": 22,
    "zuid-holland": 18,
    "oost": 17,
    "nijmegen": 14,
    "leiden": 12,
    "brabant": 10,
    "wageningen": 9,
    "limburg": 8,
    "zeeland": 6,
}
LARGEST = {"utrecht", "amsterdam", "noord"}
YOUNG = {"brabant", "limburg", "zeeland"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def demo_networks() -> list[Network]:
    return [
        Network(
            id=demo.slug,
            name=demo.name,
            size=DEMO_SIZES[demo.slug],
            founded=demo.founded,
            latitude=float(demo.lat),
            longitude=float(demo.lon),
        )
        for demo in NETWORKS
    ]


def random_networks(rng: random.Random, count: int) -> list[Network]:
    ids = [f"n{i}" for i in range(count)]
    return [
        Network(
            id=network_id,
            name=f"Network {network_id}",
            size=rng.randint(3, 30),
            founded=rng.randint(2000, 2016),
            young=rng.choice([None, None, True, False]),
            latitude=None if rng.random() < 0.1 else 50.8 + 2.5 * rng.random(),
            longitude=4.0 + 3.0 * rng.random(),
            likeness=rng.choice([None, "city", "region", (rng.random(), rng.random()), (rng.random(), rng.random())]),
            previous_group=rng.choice([None, 1, 2, 3]),
            learning_fit={other: round(rng.random(), 2) for other in ids if other != network_id and rng.random() < 0.4},
        )
        for network_id in ids
    ]


def random_weights(rng: random.Random) -> Weights:
    return Weights(
        mix=rng.choice([0.0, 0.5, 1.0, 2.0]),
        spread_large=rng.choice([0.0, 1.0, 1.5]),
        proximity=rng.uniform(-1, 1),
        likeness=rng.uniform(-1, 1),
        continuity=rng.choice([0.0, 0.5, -0.5]),
        learning_fit=rng.uniform(0, 2),
        young_since=rng.choice([None, 2010, 2013]),
    )


def random_constraints(rng: random.Random, networks: list[Network]) -> Constraints:
    ids = [network.id for network in networks]
    excluded = frozenset(rng.sample(ids, rng.choice([0, 0, 1]))) if len(ids) > 3 else frozenset()
    pairs = list(combinations(ids, 2))
    return Constraints(
        excluded=excluded,
        must_meet=tuple(rng.sample(pairs, min(len(pairs), rng.choice([0, 0, 1, 2])))),
        must_not_meet=tuple(rng.sample(pairs, min(len(pairs), rng.choice([0, 1, 2])))),
        group_size=rng.choice([3, 3, 3, 2, 4]),
    )


def random_instance(seed: int) -> tuple[list[Network], Weights, Constraints]:
    rng = random.Random(seed)
    networks = random_networks(rng, rng.randint(4, 10))
    return networks, random_weights(rng), random_constraints(rng, networks)


def set_partitions(items: list, sizes: tuple[int, ...]):
    """Every partition of `items` into groups with exactly these sizes (in any order)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for size in sorted(set(sizes)):
        remaining = list(sizes)
        remaining.remove(size)
        for companions in combinations(rest, size - 1):
            group = [first, *companions]
            others = [item for item in rest if item not in companions]
            for partition in set_partitions(others, tuple(remaining)):
                yield [group, *partition]


def brute_force(networks, weights, constraints) -> list[tuple[float, list[list]]]:
    """All valid partitions, best first, scored group by group with score_partition."""
    participants = [network.id for network in networks if network.id not in constraints.excluded]
    group_value = {}
    found = []
    for partition in set_partitions(participants, group_sizes(len(participants), constraints.group_size)):
        if validate_partition(partition, networks, constraints):
            continue
        total = 0.0
        for group in partition:
            key = frozenset(group)
            if key not in group_value:
                group_value[key] = score_partition([group], networks, weights, constraints).score
            total += group_value[key]
        found.append((total, partition))
    found.sort(key=lambda item: -item[0])
    return found


def as_sets(partition) -> set[frozenset]:
    return {frozenset(group) for group in partition}


def test_group_sizes_as_many_threes_as_possible():
    assert [group_sizes(count) for count in (2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16)] == [
        (2,),
        (3,),
        (4,),
        (2, 3),
        (3, 3),
        (3, 4),
        (4, 4),
        (3, 3, 4),
        (3, 4, 4),
        (3, 3, 3, 3),
        (3, 3, 3, 4),
        (3, 3, 3, 3, 4),
    ]


def test_group_sizes_target_four():
    assert [group_sizes(count, 4) for count in (6, 9, 11, 12)] == [(3, 3), (4, 5), (3, 4, 4), (4, 4, 4)]


def test_group_sizes_one_network_refused():
    with pytest.raises(ValueError, match="At least two networks"):
        group_sizes(1)


@pytest.mark.parametrize("seed", range(40))
def test_grouping_propose_equals_brute_force(seed):
    networks, weights, constraints = random_instance(seed)
    expected = brute_force(networks, weights, constraints)
    if not expected:
        with pytest.raises(ValueError):
            grouping_propose(networks, weights, constraints)
        return
    proposals = grouping_propose(networks, weights, constraints, proposals=3)
    assert [round(proposal.score, 9) for proposal in proposals] == [round(score, 9) for score, _ in expected[:3]]
    assert len({frozenset(as_sets(proposal.partition)) for proposal in proposals}) == len(proposals)
    for proposal in proposals:
        assert validate_partition(proposal.partition, networks, constraints) == []
        assert proposal.exact
        assert proposal.upper_bound == pytest.approx(expected[0][0])
        assert proposal.score == pytest.approx(
            score_partition(proposal.partition, networks, weights, constraints).score
        )
        assert math.fsum(group.score for group in proposal.groups) == pytest.approx(proposal.score)
        assert math.fsum(proposal.contributions.values()) == pytest.approx(proposal.score)


def test_brute_force_instances_are_feasible_mostly():
    """The comparison above is worth something only if most instances have partitions to compare."""
    feasible = sum(bool(brute_force(*random_instance(seed))) for seed in range(40))
    assert feasible >= 30


@pytest.mark.parametrize("seed", range(12))
def test_upper_bound_never_below_the_optimum(seed):
    rng = random.Random(100 + seed)
    networks = random_networks(rng, rng.randint(4, 10))
    weights = random_weights(rng)
    constraints = Constraints(group_size=rng.choice([2, 3, 4]))
    optimum = brute_force(networks, weights, constraints)[0][0]
    assert _upper_bound(_Problem(networks, weights, constraints)) >= optimum - 1e-9


def test_grouping_propose_must_meet_together_must_not_apart_excluded_absent():
    networks = demo_networks()
    constraints = Constraints(
        excluded=frozenset({"brabant"}),
        must_meet=(("leiden", "zuid-holland"),),
        must_not_meet=(("utrecht", "nijmegen"), ("oost", "noord")),
    )
    proposals = grouping_propose(networks, Weights(young_since=2012), constraints)
    assert len(proposals) == 3
    for proposal in proposals:
        group_of = {network_id: number for number, group in enumerate(proposal.partition) for network_id in group}
        assert "brabant" not in group_of
        assert sorted(group_of) == sorted(network.id for network in networks if network.id != "brabant")
        assert group_of["leiden"] == group_of["zuid-holland"]
        assert group_of["utrecht"] != group_of["nijmegen"]
        assert group_of["oost"] != group_of["noord"]
        assert sorted(len(group) for group in proposal.partition) == [3, 3, 4]


def test_grouping_propose_must_meet_chain_too_large_refused():
    networks = demo_networks()
    chain = (("leiden", "zuid-holland"), ("zuid-holland", "utrecht"), ("utrecht", "noord"), ("noord", "oost"))
    with pytest.raises(ValueError) as error:
        grouping_propose(networks, Weights(), Constraints(must_meet=chain))
    assert (
        str(error.value)
        == "Leiden, Zuid-Holland, Utrecht, Noord and Oost must all meet, but a group has at most 4 networks."
    )


def test_grouping_propose_must_and_must_not_meet_refused():
    networks = demo_networks()
    constraints = Constraints(must_meet=(("leiden", "zuid-holland"),), must_not_meet=(("zuid-holland", "leiden"),))
    with pytest.raises(ValueError) as error:
        grouping_propose(networks, Weights(), constraints)
    assert str(error.value) == "Zuid-Holland and Leiden must meet and must not meet at the same time."


def test_grouping_propose_no_partition_refused():
    networks = demo_networks()[:6]
    ids = [network.id for network in networks]
    # Amsterdam may meet no one, so no trio can hold it.
    constraints = Constraints(must_not_meet=tuple(("amsterdam", other) for other in ids if other != "amsterdam"))
    with pytest.raises(ValueError) as error:
        grouping_propose(networks, Weights(), constraints)
    assert str(error.value) == "No grouping into groups of 3 + 3 meets the constraints."


def test_grouping_propose_excluded_must_meet_refused():
    constraints = Constraints(excluded=frozenset({"brabant"}), must_meet=(("brabant", "limburg"),))
    with pytest.raises(ValueError) as error:
        grouping_propose(demo_networks(), Weights(), constraints)
    assert str(error.value) == "Brabant does not take part, yet must meet Limburg."


def test_grouping_propose_unknown_network_in_constraints_refused():
    with pytest.raises(ValueError) as error:
        grouping_propose(demo_networks(), Weights(), Constraints(must_not_meet=(("utrecht", "texel"),)))
    assert str(error.value) == "The constraints name unknown networks: texel."


def test_grouping_propose_too_few_networks_refused():
    with pytest.raises(ValueError) as error:
        grouping_propose(demo_networks()[:1], Weights(), Constraints())
    assert str(error.value) == "At least two networks must take part to form a group."


def test_grouping_propose_two_networks_one_group():
    proposals = grouping_propose(demo_networks()[:2], Weights(), Constraints())
    assert [proposal.partition for proposal in proposals] == [(("amsterdam", "leiden"),)]


def test_grouping_propose_demo_spreads_largest_and_young():
    proposals = grouping_propose(demo_networks(), Weights(young_since=2012), Constraints())
    assert len(proposals) == 3
    for proposal in proposals:
        assert sorted(len(group) for group in proposal.partition) == [3, 4, 4]
        assert sorted(len(LARGEST & set(group)) for group in proposal.partition) == [1, 1, 1]
        assert sorted(len(YOUNG & set(group)) for group in proposal.partition) == [1, 1, 1]
        assert proposal.contributions["spread_large"] == 0
        assert proposal.contributions["mix"] == 3
    assert proposals[0].score >= proposals[1].score >= proposals[2].score


def test_grouping_propose_demo_explanations_for_every_group():
    best = grouping_propose(demo_networks(), Weights(young_since=2012), Constraints())[0]
    for group in best.groups:
        large = next(network_id for network_id in group.members if network_id in LARGEST)
        name = {network.id: network.name for network in demo_networks()}[large]
        assert f"Spreads the large networks: {name} is the only large one here." in group.explanation
        assert any(line.endswith("km apart.") for line in group.explanation)


def test_grouping_propose_deterministic():
    rng = random.Random(7)
    networks = random_networks(rng, 24)
    weights = random_weights(rng)
    first = grouping_propose(networks, weights, Constraints())
    second = grouping_propose(networks, weights, Constraints())
    assert [proposal.partition for proposal in first] == [proposal.partition for proposal in second]


def test_grouping_propose_sixteen_networks_exact():
    rng = random.Random(16)
    networks = random_networks(rng, EXACT_LIMIT)
    proposals = grouping_propose(networks, random_weights(rng), Constraints())
    assert [proposal.exact for proposal in proposals] == [True, True, True]
    assert proposals[0].gap == 0
    assert sorted(len(group) for group in proposals[0].partition) == [3, 3, 3, 3, 4]


def test_grouping_propose_hundred_networks_heuristic_with_gap():
    rng = random.Random(100)
    networks = random_networks(rng, 100)
    constraints = Constraints(
        excluded=frozenset({"n99"}), must_meet=(("n1", "n2"), ("n2", "n3")), must_not_meet=(("n4", "n5"),)
    )
    proposals = grouping_propose(networks, random_weights(rng), constraints)
    assert len(proposals) == 3
    for proposal in proposals:
        assert not proposal.exact
        assert validate_partition(proposal.partition, networks, constraints) == []
        assert proposal.upper_bound >= proposal.score
        assert proposal.gap >= 0
        assert proposal.gap_percent is None or proposal.gap_percent >= 0
        assert all(group.explanation for group in proposal.groups)
    assert [proposal.score for proposal in proposals] == sorted(
        (proposal.score for proposal in proposals), reverse=True
    )


def test_grouping_propose_heuristic_near_exact_optimum():
    """On 16 networks the local search, run directly, comes close to the exact optimum."""

    rng = random.Random(161)
    networks = random_networks(rng, 16)
    weights = random_weights(rng)
    exact = grouping_propose(networks, weights, Constraints())[0].score
    heuristic = _heuristic(_Problem(networks, weights, Constraints()), 1)[0][0]
    assert heuristic <= exact + 1e-9
    assert heuristic >= exact - 0.05 * abs(exact)


def test_score_partition_hand_made_contributions():
    networks = demo_networks()
    partition = [
        ["utrecht", "amsterdam", "limburg"],
        ["noord", "oost", "zeeland", "brabant"],
        ["zuid-holland", "leiden", "nijmegen", "wageningen"],
    ]
    weights = Weights(mix=1.0, spread_large=2.0, proximity=0.0, learning_fit=0.0, young_since=2012)
    scored = score_partition(partition, networks, weights)
    assert [group.contributions["spread_large"] for group in scored.groups] == [-2.0, 0.0, 0.0]
    # Group 1 pairs young Limburg with the large; group 2 too, but Zeeland and Brabant are both young.
    assert [group.contributions["mix"] for group in scored.groups] == [1.0, 0.0, 0.0]
    assert scored.score == -1.0
    assert "Amsterdam and Utrecht, among the largest networks, meet in this group." in scored.groups[0].explanation


def test_score_partition_proximity_signed():
    near = Network(id="a", name="A", size=1, latitude=52.0, longitude=5.0)
    also_near = Network(id="b", name="B", size=1, latitude=52.0, longitude=5.01)
    far = Network(id="c", name="C", size=1, latitude=53.0, longitude=5.0)
    far_too = Network(id="d", name="D", size=1, latitude=53.0, longitude=5.01)
    networks = [near, also_near, far, far_too]
    paired_near = [["a", "b"], ["c", "d"]]
    paired_far = [["a", "c"], ["b", "d"]]
    prefer_near = Weights(mix=0, spread_large=0, proximity=1, learning_fit=0)
    prefer_far = Weights(mix=0, spread_large=0, proximity=-1, learning_fit=0)
    assert (
        score_partition(paired_near, networks, prefer_near).score
        > score_partition(paired_far, networks, prefer_near).score
    )
    assert (
        score_partition(paired_near, networks, prefer_far).score
        < score_partition(paired_far, networks, prefer_far).score
    )
    assert "A and C are 111 km apart." in score_partition(paired_far, networks, prefer_far).groups[0].explanation
    best = grouping_propose(networks, prefer_far, Constraints(group_size=2))[0]
    assert as_sets(best.partition) in (as_sets(paired_far), as_sets([["a", "d"], ["b", "c"]]))


def test_score_partition_learning_fit_explained():
    networks = [
        Network(id=1, name="Limburg", size=5, learning_fit={2: 0.9}),
        Network(id=2, name="Utrecht", size=20),
        Network(id=3, name="Zeeland", size=4),
    ]
    scored = score_partition([[1, 2, 3]], networks, Weights(proximity=0))
    assert scored.contributions["learning_fit"] == pytest.approx(0.45 / 3)
    assert (
        "Utrecht's good practices answer Limburg's learning questions best (fit 90%)." in scored.groups[0].explanation
    )


def test_score_partition_unknown_network_refused():
    with pytest.raises(ValueError) as error:
        score_partition([["utrecht", "texel", "noord"]], demo_networks(), Weights())
    assert str(error.value) == "Unknown networks in the grouping: texel."


def test_validate_partition_valid():
    partition = [
        ["utrecht", "limburg", "leiden"],
        ["amsterdam", "zeeland", "oost", "nijmegen"],
        ["noord", "brabant", "zuid-holland", "wageningen"],
    ]
    assert validate_partition(partition, demo_networks(), Constraints()) == []


def test_validate_partition_messages():
    partition = [
        ["utrecht", "limburg", "leiden", "amsterdam"],
        ["amsterdam", "zeeland", "oost", "texel"],
        ["noord", "brabant", "zuid-holland"],
    ]
    constraints = Constraints(
        excluded=frozenset({"brabant"}),
        must_meet=(("nijmegen", "wageningen"), ("utrecht", "oost")),
        must_not_meet=(("utrecht", "leiden"),),
    )
    assert validate_partition(partition, demo_networks(), constraints) == [
        "Amsterdam is in more than one group: 1 and 2.",
        "Group 2 holds an unknown network (texel).",
        "Brabant does not take part but is in group 3.",
        "Nijmegen is in no group.",
        "Wageningen is in no group.",
        "The groups have 3, 4, 4 networks; for 10 networks they should have 3, 3, 4.",
        "Utrecht and Oost must meet but are in groups 1 and 2.",
        "Utrecht and Leiden must not meet but are both in group 1.",
    ]


def test_validate_partition_network_twice_in_one_group():
    partition = [
        ["utrecht", "limburg", "leiden", "utrecht"],
        ["amsterdam", "zeeland", "oost", "nijmegen"],
        ["noord", "brabant", "zuid-holland", "wageningen"],
    ]
    assert validate_partition(partition, demo_networks(), Constraints()) == ["Utrecht is listed twice in group 1."]
