"""Checks for the real services some tests need. A missing one skips locally and fails in CI."""

import os
import shutil

import pytest

SKIP_PREFIX = "service unavailable:"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def skip_missing(service: str):
    pytest.skip(f"{SKIP_PREFIX} {service}")


def require_redis() -> None:
    from django.conf import settings

    if not settings.REDIS_URL:
        skip_missing("Redis (REDIS_URL is not set)")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        skip_missing(f"Redis at {settings.REDIS_URL}: {error}")


def require_postgres() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_missing("PostgreSQL (DATABASE_URL is not a PostgreSQL URL)")


def require_chromium() -> str:
    if not shutil.which(CHROMIUM):
        skip_missing(f"Chromium at {CHROMIUM}")
    return CHROMIUM
