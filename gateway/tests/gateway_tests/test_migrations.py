"""The gateway's migrations build exactly its models' schema, down and up, SQLite and Postgres."""

from gateway.clients import models  # noqa: F401  (registers the tables)
from gateway.paths import MIGRATIONS_DIR
from suitekit.audit import AuditEntry  # noqa: F401  (the kit tables are in our history)
from suitekit.idempotency import IdempotencyRecord  # noqa: F401
from suitekit.testing import assert_migrations_round_trip, schema_drift


def test_migrations_match_models(database_url: str) -> None:
    assert schema_drift(MIGRATIONS_DIR, database_url) == []


def test_migrations_downgrade_and_upgrade(database_url: str) -> None:
    assert_migrations_round_trip(MIGRATIONS_DIR, database_url)
