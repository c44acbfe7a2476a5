"""The Alembic history up and down on SQLite and Postgres; the demo seed on top of it."""

from sqlalchemy import inspect
from sqlmodel import select

from labs.app import MIGRATIONS_DIR
from labs.demo import seed_demo
from labs.evaluation.models import EvaluationRow
from labs.registry.models import Lab
from suitekit.db import make_engine, open_write_session
from suitekit.migrations import at_head, downgrade_to, upgrade_to_head

TABLES = {"lab", "lab_scope_item", "lab_notice", "violation", "task", "task_assignment",
          "daily_score", "retest", "inspection", "inspection_finding", "pt_round", "pt_analyte",
          "pt_result", "year_weights", "evaluation", "evaluation_row", "audit_entry"}  # fmt: skip


def test_migrations_go_up_down_and_up_again(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert at_head(engine, MIGRATIONS_DIR)
        downgrade_to(MIGRATIONS_DIR, database_url, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade_to_head(MIGRATIONS_DIR, database_url)
        assert at_head(engine, MIGRATIONS_DIR)
    finally:
        engine.dispose()


def test_demo_seed_publishes_2022_and_is_idempotent(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    engine = make_engine(database_url)
    try:
        for _ in range(2):
            session = open_write_session(engine)
            try:
                seed_demo(session)
                session.commit()
            finally:
                session.close()
        session = open_write_session(engine)
        try:
            assert len(session.exec(select(Lab)).all()) == 4
            rows = session.exec(select(EvaluationRow).order_by(EvaluationRow.rank)).all()
            assert [r.rank for r in rows] == [1, 2, 3, 4]
            assert all(r.composite == (r.daily * 6 + r.technical * 4) / 10 for r in rows)
        finally:
            session.close()
    finally:
        engine.dispose()
