"""Helpers for deploy checks against the local Postgres (127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import sql
from suitedeploy.paths import INIT_DATABASES_SCRIPT

ADMIN_DSN = os.environ.get("SUITE_DEPLOY_TEST_PG", "host=127.0.0.1 port=5432 user=postgres")
LIBPQ_ENV = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}


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
def connect_as(role: str, database: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(ADMIN_DSN, user=role, dbname=database, autocommit=True) as conn:
        yield conn
