from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from lawyer_query.applications.routes import router as applications_router
from lawyer_query.keys import registry_cipher
from lawyer_query.privacy import (
    NoStoreAnswers,
    NoStoredRegistryResponses,
    SealedIdempotentBodies,
    install_log_masking,
)
from lawyer_query.refdata import load_refdata
from lawyer_query.settings import Settings
from lawyer_query.supervision.integrity import registry_access_check
from lawyer_query.supervision.routes import router as supervision_router
from suitekit.app import build_service_app

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def load_reference_data(_engine: Engine) -> None:
    """Parse and check the gazette reference data once at start (fails fast if broken)."""
    load_refdata()
    install_log_masking()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = build_service_app(
        settings=settings,
        title="lawyer-query",
        description="Lawyers' queries of population registration data at police stations "
        "(牡公规〔2022〕1号). Results only as printed, stamped documents.",
        routers=[supervision_router, applications_router],
        migrations_dir=MIGRATIONS_DIR,
        audit_read_scopes=["lawyer-query:supervise"],
        # the whole chain: city-level supervisors (or city-wide admin) only
        audit_chain_scopes=["admin", "lawyer-query:supervise"],
        audit_checks=(registry_access_check,),
        on_startup=load_reference_data,
    )
    app.state.cipher = registry_cipher(settings)
    app.state.idempotency_sealer = SealedIdempotentBodies(app.state.cipher)
    app.add_middleware(NoStoredRegistryResponses)  # runs before the kit's
    app.add_middleware(NoStoreAnswers)  # outermost: every answer, errors included
    return app
