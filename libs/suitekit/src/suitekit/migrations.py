"""Alembic runner: each service keeps its own history; the kit runs it programmatically."""

import logging
from enum import StrEnum
from functools import cache
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, pool

from suitekit.db import is_sqlite, make_engine, normalise_url


def alembic_config(migrations_dir: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["database_url"] = normalise_url(url)
    return config


def upgrade_to_head(migrations_dir: Path, url: str) -> None:
    command.upgrade(alembic_config(migrations_dir, url), "head")


def downgrade_to(migrations_dir: Path, url: str, revision: str) -> None:
    command.downgrade(alembic_config(migrations_dir, url), revision)


@cache
def head_revisions(migrations_dir: Path) -> frozenset[str]:
    """Read once per process: the migration files do not change under a running service."""
    script = ScriptDirectory.from_config(alembic_config(migrations_dir, "sqlite://"))
    return frozenset(script.get_heads())


@cache
def known_revisions(migrations_dir: Path) -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config(migrations_dir, "sqlite://"))
    return frozenset(r.revision for r in script.walk_revisions())


class SchemaState(StrEnum):
    CURRENT = "current"
    BEHIND = "behind"  # empty, or older than this code: `migrate` must run first
    AHEAD = "ahead"  # a revision this code does not know: a rolled-back release on a newer schema


def schema_state(engine: Engine, migrations_dir: Path) -> SchemaState:
    current = current_revisions(engine)
    if current == head_revisions(migrations_dir):
        return SchemaState.CURRENT
    if current and not current <= known_revisions(migrations_dir):
        return SchemaState.AHEAD
    return SchemaState.BEHIND


class SchemaBehind(RuntimeError):
    """Raised by commands other than `migrate` when the database needs migrations first."""


def require_schema_not_behind(migrations_dir: Path, url: str, migrate_command: str) -> None:
    """Refuse (SchemaBehind, with what to run) unless the schema is at head or newer."""
    engine = make_engine(url)
    quiet = logging.getLogger("alembic.runtime.migration")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # "Context impl ..." on every look is noise here
    try:
        state = schema_state(engine, migrations_dir)
        current = sorted(current_revisions(engine)) or ["none (empty database)"]
    finally:
        quiet.setLevel(level)
        engine.dispose()
    if state is SchemaState.BEHIND:
        raise SchemaBehind(
            f"the database schema is behind this release (at {', '.join(current)}, "
            f"needs {', '.join(sorted(head_revisions(migrations_dir)))}); "
            f"run `{migrate_command}` first: only that command applies migrations"
        )


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def at_head(engine: Engine, migrations_dir: Path) -> bool:
    return current_revisions(engine) == head_revisions(migrations_dir)


def run_env(target_metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode only)."""
    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    engine = make_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(url),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
