"""The migrations go up, down and up again on SQLite and Postgres, and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from credits import models  # noqa: F401  (registers the tables)
from credits.app import MIGRATIONS_DIR
from suitekit.db import make_engine, metadata
from suitekit.migrations import at_head, downgrade_to, upgrade_to_head


def _schema_drift(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        return [d for d in compare_metadata(context, metadata) if d[0] != "remove_table"]


def test_migrations_upgrade_downgrade_upgrade_and_match_models(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    engine = make_engine(database_url)
    try:
        assert at_head(engine, MIGRATIONS_DIR)
        tables = set(inspect(engine).get_table_names())
        assert {"recognition", "recognitionstep", "appeal", "enrollment", "audit_entry"} <= tables
        assert _schema_drift(engine) == []
        downgrade_to(MIGRATIONS_DIR, database_url, "base")
        assert "recognition" not in set(inspect(engine).get_table_names())
        upgrade_to_head(MIGRATIONS_DIR, database_url)
        assert at_head(engine, MIGRATIONS_DIR)
    finally:
        engine.dispose()
