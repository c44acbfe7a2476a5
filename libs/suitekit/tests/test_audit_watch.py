"""The scheduled audit-chain verification exports what the alerts read (issue 21: a broken
chain was only found when someone called /audit/verify)."""

import asyncio
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from suitekit import audit
from suitekit.audit_watch import verify_and_export, watch_audit_chain
from suitekit.db import make_engine, open_write_session
from suitekit.identity import Caller
from suitekit.migrations import upgrade_to_head

MIGRATIONS = Path(__file__).parent / "kit_migrations"
CALLER = Caller(client_id="tester", scopes=frozenset(), jurisdiction=("*",))


def migrated(url: str) -> sa.Engine:
    upgrade_to_head(MIGRATIONS, url)
    return make_engine(url)


def write_entries(engine: sa.Engine, count: int) -> None:
    for n in range(count):
        with open_write_session(engine) as session:
            audit.record(
                session,
                caller=CALLER,
                action="act",
                entity_type="thing",
                entity_id=f"t{n}",
                division=None,
            )
            session.commit()


def _sample(name: str, service: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"service": service})


def test_an_intact_chain_exports_ok(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 3)
    before = time.time()
    assert verify_and_export(engine, "watch-ok").ok
    assert _sample("suite_audit_chain_ok", "watch-ok") == 1
    assert _sample("suite_audit_chain_entries", "watch-ok") == 3
    assert _sample("suite_audit_chain_last_verified_timestamp_seconds", "watch-ok") >= before
    engine.dispose()


def test_an_altered_entry_exports_a_break(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 3)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_entry SET reason = 'edited' WHERE seq = 2"))
    assert not verify_and_export(engine, "watch-bad").ok
    assert _sample("suite_audit_chain_ok", "watch-bad") == 0
    engine.dispose()


@pytest.mark.anyio
async def test_the_watcher_verifies_at_once_and_keeps_running(tmp_path: Path) -> None:
    engine = migrated(f"sqlite:///{tmp_path / 'watch.db'}")
    task = asyncio.create_task(watch_audit_chain(engine, "watch-loop", 3600))
    for _ in range(100):
        if _sample("suite_audit_chain_ok", "watch-loop") is not None:
            break
        await asyncio.sleep(0.05)
    assert _sample("suite_audit_chain_ok", "watch-loop") == 1
    assert not task.done()
    task.cancel()
    engine.dispose()
