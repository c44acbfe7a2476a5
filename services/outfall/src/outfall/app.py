from pathlib import Path

from fastapi import FastAPI

from outfall.exports.routes import router as exports_router
from outfall.lifecycle.routes import router as lifecycle_router
from outfall.monitoring.routes import router as monitoring_router
from outfall.public.routes import internal as signboard_router
from outfall.public.routes import public as public_router
from outfall.public.tipoff_routes import internal as tip_off_router
from outfall.public.tipoff_routes import public as public_tip_off_router
from outfall.reports.routes import router as reports_router
from outfall.routes import router
from outfall.service import load_reference_data
from outfall.settings import Settings
from suitekit.app import build_service_app
from suitekit.public_pages import asset_router

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or Settings(),
        title="outfall",
        description="River outfall survey, tracing, remediation and supervision "
        "(牡政发〔2022〕11号).",
        routers=[
            router,
            lifecycle_router,
            monitoring_router,
            reports_router,
            exports_router,
            signboard_router,
            public_router,
            public_tip_off_router,
            tip_off_router,
            asset_router(),
        ],
        migrations_dir=MIGRATIONS_DIR,
        # the whole chain spans every jurisdiction: city supervisors (admin) only; each
        # outfall's own history is at /v1/outfalls/{id}/history, scoped like the outfall
        audit_read_scopes=["admin"],
        on_startup=load_reference_data,
    )
