"""The hash chain on a real database built by a real migration."""

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from suitekit import audit
from suitekit.db import make_engine, open_write_session
from suitekit.identity import Caller
from suitekit.migrations import at_head, upgrade_to_head

MIGRATIONS = Path(__file__).parent / "kit_migrations"
CALLER = Caller(client_id="tester", scopes=frozenset(), jurisdiction=("*",))


def write_entries(engine: sa.Engine, count: int) -> None:
    for n in range(count):
        session = open_write_session(engine)
        audit.record(
            session,
            caller=CALLER,
            action="act",
            entity_type="thing",
            entity_id=f"t{n}",
            division="231002",
            reason="because",
            data={"n": n, "名": "值"},
        )
        session.commit()
        session.close()


def migrated(url: str) -> sa.Engine:
    upgrade_to_head(MIGRATIONS, url)
    engine = make_engine(url)
    assert at_head(engine, MIGRATIONS)
    return engine


def test_chain_verifies_when_untouched(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 5)
    with Session(engine) as session:
        report = audit.verify_chain(session)
    assert report.ok and report.entries == 5
    engine.dispose()


def test_altered_entry_is_detected(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 4)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_entry SET reason = 'edited' WHERE seq = 2"))
    with Session(engine) as session:
        report = audit.verify_chain(session)
    assert not report.ok and report.first_bad_seq == 2 and report.problem == "entry content altered"
    engine.dispose()


def test_removed_entry_is_detected(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 4)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_entry WHERE seq = 3"))
    with Session(engine) as session:
        assert audit.verify_chain(session).first_bad_seq == 3
    engine.dispose()


def test_truncated_tail_is_detected(database_url: str) -> None:
    engine = migrated(database_url)
    write_entries(engine, 3)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_entry WHERE seq = 3"))
    with Session(engine) as session:
        assert audit.verify_chain(session).problem == "entries removed from the end"
        assert len(session.exec(select(audit.AuditEntry)).all()) == 2
    engine.dispose()
