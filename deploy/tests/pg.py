"""Helpers for deploy checks against Postgres: TEST_DATABASE_URL's server (its user must be
able to create databases and roles), by default the local one (127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from suitedeploy.paths import INIT_DATABASES_SCRIPT

_SERVER = urlsplit(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/"))
HOST, PORT = _SERVER.hostname or "127.0.0.1", _SERVER.port or 5432
LIBPQ_ENV = {"PGHOST": HOST, "PGPORT": str(PORT), "PGUSER": _SERVER.username or "postgres"}
if _SERVER.password:
    LIBPQ_ENV["PGPASSWORD"] = unquote(_SERVER.password)
ADMIN_DSN = make_conninfo(
    host=HOST, port=PORT, user=LIBPQ_ENV["PGUSER"], password=LIBPQ_ENV.get("PGPASSWORD")
)


def conninfo(user: str, dbname: str, password: str | None = None) -> str:
    """Connection string for a member's role on the test server."""
    return make_conninfo(host=HOST, port=PORT, user=user, dbname=dbname, password=password)


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(ADMIN_DSN, dbname="postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def unique_prefix(tag: str) -> str:
    return f"t{tag}_{secrets.token_hex(4)}_"


def run_init_script(
    prefix: str, members: Sequence[str], passwords: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        **LIBPQ_ENV,
        "SUITE_DB_PREFIX": prefix,
        "SUITE_DB_MEMBERS": " ".join(members),
        **(passwords or {}),
    }
    return subprocess.run(
        ["bash", str(INIT_DATABASES_SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )


def drop_prefixed(prefix: str) -> None:
    with psycopg.connect(ADMIN_DSN, dbname="postgres", autocommit=True) as conn:
        like = prefix.replace("_", r"\_") + "%"
        for (name,) in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (like,)
        ).fetchall():
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        for (name,) in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (like,)
        ).fetchall():
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@contextmanager
def connect_as(
    role: str, database: str, password: str | None = None
) -> Iterator[psycopg.Connection]:
    with psycopg.connect(conninfo(role, database, password), autocommit=True) as conn:
        yield conn
