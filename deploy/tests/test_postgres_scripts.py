"""deploy/postgres/init-databases.sh and deploy/backup/pg-*.sh against the real local Postgres,
under per-run database and role names that are dropped afterwards."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from pg import (
    ADMIN_DSN,
    LIBPQ_ENV,
    connect_as,
    conninfo,
    drop_prefixed,
    postgres_reachable,
    run_init_script,
    unique_prefix,
)
from suitedeploy.paths import REPO

pytestmark = pytest.mark.skipif(
    not postgres_reachable(), reason="no Postgres server (TEST_DATABASE_URL or 127.0.0.1:5432)"
)
MEMBERS = ("outfall", "lawyer_query")
PASSWORDS = {"OUTFALL_DB_PASSWORD": "pw-outfall", "LAWYER_QUERY_DB_PASSWORD": "pw-lq'\"$x"}


def _as(prefix: str, member: str, database: str | None = None):
    """Connect as a member's role (to its own database unless another is named)."""
    password = PASSWORDS[f"{member.upper()}_DB_PASSWORD"]
    return connect_as(f"{prefix}{member}", f"{prefix}{database or member}", password)


def _refused(prefix: str, member: str, database: str) -> None:
    password = PASSWORDS[f"{member.upper()}_DB_PASSWORD"]
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(
            conninfo(f"{prefix}{member}", f"{prefix}{database}", password), connect_timeout=5
        )


BACKUP = REPO / "deploy" / "backup"


@pytest.fixture
def prefix():
    value = unique_prefix("deploy")
    yield value
    drop_prefixed(value)


@pytest.fixture(scope="module")
def databases():
    """One pair of databases for the module (creating databases is the slow part); each test
    uses tables of its own."""
    value = unique_prefix("deploy")
    completed = run_init_script(value, MEMBERS, PASSWORDS)
    assert completed.returncode == 0, completed.stderr
    yield value
    drop_prefixed(value)


def _script(name: str, *args: str, prefix: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], **LIBPQ_ENV, "SUITE_DB_PREFIX": prefix}
    env["SUITE_DB_MEMBERS"] = " ".join(MEMBERS)
    return subprocess.run(
        ["bash", str(BACKUP / name), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_each_role_owns_and_reaches_only_its_own_database(databases: str) -> None:
    outfall = f"{databases}outfall"
    with _as(databases, "outfall") as conn:
        conn.execute("CREATE TABLE owned (id int PRIMARY KEY)")
        owner = conn.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"
        ).fetchone()
        assert owner == (outfall,)
    _refused(databases, "outfall", "lawyer_query")
    _refused(databases, "lawyer_query", "outfall")


def test_roles_are_plain_logins_with_the_given_password(databases: str) -> None:
    with psycopg.connect(ADMIN_DSN, dbname="postgres") as conn:
        rows = conn.execute(
            "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin,"
            " rolpassword IS NOT NULL FROM pg_authid WHERE rolname LIKE %s ORDER BY rolname",
            (databases.replace("_", r"\_") + "%",),
        ).fetchall()
    assert rows == [(f"{databases}{m}", False, False, False, True, True) for m in sorted(MEMBERS)]


def test_init_script_is_idempotent(databases: str) -> None:
    with _as(databases, "outfall") as conn:
        conn.execute("CREATE TABLE kept (id int)")
    again = run_init_script(databases, MEMBERS, PASSWORDS)
    assert again.returncode == 0, again.stderr
    with _as(databases, "outfall") as conn:
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)


def test_init_script_refuses_a_missing_password_and_creates_nothing(prefix: str) -> None:
    completed = run_init_script(prefix, ["outfall"], {})
    assert completed.returncode == 3
    assert "OUTFALL_DB_PASSWORD is not set" in completed.stderr
    with psycopg.connect(ADMIN_DSN, dbname="postgres") as conn:
        found = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname = %s", (f"{prefix}outfall",)
        ).fetchone()
    assert found == (0,)


def test_init_script_refuses_a_bad_member_name(prefix: str) -> None:
    completed = run_init_script(prefix, ["outfall; DROP DATABASE postgres"], {})
    assert completed.returncode == 2


def test_backup_then_restore_brings_the_data_back(databases: str, tmp_path: Path) -> None:
    outfall = f"{databases}outfall"
    with _as(databases, "outfall") as conn:
        conn.execute("CREATE TABLE ledger (id int PRIMARY KEY, note text)")
        conn.execute("INSERT INTO ledger VALUES (1, '排污口台账'), (2, 'kept five years')")
    with _as(databases, "lawyer_query") as conn:
        conn.execute("CREATE TABLE applications (id text PRIMARY KEY)")
        conn.execute("INSERT INTO applications VALUES ('A-1')")

    backup = _script("pg-backup.sh", str(tmp_path), prefix=databases)
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip())
    metrics = (tmp_path / "metrics" / "backup.prom").read_text()  # for BackupTooOld
    written_at = float(metrics.split("suite_backup_last_success_timestamp_seconds ")[-1].split()[0])
    assert abs(written_at - time.time()) < 600
    assert sorted(p.name for p in backup_dir.iterdir()) == [
        "MANIFEST",
        "SHA256SUMS",
        "lawyer_query.dump",
        "outfall.dump",
        "roles.sql",
    ]
    assert "PASSWORD" not in (backup_dir / "roles.sql").read_text().upper().replace(
        "NOPASSWORD", ""
    )

    with _as(databases, "outfall") as conn:
        conn.execute("DELETE FROM ledger")
        conn.execute("CREATE TABLE stray (id int)")
    restore = _script("pg-restore.sh", str(backup_dir), "outfall", prefix=databases)
    assert restore.returncode == 0, restore.stderr

    with _as(databases, "outfall") as conn:
        assert conn.execute("SELECT id, note FROM ledger ORDER BY id").fetchall() == [
            (1, "排污口台账"),
            (2, "kept five years"),
        ]
        assert conn.execute("SELECT to_regclass('stray')").fetchone() == (None,)
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename='ledger'")
        assert owner.fetchone() == (outfall,)
    _refused(databases, "lawyer_query", "outfall")
    with _as(databases, "lawyer_query") as conn:
        assert conn.execute("SELECT id FROM applications").fetchall() == [("A-1",)]


def test_restore_refuses_a_tampered_backup(databases: str, tmp_path: Path) -> None:
    with _as(databases, "outfall") as conn:
        conn.execute("CREATE TABLE tamper (id int)")
        conn.execute("INSERT INTO tamper VALUES (7)")
    backup_dir = Path(_script("pg-backup.sh", str(tmp_path), prefix=databases).stdout.strip())
    dump = backup_dir / "outfall.dump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    restore = _script("pg-restore.sh", str(backup_dir), "outfall", prefix=databases)
    assert restore.returncode != 0
    with _as(databases, "outfall") as conn:
        assert conn.execute("SELECT id FROM tamper").fetchall() == [(7,)]


def test_backup_of_a_missing_database_fails_and_leaves_no_partial_set(
    prefix: str, tmp_path: Path
) -> None:
    completed = _script("pg-backup.sh", str(tmp_path), prefix=prefix)
    assert completed.returncode != 0
    assert list(tmp_path.iterdir()) == []
