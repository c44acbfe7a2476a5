"""The issue 14 migration: entries written before it get their entity's division by backfill,
and their hashes stay valid (digest version 1 does not cover the new columns)."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, select

from suitekit import audit
from suitekit.db import make_engine
from suitekit.migration_ops import backfill_audit_division
from suitekit.migrations import downgrade_to, upgrade_to_head

MIGRATIONS = Path(__file__).parent / "kit_migrations"
AT = datetime(2022, 3, 1, 8, 0, tzinfo=UTC)


def _legacy_entries(conn: sa.Connection) -> None:
    """Entries as the kit wrote them before issue 14 (no division, digest version 1)."""
    prev = audit.GENESIS_HASH
    for seq, (entity_type, entity_id) in enumerate(
        [("thing", "t1"), ("part", "p1"), ("thing", "gone")], start=1
    ):
        entry = audit.AuditEntry(
            seq=seq, at=AT, actor="old", action="act", entity_type=entity_type,
            entity_id=entity_id, data="{}", prev_hash=prev, digest_version=1,
        )  # fmt: skip
        entry.hash = prev = audit.entry_digest(entry)
        conn.execute(
            sa.text(
                "INSERT INTO audit_entry (seq, at, actor, action, entity_type, entity_id, data,"
                " prev_hash, hash) VALUES (:seq, :at, 'old', 'act', :t, :i, '{}', :p, :h)"
            ),
            {"seq": seq, "at": AT, "t": entity_type, "i": entity_id, "p": entry.prev_hash,
             "h": entry.hash},
        )  # fmt: skip
    conn.execute(sa.text("UPDATE audit_head SET seq = 3, last_hash = :h WHERE id = 1"), {"h": prev})


def test_backfill_sets_divisions_and_keeps_the_chain_valid(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS, database_url)
    downgrade_to(MIGRATIONS, database_url, "0001")
    engine = make_engine(database_url)
    with engine.begin() as conn:
        _legacy_entries(conn)
        conn.execute(
            sa.text("CREATE TABLE bf_school (id VARCHAR(8), county VARCHAR(6), code VARCHAR(8))")
        )
        conn.execute(sa.text("CREATE TABLE bf_thing (id VARCHAR(8), district VARCHAR(6))"))
        conn.execute(sa.text("CREATE TABLE bf_part (id VARCHAR(8), school_id VARCHAR(8))"))
        conn.execute(sa.text("INSERT INTO bf_school VALUES ('s1', '231003', 'SCH1')"))
        conn.execute(sa.text("INSERT INTO bf_thing VALUES ('t1', '231002')"))
        conn.execute(sa.text("INSERT INTO bf_part VALUES ('p1', 's1')"))
    upgrade_to_head(MIGRATIONS, database_url)
    with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        backfill_audit_division("thing", "bf_thing", "district")
        backfill_audit_division(
            "part", "bf_part", "s.county", unit_column="s.code",
            join="JOIN bf_school s ON s.id = t.school_id",
        )  # fmt: skip
    with Session(engine) as session:
        rows = session.exec(select(audit.AuditEntry).order_by(audit.AuditEntry.seq)).all()
        assert [(r.division, r.unit, r.digest_version) for r in rows] == [
            ("231002", None, 1),
            ("231003", "SCH1", 1),
            (None, None, 1),  # not derivable: the entity is gone; city-wide readers only
        ]
        assert audit.verify_chain(session).ok
    with engine.begin() as conn:
        for table in ("bf_school", "bf_thing", "bf_part"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
    engine.dispose()
