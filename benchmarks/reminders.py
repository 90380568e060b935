"""The reminder pipeline end to end, as a ratio to sending the same mail with plain smtplib.

1,000 due reminders in a throw-away database go through one `reminder_dispatch` run, the outbox
and the app's Celery worker (a subprocess, on Redis when REDIS_URL is set, else on the embedded
filesystem broker) to an SMTP server in this process. The time runs from the moment the dispatcher
starts to the arrival of the last message. The floor is plain smtplib sending the very messages
that arrived, in one loop over one connection, to the same server. Every message must arrive
exactly once (counted by Message-ID, and by recipient and subject): anything lost or doubled fails
the run.

Alone: `.venv/bin/python benchmarks/reminders.py`; `make bench` runs it after the pages.
"""

import json
import os
import smtplib
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import benchdb
from processes import BenchmarkError, celery_worker, run_python
from smtpsink import HOST, SMTPServer

REMINDERS = 1_000
COMMAND_TIMEOUT_S = 180
DELIVERY_TIMEOUT_S = 180
# The worker as it runs: docker-compose's in production (Redis), `make run`'s for the embedded demo.
WORKER_OPTIONS = {"redis": ("--concurrency=2",), "filesystem": ("--pool=solo",)}
# A Redis database of the benchmark's own, so that a developer's worker never takes its tasks.
BENCH_REDIS_DB = 15


def bench_redis_url() -> str:
    """REDIS_URL on the benchmark's own database number, emptied first; "" for the filesystem broker."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return ""
    parts = urlsplit(url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_REDIS_DB}", parts.query, parts.fragment))
    import redis

    try:
        # Tasks a crashed earlier run left behind would be counted with this run's.
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        raise BenchmarkError(f"Redis at {url}: {error}") from error
    return url


def _json(output: str) -> dict:
    return json.loads(output.splitlines()[-1])


def floor_seconds(server: SMTPServer, messages: list[tuple[str, tuple[str, ...], bytes]]) -> float:
    """Plain smtplib: the same messages, one loop, one connection."""
    server.sink.reset()
    started = time.perf_counter()
    with smtplib.SMTP(HOST, server.port) as smtp:
        for sender, recipients, raw in messages:
            smtp.sendmail(sender, list(recipients), raw)
    seconds = time.perf_counter() - started
    if not server.sink.wait_for(len(messages), timeout=10):
        raise BenchmarkError("the floor's messages did not all arrive")
    return seconds


def run(scratch: Path, app_env, database_url: str) -> dict:
    """Seed, dispatch, deliver, count; then the floor. `app_env(url, var)` is run.py's environment."""
    databases = benchdb.scratch_databases(database_url, scratch)
    try:
        with SMTPServer() as server:
            env = {
                **app_env(databases.create("bench_reminders"), scratch / "reminders-var"),
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "EMAIL_URL": f"smtp://{HOST}:{server.port}",
                "REDIS_URL": bench_redis_url(),
            }
            run_python(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=COMMAND_TIMEOUT_S)
            run_python(["-m", "benchmarks.reminder_app", "seed", str(REMINDERS)], env, timeout=COMMAND_TIMEOUT_S)
            broker = "redis" if env["REDIS_URL"] else "filesystem"
            worker_log = scratch / "reminders-worker.log"
            with celery_worker(env, worker_log, *WORKER_OPTIONS[broker]):
                dispatched = _json(
                    run_python(["-m", "benchmarks.reminder_app", "dispatch"], env, timeout=COMMAND_TIMEOUT_S)
                )
                arrived = server.sink.wait_for(REMINDERS, timeout=DELIVERY_TIMEOUT_S)
                pipeline_s = server.sink.last_at - dispatched["started_at"]
                # Whatever could still arrive twice would be sent before its row is marked sent.
                deadline = time.monotonic() + 30
                while True:
                    state = _json(run_python(["-m", "benchmarks.reminder_app", "state"], env, timeout=60))
                    if set(state["outbox"]) <= {"sent", "failed"} or time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
            tally = server.sink.tally()
            worker_log_tail = "\n".join(worker_log.read_text(errors="replace").splitlines()[-15:])
            floor_s = floor_seconds(server, list(server.sink.raw))
    finally:
        databases.drop_all()
    result = {
        "reminders": REMINDERS,
        "broker": broker,
        "worker": " ".join(WORKER_OPTIONS[broker]),
        "dispatch_s": dispatched["dispatch_s"],
        "dispatched": dispatched["sent"],
        "pipeline_s": pipeline_s if arrived else None,
        "floor_s": floor_s,
        "ratio": pipeline_s / floor_s if arrived else None,
        "lost": REMINDERS - tally["distinct"],
        "duplicates": tally["duplicates"],
        "state": state,
    }
    failures = []
    if result["lost"] or result["duplicates"] or dispatched["sent"] != REMINDERS:
        failures.append(
            f"{result['lost']} lost, {result['duplicates']} duplicates, {dispatched['sent']} dispatched "
            f"of {REMINDERS}; reminders {state['reminders']}, outbox {state['outbox']}; "
            f"the worker's log ends with:\n{worker_log_tail}"
        )
    if failures:
        result["error"] = "; ".join(failures)
    return result


def report(result: dict) -> str:
    if result.get("pipeline_s") is None:
        timing = "not all messages arrived"
    else:
        timing = (
            f"{result['pipeline_s']:.2f} s from the dispatcher's start to the last message "
            f"(dispatch itself {result['dispatch_s']:.2f} s); plain smtplib {result['floor_s']:.2f} s; "
            f"ratio {result['ratio']:.1f}"
        )
    return (
        f"Reminders: {result['reminders']:,} due reminders → reminder_dispatch → outbox → Celery worker "
        f"({result['broker']} broker, {result['worker']}) → SMTP: {timing}. "
        f"Lost {result['lost']}, duplicates {result['duplicates']}."
        + (f"\nFAILED reminders: {result['error']}" if "error" in result else "")
    )


if __name__ == "__main__":
    from run import standalone

    sys.exit(standalone(run, report))
