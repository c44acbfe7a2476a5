"""The migrations build exactly the models' schema, and run down and up, on SQLite and Postgres."""

from outfall import models  # noqa: F401  (registers the tables)
from outfall.app import MIGRATIONS_DIR
from suitekit.testing import assert_migrations_round_trip, schema_drift


def test_migrations_match_models(database_url: str) -> None:
    assert schema_drift(MIGRATIONS_DIR, database_url) == []


def test_migrations_downgrade_and_upgrade(database_url: str) -> None:
    assert_migrations_round_trip(MIGRATIONS_DIR, database_url)
