"""`make bench`: the registry pages under gunicorn, as ratios to a bare Django page of the same size.

One run builds throw-away databases of the configured kind with the demo data at 1x and 10x,
counts each page's SQL queries at both scales, then serves the app with gunicorn and loads each
page in turns with the floor page (benchmarks/floor/) of the same byte size. Then it sends 1,000 due
reminders through the dispatcher, the outbox and a Celery worker to an SMTP server, as a ratio to
plain smtplib (benchmarks/reminders.py), and times a preparation's PDF against WeasyPrint alone
and counts the preparation pages' queries (benchmarks/preparations.py), and times the grouping
optimizer (benchmarks/grouping.py) and the agenda's draft and pack PDFs (benchmarks/agenda.py).
It prints a table and writes benchmarks/results.json.
Speed never fails the run; exit status 1 means the benchmark could not run, a page failed, or a
reminder's mail was lost or arrived twice, or a grouping proposal missed the brute-force optimum.
"""

import json
import os
import platform
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import agenda
import benchdb
import environ
import grouping
import loadgen
import preparations
import reminders
from processes import BASE_DIR, WORKERS, BenchmarkError, Server, gunicorn, run_python

RESULTS = Path(__file__).resolve().with_name("results.json")
SCALES = (1, 10)
PAGES = {
    "registry list": "/networks/",
    "network detail": "/networks/utrecht/",
    "contact list": "/networks/utrecht/contacts/",
}
COMMAND_TIMEOUT_S = 180
MEASUREMENT_HEADER = (
    "Page",
    "Data",
    "Bytes",
    "req/s",
    "p50 ms",
    "p95 ms",
    "Errors",
    "Floor req/s",
    "Floor p50 ms",
    "req/s ratio",
    "p50 ratio",
    "Queries",
)


def floor_url(floor: Server, size: int) -> str:
    """The floor page of `size` bytes, checked first so that the comparison is like for like."""
    url = f"{floor.url}/{size}/"
    status, body = loadgen.fetch(url, cookie="")
    if status != 200 or len(body) != size:
        raise BenchmarkError(f"the floor page answered {status} with {len(body)} bytes, not {size}")
    return url


def configured_database_url() -> str:
    """DATABASE_URL as the app's settings see it: from the environment, else from .env."""
    dotenv = BASE_DIR / ".env"
    if dotenv.exists():
        # Like settings.py, this leaves variables that are already set alone.
        environ.Env.read_env(dotenv)
    return os.environ.get("DATABASE_URL", "")


def standalone(run_one, report_one) -> int:
    """Run one benchmark module on its own (``python benchmarks/<name>.py``); its exit status."""
    try:
        with tempfile.TemporaryDirectory(prefix="peerreview-bench-") as scratch:
            result = run_one(Path(scratch), app_env, configured_database_url())
    except BenchmarkError as error:
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 1
    print(report_one(result))
    return 1 if "error" in result else 0


def app_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The app's settings pointed at a benchmark database and a scratch var folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "DATABASE_URL": database_url,
        "PEERREVIEW_VAR_DIR": str(var_dir),
        "DJANGO_DEBUG": "false",
        # Production mode redirects plain HTTP to HTTPS, which loopback traffic cannot follow.
        "DJANGO_PRODUCTION": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Should loading the demo ever queue mail, it must reach neither the developer's worker
        # (whose database has other rows under the same ids) nor a real mail server.
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_URL": "dummymail://",
    }


def measure_page(name: str, path: str, scale: int, server: Server, probe: dict, floor: Server) -> dict:
    """One row of the table; a row with an "error" makes the run fail."""
    row = {"page": name, "path": path, "scale": scale, "queries": probe["pages"][path]["queries"]}
    status, body = loadgen.fetch(server.url + path, probe["cookie"])
    if status != 200:
        return {**row, "error": f"answered {status}; the server log ends with:\n{server.log_tail()}"}
    page, base = loadgen.measure_with_floor(server.url + path, probe["cookie"], floor_url(floor, len(body)))
    row |= {
        "bytes": len(body),
        **asdict(page),
        "floor": asdict(base),
        "rps_ratio": page.rps / base.rps,
        "p50_ratio": page.p50_ms / base.p50_ms if page.p50_ms and base.p50_ms else None,
    }
    if page.errors or base.errors:
        row["error"] = f"{page.errors} of {page.requests} requests failed under load (floor: {base.errors})"
    return row


def measure_scale(
    scale: int, databases: benchdb.ScratchDatabases, scratch: Path, floor: Server
) -> tuple[dict, list[dict]]:
    """The database description and one row per page, with the demo loaded `scale` times."""
    env = app_env(databases.create(f"bench_{scale}x"), scratch / "var")
    run_python(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=COMMAND_TIMEOUT_S)
    run_python(["manage.py", "demo", "--scale", str(scale), "--quiet-credentials"], env, timeout=COMMAND_TIMEOUT_S)
    output = run_python(["-m", "benchmarks.probe", *PAGES.values()], env, timeout=COMMAND_TIMEOUT_S)
    probe = json.loads(output.splitlines()[-1])
    with gunicorn("peerreview.wsgi:application", env, scratch / f"app-{scale}x.log") as server:
        rows = [measure_page(name, path, scale, server, probe, floor) for name, path in PAGES.items()]
    return probe["database"], rows


