"""Runs in the app's settings against a benchmark database: `python -m benchmarks.probe PATH...`.

Signs the demo secretary in the way allauth does, counts the SQL queries of a warm request to
each page, and prints one JSON line: the browser's cookies (to replay under gunicorn), the
database, and per page its status and query count.
"""

import json
import sys

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def count_queries(client: Client, path: str) -> dict:
    # The first request fills per-process caches (content types, translations): count the second.
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {"status": response.status_code, "queries": len(queries)}


def main(paths: list[str]) -> None:
    django.setup()
    # Imported after setup: they need the app registry.
    from django.contrib.auth import get_user_model

    from networks.demo import SECRETARY_EMAIL

    # A failing page should be reported with its status, not end the probe.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(email=SECRETARY_EMAIL), backend=ALLAUTH_BACKEND)
    pages = {path: count_queries(client, path) for path in paths}
    print(
        json.dumps(
            {
                "cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items()),
                "database": {
                    "vendor": connection.vendor,
                    "version": ".".join(map(str, connection.get_database_version())),
                },
                "pages": pages,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
