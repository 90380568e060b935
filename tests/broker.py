"""The Celery broker in tests: point it elsewhere (a stopped Redis, a database of one's own) and back.

Celery keeps its broker connection pool once made (it lets go only after a fork), so every switch
also lets go of the pool: the next publish then uses the broker_url in force now. Kombu keeps the
pools themselves, per URL, so the real broker's pool is found again after.
"""

import random
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from peerreview.celery import app as celery_app

# Nothing listens on port 1: publishing there fails the way a stopped Redis does.
BROKER_DOWN_URL = "redis://127.0.0.1:1/0"


def forget_broker_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str, *, eager: bool):
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, eager
    forget_broker_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        forget_broker_connections()


@contextmanager
def own_redis_database():
    """Run the broker on a Redis database of its own.

    Every run of the suite uses the same Redis queue; a run going on at the same time (another
    checkout, a colleague) would otherwise have its worker take this test's tasks.
    """
    parts = urlsplit(celery_app.conf.broker_url)
    if parts.scheme != "redis":
        yield  # the worker fixture skips, or fails in CI, without Redis
        return
    database = random.randint(2, 14)
    with broker_at(urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", "")), eager=True):
        yield


def wait_until(predicate, timeout: float = 10.0):
    """Poll until ``predicate`` returns something truthy, and return it; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout:.0f} s")
        time.sleep(0.05)
    return result
