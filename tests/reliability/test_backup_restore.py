"""Backup, wipe, restore with the deploy/backup scripts; every record and audit chain back (part 7).

SQLite stores: `deploy/backup/sqlite_backup.py` (online backup API, while the suite runs).
Postgres stores: `deploy/backup/pg-backup.sh` / `pg-restore.sh` (pg_dump custom format).
The run's Postgres databases are named `<prefix><package>` with a role of the same name, as
the production init script makes them, so the scripts run unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import psycopg
from relkit import figures
from relkit.contract import service_operations
from relkit.harness import SuiteUnderTest, running_services
from relkit.seed import all_items

from suitekit.testing import postgres_admin_url

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup"


def snapshot(sut: SuiteUnderTest, document: dict[str, Any], headers: dict[str, str]) -> dict:
    """Every item of every collection (GET without path parameters; the audit export line by
    line) and each audit chain's verification."""
    state: dict[str, Any] = {}
    collections = [
        op
        for op in service_operations(document)
        if op.method == "get" and not op.path_params and not op.public
    ]
    with httpx.Client(base_url=sut.gateway_url, timeout=60) as client:
        for op in collections:
            if client.get(op.path, params={"limit": 1}, headers=headers).status_code != 200:
                continue
            items = all_items(client, op.path, headers)
            state[op.path] = sorted(json.dumps(i, sort_keys=True) for i in items)
        for m in running_services():
            # the whole chain is for city-wide chain readers (`headers` is a city-wide admin)
            verify = client.get(f"/{m.name}/v1/audit/verify", headers=headers)
            assert verify.status_code == 200, f"{m.name} verify: {verify.text[:300]}"
            state[f"audit {m.name}"] = [verify.json()["ok"], verify.json()["entries"]]
    return state


def _run(command: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=env, cwd=ROOT, check=False
    )
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout.strip()


def _sqlite_tool(command: str, source: Path, target: Path) -> str:
    script = str(BACKUP / "sqlite_backup.py")
    return _run([sys.executable, script, command, str(source), str(target)])


def _pg_env(sut: SuiteUnderTest) -> dict[str, str]:
    return {
        **os.environ,
        "PGHOST": "127.0.0.1",
        "PGUSER": "postgres",
        "SUITE_DB_MEMBERS": " ".join(sut.databases.packages),
        "SUITE_DB_PREFIX": sut.databases.prefix,
    }


def _wipe(sut: SuiteUnderTest) -> list[str]:
    wiped = []
    for store in (d for d in (sut.data_dir, sut.volume) if d is not None):
        for database in store.glob("*.db"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            wiped.append(database.name)
    with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
        for name in sut.databases.names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            wiped.append(name)
    return wiped


def test_backup_wipe_restore_finds_every_record_and_a_verifying_audit_chain(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], full_headers: dict[str, str]
) -> None:
    out = Path(os.environ.get("RELIABILITY_OUT", sut.data_dir)) / "backups"
    before = snapshot(sut, merged_openapi, full_headers)
    stores = [d for d in (sut.data_dir, sut.volume) if d is not None]
    sqlite_dirs = {
        store: Path(_sqlite_tool("backup", store, out / "sqlite" / store.name)) for store in stores
    }
    pg_dir = None
    if sut.databases.names:
        printed = _run(["bash", str(BACKUP / "pg-backup.sh"), str(out / "pg")], _pg_env(sut))
        pg_dir = Path(printed.splitlines()[-1])

    sut.suite.stop()
    wiped = _wipe(sut)
    for store, backup_dir in sqlite_dirs.items():
        for copy in sorted(backup_dir.glob("*.db")):
            _sqlite_tool("restore", copy, store / copy.name)
    if pg_dir is not None:
        _run(["bash", str(BACKUP / "pg-restore.sh"), str(pg_dir)], _pg_env(sut))
    for m in sut.suite.members():
        sut.suite.start_member(m)
    for m in sut.suite.members():
        sut.suite.wait_ready(m)

    after = snapshot(sut, merged_openapi, full_headers)
    differing = sorted(k for k in before if before[k] != after.get(k))
    records = sum(len(v) for k, v in before.items() if not k.startswith("audit "))
    figures.record(
        "backup",
        scripts="deploy/backup/sqlite_backup.py, pg-backup.sh, pg-restore.sh",
        sqlite_files=sorted(p.name for d in sqlite_dirs.values() for p in d.glob("*.db")),
        postgres_databases=sorted(sut.databases.names.values()),
        wiped=wiped,
        collections_compared=sum(1 for k in before if not k.startswith("audit ")),
        records_before=records,
        records_after=sum(len(v) for k, v in after.items() if not k.startswith("audit ")),
        audit_after={k: v for k, v in after.items() if k.startswith("audit ")},
        differing=differing,
    )
    assert records > 0
    assert not differing, differing
    assert all(v[0] for k, v in after.items() if k.startswith("audit ")), after
