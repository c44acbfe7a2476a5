"""Issue 14 item 3: which entries a caller reads, as `Caller.covers` decides for the entity."""

from pathlib import Path

import pytest
from sqlmodel import Session, select

from suitekit import audit
from suitekit.audit_scope import batch_division, may_read_whole_chain, visible_entries
from suitekit.db import make_engine, open_write_session
from suitekit.identity import Caller
from suitekit.migrations import upgrade_to_head

MIGRATIONS = Path(__file__).parent / "kit_migrations"
WRITER = Caller(client_id="w", scopes=frozenset(), jurisdiction=("*",))
ENTRIES = {"a": ("231002", None), "b": ("231003", None), "c": (None, None), "d": ("231002", "S1")}


def caller(*codes: str, scopes: tuple[str, ...] = ()) -> Caller:
    return Caller(client_id="r", scopes=frozenset(scopes), jurisdiction=codes)


@pytest.mark.parametrize(
    ("reader", "seen"),
    [
        (caller("*"), {"a", "b", "c", "d"}),
        (caller("231003"), {"b"}),
        (caller("231002"), {"a", "d"}),
        (caller("231000"), {"a", "b", "d"}),  # the city code covers its districts' entries
        (caller("S1"), {"d"}),  # a school's client: its own school's entries
        (caller(), set()),
    ],
)
def test_entries_visible_exactly_where_the_entity_is(
    database_url: str, reader: Caller, seen: set[str]
) -> None:
    upgrade_to_head(MIGRATIONS, database_url)
    engine = make_engine(database_url)
    session = open_write_session(engine)
    for entity_id, (division, unit) in ENTRIES.items():
        audit.record(
            session, caller=WRITER, action="act", entity_type="thing", entity_id=entity_id,
            division=division, unit=unit,
        )  # fmt: skip
    session.commit()
    session.close()
    statement = select(audit.AuditEntry.entity_id)
    condition = visible_entries(reader)
    if condition is not None:
        statement = statement.where(condition)
    with Session(engine) as reading:
        assert set(reading.exec(statement).all()) == seen
    engine.dispose()


def test_whole_chain_needs_city_wide_and_a_chain_scope() -> None:
    assert may_read_whole_chain(caller("*", scopes=("admin",)), ["admin"])
    assert not may_read_whole_chain(caller("231002", scopes=("admin",)), ["admin"])
    assert not may_read_whole_chain(caller("*", scopes=("x:read",)), ["admin"])


def test_a_batch_belongs_to_the_callers_only_division() -> None:
    assert batch_division(caller("231002")) == "231002"
    assert batch_division(caller("231002", "231003")) is None
    assert batch_division(caller("*")) is None
