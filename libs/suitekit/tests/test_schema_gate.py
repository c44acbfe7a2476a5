"""Only `migrate` migrates (issue 21): other commands refuse a schema that is behind, and a
rolled-back release may still run on a newer schema (runbook, "Upgrade and roll back")."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from suitekit.db import make_engine
from suitekit.migrations import (
    SchemaBehind,
    SchemaState,
    require_schema_not_behind,
    schema_state,
    upgrade_to_head,
)

MIGRATIONS = Path(__file__).parent / "kit_migrations"


def _state(url: str) -> SchemaState:
    engine = make_engine(url)
    try:
        return schema_state(engine, MIGRATIONS)
    finally:
        engine.dispose()


def test_an_empty_database_is_behind_and_the_check_creates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.db'}"
    with pytest.raises(SchemaBehind, match="run `kit migrate` first"):
        require_schema_not_behind(MIGRATIONS, url, "kit migrate")
    engine = make_engine(url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_at_head_passes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.db'}"
    upgrade_to_head(MIGRATIONS, url)
    assert _state(url) is SchemaState.CURRENT
    require_schema_not_behind(MIGRATIONS, url, "kit migrate")


def test_a_revision_this_code_does_not_know_is_ahead_and_allowed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.db'}"
    upgrade_to_head(MIGRATIONS, url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_newer_release'"))
    engine.dispose()
    assert _state(url) is SchemaState.AHEAD
    require_schema_not_behind(MIGRATIONS, url, "kit migrate")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("version", "status"), [(None, 503), ("0002", 200), ("9999_newer_release", 200)]
)
async def test_readiness_follows_the_same_gate(tmp_path: Path, version, status: int) -> None:
    """Behind: not ready. At head or ahead (a rolled-back release): ready, as the runbook's
    rollback needs; before, a newer schema kept the previous release unready for ever."""
    import httpx
    from fastapi import FastAPI

    from suitekit.health import health_router

    url = f"sqlite:///{tmp_path / 'kit.db'}"
    engine = make_engine(url)
    if version is not None:
        upgrade_to_head(MIGRATIONS, url)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    app = FastAPI()
    app.include_router(health_router(MIGRATIONS))
    app.state.engine = engine
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kit") as http:
        assert (await http.get("/readyz")).status_code == status
    engine.dispose()
