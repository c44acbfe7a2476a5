"""The migrations go up, down and up again on SQLite and on Postgres."""

from __future__ import annotations

from sqlalchemy import inspect

from lawyer_query.app import MIGRATIONS_DIR
from suitekit.db import make_engine
from suitekit.migrations import at_head, downgrade_to, upgrade_to_head


def test_migrations_upgrade_downgrade_upgrade(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    engine = make_engine(database_url)
    try:
        assert at_head(engine, MIGRATIONS_DIR)
        tables = set(inspect(engine).get_table_names())
        assert {"registry_person", "application", "registry_access", "audit_entry"} <= tables
        downgrade_to(MIGRATIONS_DIR, database_url, "base")
        assert "registry_person" not in set(inspect(engine).get_table_names())
        upgrade_to_head(MIGRATIONS_DIR, database_url)
        assert at_head(engine, MIGRATIONS_DIR)
    finally:
        engine.dispose()
