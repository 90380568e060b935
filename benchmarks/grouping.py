"""The grouping optimizer: time for the demo's 11 networks (checked against brute force), 16 networks
exact, and 100 networks by local search with its gap to the upper bound; and the inputs builder
(peerreview.grouping.inputs) on the demo database.

The optimizer runs as pure Python in this process. Instances are seeded, so every run solves the
same problems. A proposal that differs from the brute-force optimum, or that breaks the group sizes,
fails the run; speed never does. The inputs builder runs in the app's settings against a throw-away
database of the configured kind holding the demo at --month may (every preparation in, so the
learning fit has something to read): `python benchmarks/grouping.py --inputs-probe` there.

Alone: `.venv/bin/python benchmarks/grouping.py`; `make bench` runs it after the preparations.
"""

import json
import math
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

import benchdb
from processes import BASE_DIR, run_python

if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from django.conf import settings

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

ROUNDS = 5
COMMAND_TIMEOUT_S = 180
# As in networks/demo.py: name, founded, latitude, longitude; sizes (partner schools plus
# institutions) invented, with Utrecht, Amsterdam and Noord the largest as in 2016.
DEMO = (
    ("Amsterdam", 2005, 52.37022, 4.89517, 24),
    ("Leiden", 2006, 52.16014, 4.49701, 12),
    ("Zuid-Holland", 2006, 52.01158, 4.35706, 18),
    ("Utrecht", 2004, 52.09074, 5.12142, 26),
    ("Noord", 2004, 53.21917, 6.56667, 22),
    ("Nijmegen", 2007, 51.84250, 5.85278, 14),
    ("Wageningen", 2008, 51.96500, 5.66389, 9),
    ("Oost", 2005, 52.22150, 6.89370, 17),
    ("Brabant", 2015, 51.44164, 5.46972, 10),
    ("Limburg", 2013, 50.85136, 5.69097, 8),
    ("Zeeland", 2014, 51.49880, 3.61097, 6),
)
WEIGHTS = Weights(likeness=0.5, continuity=0.25, young_since=2012)


def _learning_fit(rng: random.Random, me: str, ids: list[str]) -> dict[str, float]:
    return {other: round(rng.random(), 2) for other in ids if other != me and rng.random() < 0.3}


def demo_networks() -> list[Network]:
    rng = random.Random(2016)
    ids = [name.lower() for name, *_rest in DEMO]
    return [
        Network(
            id=name.lower(),
            name=name,
            size=size,
            founded=founded,
            latitude=lat,
            longitude=lon,
            likeness=(rng.random(), rng.random(), rng.random()),
            previous_group=index % 3,
            learning_fit=_learning_fit(rng, name.lower(), ids),
        )
        for index, (name, founded, lat, lon, size) in enumerate(DEMO)
    ]


