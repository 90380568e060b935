"""Child processes of the benchmark: Django commands, gunicorn servers and a Celery worker, bounded
in time and always stopped, with their whole process group, when the run ends or fails."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import loadgen

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 2
READY_TIMEOUT_S = 30
STOP_TIMEOUT_S = 10


class BenchmarkError(Exception):
    """The benchmark could not run; the message says why."""


@dataclass(frozen=True)
class Server:
    url: str
    log: Path

    def log_tail(self, lines: int = 15) -> str:
        return _last_lines(self.log.read_text(errors="replace"), lines)


def run_python(args: list[str], env: dict[str, str], *, timeout: int) -> str:
    """Runs `python ARGS` in the project folder and returns what it printed."""
    try:
        done = subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise BenchmarkError(f"`{' '.join(args)}` took longer than {timeout} s") from error
    if done.returncode:
        raise BenchmarkError(f"`{' '.join(args)}` failed:\n{_last_lines(done.stderr)}")
    return done.stdout


@contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path) -> Iterator[Server]:
    """Serves the WSGI `app` on a free loopback port with sync workers, like production does."""
    server = Server(url=f"http://127.0.0.1:{_free_port()}", log=log)
    command = [sys.executable, "-m", "gunicorn", app, "--workers", str(WORKERS), "--worker-class", "sync"]
    # Without a control socket: its default path is shared with any other gunicorn of this user.
    command += ["--bind", server.url.removeprefix("http://"), "--no-control-socket"]
    with log.open("wb") as output:
        # A session of its own, so that stopping it reaches the workers too.
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_ready(process, server)
        yield server
    finally:
        _stop(process)


@contextmanager
def celery_worker(env: dict[str, str], log: Path, *options: str) -> Iterator[subprocess.Popen]:
    """The app's Celery worker, started as production starts it, ready to take tasks when entered."""
    command = [str(Path(sys.executable).with_name("celery")), "-A", "peerreview", "worker", "--loglevel=INFO"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, *options], cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        # Celery logs "celery@<host> ready." once it consumes from the queue.
        while " ready." not in log.read_text(errors="replace"):
            if process.poll() is not None:
                raise BenchmarkError(f"the Celery worker stopped while starting:\n{_last_lines(log.read_text())}")
            if time.monotonic() > deadline:
                raise BenchmarkError(f"the Celery worker was not ready within {READY_TIMEOUT_S} s")
            time.sleep(0.1)
        yield process
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(process: subprocess.Popen, server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn stopped while starting:\n{server.log_tail()}")
        try:
            # Any answer, even a 404, means a worker has loaded the application.
            loadgen.fetch(f"{server.url}/", cookie="")
            return
        except OSError:
            time.sleep(0.2)
    raise BenchmarkError(f"gunicorn did not answer within {READY_TIMEOUT_S} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    # The group is signalled even when the master has gone, in case a worker outlived it.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _last_lines(text: str, lines: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
