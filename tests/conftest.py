"""Suite-wide fixtures and the rule that CI never silently skips for a missing service."""

import logging
import os

import pytest

from tests.broker import own_redis_database
from tests.factories import CoordinatorContactFactory, NetworkFactory, SecretaryFactory, UserFactory
from tests.services import SKIP_PREFIX, require_redis


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI set, a test skipped because a service is missing fails the run instead."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value)
        if reason.startswith(SKIP_PREFIX):
            report.outcome = "failed"
            report.longrepr = f"Skipped in CI for a missing service, which CI must provide: {reason}"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; every test starts with none used up."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.5 s a user; the suite makes hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test asks for the real worker (see celery_worker)."""
    from peerreview.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def secretary(db):
    return SecretaryFactory(email="secretary@example.org", full_name="Sanne Secretaris")


@pytest.fixture
def network(db):
    return NetworkFactory(name="Netwerk Utrecht", slug="utrecht")


@pytest.fixture
def other_network(db):
    return NetworkFactory(name="Netwerk Limburg", slug="limburg")


@pytest.fixture
def coordinator(network):
    return CoordinatorContactFactory(network=network, email="coordinator@utrecht.example").user


@pytest.fixture
def other_coordinator(other_network):
    return CoordinatorContactFactory(network=other_network, email="coordinator@limburg.example").user


@pytest.fixture
def chair(db):
    return UserFactory(email="chair@example.org", is_chair=True)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker on the configured broker (Redis in CI), running in this process, on a
    Redis database of its own (see tests.broker.own_redis_database).

    Tests using it must see committed data, hence transactional_db.
    """
    require_redis()
    from celery.contrib.testing.worker import start_worker

    from peerreview.celery import app

    root = logging.getLogger()
    level = root.level
    with own_redis_database():
        app.conf.task_always_eager = False
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    # The test worker sets the root logger to ERROR; later tests that check warnings need it back.
    root.setLevel(level)


@pytest.fixture
def en_client(client):
    """A test client whose browser asks for English, so that pages can be checked in the code's words."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def as_secretary(en_client, secretary):
    en_client.force_login(secretary)
    return en_client


@pytest.fixture
def as_coordinator(en_client, coordinator):
    en_client.force_login(coordinator)
    return en_client
