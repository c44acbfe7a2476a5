from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from renovation.calendar_overrides import install_calendar
from renovation.finance.routes import router as finance_router
from renovation.programme.routes import router as programme_router
from renovation.programme.service import load_reference_programmes
from renovation.projects.routes import router as projects_router
from renovation.publicity.pages import router as public_pages_router
from renovation.publicity.routes import router as publicity_router
from renovation.reference import router as reference_router
from renovation.settings import Settings
from renovation.tasks.routes import router as tasks_router
from renovation.tasks.service import load_reference_tasks
from renovation.tenders.routes import router as tenders_router
from suitekit.app import build_service_app
from suitekit.db import open_write_session
from suitekit.public_pages import asset_router

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def load_reference_data(engine: Engine) -> None:
    """The 2022 programme targets and the 44 annex-3 tasks (idempotent, at every start)."""
    session = open_write_session(engine)
    try:
        load_reference_programmes(session)
        session.flush()
        load_reference_tasks(session)
        session.commit()
    finally:
        session.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    install_calendar(settings.calendar_file)  # a bad file stops the start, with its reason
    return build_service_app(
        settings=settings,
        title="renovation",
        description="Old residential community renovation programme, plan to handover "
        "(牡政办发〔2022〕14号).",
        routers=[
            programme_router,
            projects_router,
            finance_router,
            publicity_router,
            public_pages_router,
            asset_router(),
            tenders_router,
            tasks_router,
            reference_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        audit_read_scopes=["renovation:read", "renovation:write"],
        on_startup=load_reference_data,
    )
