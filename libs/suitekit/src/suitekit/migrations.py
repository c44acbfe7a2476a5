"""Alembic runner: each service keeps its own history; the kit runs it programmatically."""

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
