from pathlib import Path

from fastapi import FastAPI

from labs.assessment.routes import router as assessment_router
from labs.code_lists import router as reference_router
from labs.common import install_rule_errors
from labs.evaluation.routes import router as evaluation_router
from labs.proficiency.routes import router as proficiency_router
from labs.registry.routes import router as registry_router
from labs.sanctions.routes import router as sanctions_router
from labs.service import load_reference_data
from labs.settings import Settings
from labs.tasks.routes import router as tasks_router
from suitekit.app import build_service_app

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    app = build_service_app(
        settings=settings or Settings(),
        title="labs",
        description="Assessment of the food-safety testing labs (牡市监规〔2022〕1号): "
        "labs and scope, tasks, daily and technical scores, proficiency testing, "
        "annual evaluation, violations and sanctions.",
        routers=[
            registry_router,
            tasks_router,
            assessment_router,
            proficiency_router,
            evaluation_router,
            sanctions_router,
            reference_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        audit_read_scopes=["labs:read", "labs:assess"],
        on_startup=load_reference_data,
    )
    install_rule_errors(app)
    return app