def random_networks(count: int, seed: int) -> list[Network]:
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(count)]
    return [
        Network(
            id=network_id,
            name=f"Network {i}",
            size=rng.randint(5, 30),
            founded=rng.randint(2000, 2020),
            latitude=50.8 + 2.6 * rng.random(),
            longitude=3.4 + 3.8 * rng.random(),
            likeness=(rng.random(), rng.random(), rng.random()),
            previous_group=rng.randint(0, count // 3),
            learning_fit=_learning_fit(rng, network_id, ids),
        )
        for i, network_id in enumerate(ids)
    ]


def _partitions(items: list, sizes: tuple[int, ...]):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for size in sorted(set(sizes)):
        remaining = list(sizes)
        remaining.remove(size)
        for companions in combinations(rest, size - 1):
            others = [item for item in rest if item not in companions]
            for partition in _partitions(others, tuple(remaining)):
                yield [[first, *companions], *partition]


def brute_force(networks: list[Network], weights: Weights) -> tuple[float, int]:
    """The best score over every partition into the allowed sizes, and how many there are."""
    ids = [network.id for network in networks]
    value: dict[frozenset, float] = {}
    best, count = -math.inf, 0
    for partition in _partitions(ids, group_sizes(len(ids))):
        total = 0.0
        for group in partition:
            key = frozenset(group)
            if key not in value:
                value[key] = score_partition([group], networks, weights).score
            total += value[key]
        best, count = max(best, total), count + 1
    return best, count


def _timed(networks: list[Network], rounds: int) -> tuple[list, float]:
    times = []
    for _round in range(rounds):
        started = time.perf_counter()
        proposals = grouping_propose(networks, WEIGHTS, Constraints())
        times.append(time.perf_counter() - started)
    return proposals, statistics.median(times)


def _case(name: str, networks: list[Network], rounds: int) -> dict:
    proposals, seconds = _timed(networks, rounds)
    best = proposals[0]
    row = {
        "case": name,
        "networks": len(networks),
        "rounds": rounds,
        "ms": round(1000 * seconds, 1),
        "exact": best.exact,
        "score": round(best.score, 4),
        "upper_bound": round(best.upper_bound, 4),
        "gap_percent": None if best.gap_percent is None else round(best.gap_percent, 2),
        "sizes": sorted(len(group) for group in best.partition),
    }
    invalid = [
        message for proposal in proposals for message in validate_partition(proposal.partition, networks, Constraints())
    ]
    if invalid:
        row["error"] = "; ".join(invalid)
    return row


def inputs_probe() -> dict:
    """In the app's settings, on the demo at May: the inputs builder's time and queries, and the
    proposals made from what it read."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peerreview.cycles.models import Cycle
    from peerreview.grouping import inputs

    cycle = Cycle.objects.get(year=2018)
    with CaptureQueriesContext(connection) as queries:
        networks = inputs.network_inputs(cycle)
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        inputs.network_inputs(cycle)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    proposals = grouping_propose(networks, inputs.default_weights(cycle), Constraints())
    return {
        "networks": len(networks),
        "queries": len(queries),
        "ms": round(1000 * statistics.median(times), 1),
        "fits": sum(len(network.learning_fit) for network in networks),
        "propose_ms": round(1000 * (time.perf_counter() - started), 1),
        "score": round(proposals[0].score, 4),
    }


def inputs_case(scratch: Path, app_env, database_url: str) -> dict:
    """Load the demo at May in a throw-away database and run the inputs probe against it."""
    databases = benchdb.scratch_databases(database_url, scratch)
    try:
        env = app_env(databases.create("bench_grouping"), scratch / "grouping-var")
        run_python(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=COMMAND_TIMEOUT_S)
        run_python(["manage.py", "demo", "--month", "may", "--quiet-credentials"], env, timeout=COMMAND_TIMEOUT_S)
        output = run_python(["benchmarks/grouping.py", "--inputs-probe"], env, timeout=COMMAND_TIMEOUT_S)
    finally:
        databases.drop_all()
    return json.loads(output.splitlines()[-1])


def run(scratch: Path, app_env, database_url: str) -> dict:
    """Solve the three cases in this process, then time the inputs builder on the demo database."""
    if not settings.configured:
        # The optimizer needs only gettext, which without translations returns the English text.
        settings.configure(USE_I18N=False)
    started = time.monotonic()
    demo = demo_networks()
    cases = [
        _case("the demo", demo, ROUNDS),
        _case("random", random_networks(EXACT_LIMIT, 16), 3),
        _case("random", random_networks(100, 100), 1),
    ]
    brute_started = time.perf_counter()
    optimum, partitions = brute_force(demo, WEIGHTS)
    result = {
        "seconds": round(time.monotonic() - started, 1),
        "cases": cases,
        "brute_force": {
            "partitions": partitions,
            "score": round(optimum, 4),
            "ms": round(1000 * (time.perf_counter() - brute_started), 1),
        },
    }
    result["brute_force"]["equal"] = math.isclose(cases[0]["score"], optimum, abs_tol=1e-4)
    result["inputs"] = inputs_case(scratch, app_env, database_url)
    failures = [f"{case['case']}: {case['error']}" for case in cases if "error" in case]
    if not result["brute_force"]["equal"]:
        failures.append(f"the demo: proposed {cases[0]['score']}, brute force found {optimum:.4f}")
    if failures:
        result["error"] = "; ".join(failures)
    return result


def _sizes(sizes: list[int]) -> str:
    return " + ".join(f"{sizes.count(size)}x{size}" for size in sorted(set(sizes)))


def report(result: dict) -> str:
    brute = result["brute_force"]
    lines = ["Grouping proposals (3 per run; median time over the rounds):"]
    for case in result["cases"]:
        how = "exact" if case["exact"] else f"local search, bound {case['upper_bound']}, gap {case['gap_percent']}%"
        lines.append(
            f"  {case['case']} ({case['networks']} networks in groups of {_sizes(case['sizes'])}): "
            f"{case['ms']:,.1f} ms, score {case['score']} ({how})"
        )
    lines.append(
        f"  brute force on the demo: {brute['partitions']:,} partitions in {brute['ms']:,.0f} ms, best {brute['score']}"
        f" ({'equal to the proposal' if brute['equal'] else 'NOT equal to the proposal'})."
    )
    inputs = result["inputs"]
    lines.append(
        f"  inputs from the demo database ({inputs['networks']} networks, preparations in): "
        f"{inputs['ms']:,.1f} ms in {inputs['queries']} queries, {inputs['fits']} learning fits; "
        f"proposals from them {inputs['propose_ms']:,.1f} ms, score {inputs['score']}"
    )
    if "error" in result:
        lines.append(f"FAILED grouping: {result['error']}")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--inputs-probe"]:
        print(json.dumps(inputs_probe()))
        sys.exit(0)
    from run import standalone

    sys.exit(standalone(run, report))
