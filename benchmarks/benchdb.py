"""Throw-away databases for the benchmark, so that the developer's own data is never touched."""

from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import psycopg2
from processes import BenchmarkError
from psycopg2 import sql


class SqliteDatabases:
    """Files in the run's temporary folder, which is removed with it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def create(self, label: str) -> str:
        return f"sqlite:///{self.folder / f'{label}.sqlite3'}"

    def drop_all(self) -> None:
        """Nothing to drop: the files go with the temporary folder."""


class PostgresDatabases:
    """`<name>_<label>` beside the configured database, made and dropped from the maintenance
    database `postgres`, since a database cannot be created while connected to it."""

    def __init__(self, url: str):
        self.url = urlsplit(url)
        self.config = environ.Env.db_url_config(url)
        self.names: list[str] = []

    def create(self, label: str) -> str:
        name = f"{self.config['NAME']}_{label}"
        # FORCE ends connections a crashed earlier run may have left behind.
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
        self._execute("CREATE DATABASE {}", name)
        self.names.append(name)
        return urlunsplit(self.url._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        for name in self.names:
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _execute(self, statement: str, name: str) -> None:
        config = self.config
        try:
            with closing(
                psycopg2.connect(
                    dbname="postgres",
                    user=config["USER"] or None,
                    password=config["PASSWORD"] or None,
                    host=config["HOST"] or None,
                    port=config["PORT"] or None,
                    **config.get("OPTIONS", {}),
                )
            ) as connection:
                # CREATE and DROP DATABASE refuse to run inside a transaction.
                connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
        except psycopg2.Error as error:
            raise BenchmarkError(f"PostgreSQL refused {statement.format(name)!r}: {error}") from error


ScratchDatabases = SqliteDatabases | PostgresDatabases


def scratch_databases(configured_url: str, folder: Path) -> ScratchDatabases:
    """Databases of the same kind as the configured one (SQLite when none is configured)."""
    if not configured_url or configured_url.startswith("sqlite"):
        return SqliteDatabases(folder)
    if configured_url.startswith("postgres"):
        return PostgresDatabases(configured_url)
    raise BenchmarkError(f"no benchmark for databases of the kind {configured_url.split(':')[0]!r}")
