from pathlib import Path

from fastapi import FastAPI

from credits.catalogue.routes import router as catalogue_router
from credits.code_lists import router as reference_router
from credits.enrollments.routes import router as enrollments_router
from credits.graduation.routes import router as graduation_router
from credits.recognition.routes import router as recognition_router
from credits.records.routes import router as records_router
from credits.reference import load_reference_data
from credits.selection.routes import router as selection_router
from credits.settings import Settings
from credits.timetabling.routes import router as timetabling_router
from suitekit.app import build_service_app

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or Settings(),
        title="credits",
        description="High-school courses, credit recognition, appeals and graduation audit "
        "(牡教发〔2022〕2号 and its five annexes).",
        routers=[
            catalogue_router,
            enrollments_router,
            recognition_router,
            records_router,
            graduation_router,
            selection_router,
            timetabling_router,
            reference_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        audit_read_scopes=["credits:read", "credits:write", "credits:recognize"],
        on_startup=load_reference_data,
    )
