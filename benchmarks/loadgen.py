"""HTTP load on a page and its floor: wrk when installed, else threads with http.client.

Both keep CONCURRENCY requests in flight and count every answer other than 200 (and every
connection failure) as an error. Page and floor take turns in short rounds, so that whatever
else the machine is doing weighs on both alike and their ratio stays meaningful.
"""

import http.client
import json
import math
import shutil
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CONCURRENCY = 8
WARMUP_S = 1
ROUNDS = 5
ROUND_S = 1
REQUEST_TIMEOUT_S = 10
# wrk's threads only juggle sockets; two carry 8 connections and leave the cores to gunicorn.
WRK_THREADS = 2
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float | None
    p95_ms: float | None
    rps: float = field(init=False)

    def __post_init__(self):
        self.rps = self.requests / self.seconds


def _has_wrk() -> bool:
    return shutil.which("wrk") is not None


def generator_name() -> str:
    return "wrk" if _has_wrk() else "python threads"


def fetch(url: str, cookie: str) -> tuple[int, bytes]:
    """One GET without following redirects, so a redirect to the sign-in page shows as a 302."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def measure_with_floor(url: str, cookie: str, floor_url: str) -> tuple[LoadResult, LoadResult]:
    """The page and the floor page, each warmed up, then loaded in alternating rounds."""
    run = _run_wrk if _has_wrk() else _run_threads
    # The warm-up lets every worker import lazily loaded code and open its database connection.
    run(url, cookie, WARMUP_S)
    run(floor_url, "", WARMUP_S)
    page_rounds, floor_rounds = [], []
    for _ in range(ROUNDS):
        page_rounds.append(run(url, cookie, ROUND_S))
        floor_rounds.append(run(floor_url, "", ROUND_S))
    return _combine(page_rounds), _combine(floor_rounds)


def _combine(rounds: list[LoadResult]) -> LoadResult:
    """Totals over the rounds; latencies as the median of the rounds' percentiles."""
    p50s = [round_.p50_ms for round_ in rounds if round_.p50_ms is not None]
    p95s = [round_.p95_ms for round_ in rounds if round_.p95_ms is not None]
    return LoadResult(
        requests=sum(round_.requests for round_ in rounds),
        errors=sum(round_.errors for round_ in rounds),
        seconds=sum(round_.seconds for round_ in rounds),
        p50_ms=statistics.median(p50s) if p50s else None,
        p95_ms=statistics.median(p95s) if p95s else None,
    )


def _run_wrk(url: str, cookie: str, seconds: int) -> LoadResult:
    command = ["wrk", "--threads", str(WRK_THREADS), "--connections", str(CONCURRENCY), "--duration", f"{seconds}s"]
    command += ["--timeout", f"{REQUEST_TIMEOUT_S}s", "--script", str(WRK_SCRIPT)]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + REQUEST_TIMEOUT_S + 5
    ).stdout
    return LoadResult(**json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{"))))


def _run_threads(url: str, cookie: str, seconds: int) -> LoadResult:
    parts = urlsplit(url)
    target = (parts.hostname, parts.port, parts.path, {"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        clients = [pool.submit(_client_loop, *target, started + seconds) for _ in range(CONCURRENCY)]
        outcomes = [client.result() for client in clients]
    latencies = sorted(latency for client_latencies, _errors in outcomes for latency in client_latencies)
    errors = sum(client_errors for _latencies, client_errors in outcomes)
    return LoadResult(
        requests=len(latencies) + errors,
        errors=errors,
        seconds=time.perf_counter() - started,
        p50_ms=_percentile_ms(latencies, 50),
        p95_ms=_percentile_ms(latencies, 95),
    )


def _client_loop(host: str, port: int, path: str, headers: dict, deadline: float) -> tuple[list[float], int]:
    """One simulated browser: requests back to back until the deadline; gunicorn's sync workers
    close every connection, and http.client opens a new one on the next request."""
    latencies, errors = [], 0
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_S)
    try:
        while (started := time.perf_counter()) < deadline:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
    finally:
        connection.close()
    return latencies, errors


def _percentile_ms(sorted_seconds: list[float], percent: int) -> float | None:
    """Nearest-rank percentile, in milliseconds; None when no request succeeded."""
    if not sorted_seconds:
        return None
    rank = max(math.ceil(percent / 100 * len(sorted_seconds)) - 1, 0)
    return sorted_seconds[rank] * 1e3