def query_counts(rows: list[dict]) -> list[dict]:
    """Per page, its query count at each scale and whether the count stays the same."""
    by_page: dict[str, dict[str, int]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[f"{row['scale']}x"] = row["queries"]
    return [{"page": page, **counts, "constant": len(set(counts.values())) == 1} for page, counts in by_page.items()]


def run(scratch: Path) -> dict:
    started_at, started = datetime.now(UTC), time.monotonic()
    databases = benchdb.scratch_databases(configured_database_url(), scratch)
    floor_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.floor.settings"}
    try:
        with gunicorn("benchmarks.floor.wsgi:application", floor_env, scratch / "floor.log") as floor:
            scales = [measure_scale(scale, databases, scratch, floor) for scale in SCALES]
    finally:
        databases.drop_all()
    rows = [row for _database, scale_rows in scales for row in scale_rows]
    return {
        "started_at": started_at.isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": scales[0][0],
        "setup": {
            "django": version("django"),
            "server": f"gunicorn {version('gunicorn')}, {WORKERS} sync workers",
            "load_generator": loadgen.generator_name(),
            "concurrency": loadgen.CONCURRENCY,
            "warmup_s": loadgen.WARMUP_S,
            "rounds": loadgen.ROUNDS,
            "round_s": loadgen.ROUND_S,
        },
        "measurements": rows,
        "query_counts": query_counts(rows),
    }


def format_table(header: tuple[str, ...], lines: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell: the first one left-aligned, numbers right-aligned."""
    widths = [max(len(line[column]) for line in [header, *lines]) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *lines]
    )


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def measurement_line(row: dict) -> tuple[str, ...]:
    if "bytes" not in row:
        return (row["page"], f"{row['scale']}x", *["-"] * (len(MEASUREMENT_HEADER) - 3), str(row["queries"]))
    floor = row["floor"]
    return (
        row["page"],
        f"{row['scale']}x",
        f"{row['bytes']:,}",
        _number(row["rps"], 0),
        _number(row["p50_ms"], 1),
        _number(row["p95_ms"], 1),
        str(row["errors"]),
        _number(floor["rps"], 0),
        _number(floor["p50_ms"], 1),
        _number(row["rps_ratio"], 2),
        _number(row["p50_ratio"], 2),
        str(row["queries"]),
    )


def report(results: dict) -> str:
    setup, database, machine = results["setup"], results["database"], results["machine"]
    measurements = format_table(
        MEASUREMENT_HEADER,
        [measurement_line(row) for row in results["measurements"]],
    )
    queries = format_table(
        ("SQL queries per request", *(f"{scale}x" for scale in SCALES), "Constant"),
        [
            (count["page"], *(str(count[f"{scale}x"]) for scale in SCALES), "yes" if count["constant"] else "NO")
            for count in results["query_counts"]
        ],
    )
    failures = [
        f"{row['page']} at {row['scale']}x: {row['error']}" for row in results["measurements"] if "error" in row
    ]
    return "\n\n".join(
        [
            f"{database['vendor']} {database['version']}, {setup['server']}, {setup['load_generator']} with "
            f"{setup['concurrency']} concurrent requests, {setup['rounds']} rounds of {setup['round_s']} s "
            "per page alternating with its floor; "
            f"{machine['cpu_count']} CPUs, Python {machine['python']}; {results['seconds']} s in all.",
            measurements,
            "Ratios compare each page with a bare Django template page of the same size: "
            "req/s ratio = page / floor (higher is better), p50 ratio = page / floor (lower is better).",
            queries,
            *(f"FAILED {failure}" for failure in failures),
        ]
    )


def _exit_on_sigterm(signum, frame):
    # As SystemExit the finally blocks still stop the servers and drop the databases.
    sys.exit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with tempfile.TemporaryDirectory(prefix="peerreview-bench-") as scratch:
            results = run(Path(scratch))
            results["reminders"] = reminders.run(Path(scratch), app_env, configured_database_url())
            results["preparations"] = preparations.run(Path(scratch), app_env, configured_database_url())
            results["grouping"] = grouping.run(Path(scratch), app_env, configured_database_url())
            results["agenda"] = agenda.run(Path(scratch), app_env, configured_database_url())
    except BenchmarkError as error:
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 1
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    print(f"\n{reminders.report(results['reminders'])}")
    print(f"\n{preparations.report(results['preparations'])}")
    print(f"\n{grouping.report(results['grouping'])}")
    print(f"\n{agenda.report(results['agenda'])}")
    print(f"\nWritten to {RESULTS.relative_to(BASE_DIR)}.")
    failed = any(
        "error" in row
        for row in [
            *results["measurements"],
            results["reminders"],
            results["preparations"],
            results["grouping"],
            results["agenda"],
        ]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
