"""Idempotency records are pruned 24 hours after their request (issue 21: never pruned)."""

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlmodel import Session, select

from suitekit.db import make_engine, open_write_session
from suitekit.idempotency import IdempotencyRecord
from suitekit.migrations import upgrade_to_head
from suitekit.retention import IDEMPOTENCY_KEEP, prune_idempotency, run_retention
from suitekit.timeutil import utcnow

MIGRATIONS = Path(__file__).parent / "kit_migrations"
NOW = utcnow()
SECOND = timedelta(seconds=1)


def _engine(url: str) -> sa.Engine:
    upgrade_to_head(MIGRATIONS, url)
    return make_engine(url)


def _add(engine: sa.Engine, key: str, age: timedelta, *, completed: bool = True) -> None:
    with open_write_session(engine) as session:
        session.add(
            IdempotencyRecord(
                client_id="c1",
                key=key,
                request_hash="0" * 64,
                completed=completed,
                status_code=201 if completed else None,
                created_at=NOW - age,
            )
        )
        session.commit()


def _keys(engine: sa.Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(IdempotencyRecord.key)).all())


def test_records_below_at_and_above_24_hours(database_url: str) -> None:
    engine = _engine(database_url)
    _add(engine, "younger", IDEMPOTENCY_KEEP - SECOND)
    _add(engine, "exactly", IDEMPOTENCY_KEEP)
    _add(engine, "older", IDEMPOTENCY_KEEP + SECOND)
    _add(engine, "crashed", IDEMPOTENCY_KEEP + SECOND, completed=False)
    assert prune_idempotency(engine, now=NOW) == 2
    assert _keys(engine) == {"younger", "exactly"}
    engine.dispose()


def test_the_scheduled_run_counts_what_it_deleted(tmp_path: Path) -> None:
    engine = _engine(f"sqlite:///{tmp_path / 'kit.db'}")
    _add(engine, "old", timedelta(days=3))
    before = REGISTRY.get_sample_value(
        "suite_retention_deleted_total", {"service": "ret-test", "table": "idempotency_record"}
    )
    assert run_retention(engine, "ret-test") == 1
    after = REGISTRY.get_sample_value(
        "suite_retention_deleted_total", {"service": "ret-test", "table": "idempotency_record"}
    )
    assert after - (before or 0) == 1
    assert _keys(engine) == set()
    engine.dispose()
