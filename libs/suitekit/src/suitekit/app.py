"""The common service application: one factory wires the kit's mechanics around a domain."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from suitekit.audit import ChainCheck
from suitekit.audit_checkpoints import Signer, signing_key
from suitekit.audit_routes import audit_router
from suitekit.audit_schedule import run_checkpoints
from suitekit.audit_watch import watch_audit_chain
from suitekit.db import make_engine
from suitekit.docs_ui import install_docs
from suitekit.errors import LanguageMiddleware, install_problem_handlers
from suitekit.formats import refuse_undeclared_format
from suitekit.health import health_router
from suitekit.idempotency import IdempotencyMiddleware
from suitekit.identity import IdentityVerifier
from suitekit.links import GatewayLinksMiddleware
from suitekit.migrations import upgrade_to_head
from suitekit.observability import ObservabilityMiddleware
from suitekit.openapi_contract import install_openapi_contract, operation_id
from suitekit.retention import retention_forever
from suitekit.settings import ServiceSettings

StartupHook = Callable[[Engine], None]


def _background_jobs(
    engine: Engine, settings: ServiceSettings, checks: tuple[ChainCheck, ...] = ()
) -> list[asyncio.Task[None]]:
    """The audit-chain verification and the retention job, each on its own schedule."""
    jobs = []
    if settings.audit_verify_interval_seconds > 0:
        jobs.append(
            watch_audit_chain(
                engine, settings.service_name, settings.audit_verify_interval_seconds, checks
            )
        )
    if settings.retention_interval_seconds > 0:
        jobs.append(
            retention_forever(
                engine,
                settings.service_name,
                interval_seconds=settings.retention_interval_seconds,
                keep=timedelta(hours=settings.idempotency_retention_hours),
            )
        )
    return [asyncio.create_task(job) for job in jobs]


def build_service_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    migrations_dir: Path,
    audit_read_scopes: Sequence[str],
    audit_chain_scopes: Sequence[str] = ("admin",),
    audit_checks: tuple[ChainCheck, ...] = (),
    on_startup: StartupHook | None = None,
    version: str = "1.0.0",
) -> FastAPI:
    url = settings.resolved_database_url()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(
            url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )
        if settings.migrate_on_start:
            await run_in_threadpool(upgrade_to_head, migrations_dir, url)
        if on_startup is not None:
            await run_in_threadpool(on_startup, engine)
        app.state.engine = engine
        app.state.audit_signer = Signer(
            settings.service_name,
            await run_in_threadpool(
                signing_key,
                settings.audit_key_seed.get_secret_value() if settings.audit_key_seed else None,
                settings.service_name,
                settings.resolved_audit_key_file(),
            ),
        )
        background = [
            asyncio.create_task(run_checkpoints(engine, app.state.audit_signer, settings)),
            *_background_jobs(engine, settings, audit_checks),
        ]
        try:
            yield
        finally:
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            engine.dispose()

    operation_ids = operation_id(settings.service_name)
    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(refuse_undeclared_format)],
        generate_unique_id_function=operation_ids,
    )
    app.state.settings = settings
    app.state.identity_verifier = IdentityVerifier(
        audience=settings.service_name,
        issuer=settings.identity_issuer,
        jwks_url=settings.identity_jwks_url,
        jwks_json=settings.identity_jwks,
    )
    install_problem_handlers(app)
    install_docs(app, title=title)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(GatewayLinksMiddleware, service=settings.service_name)
    app.add_middleware(LanguageMiddleware, default=settings.default_language)
    app.add_middleware(ObservabilityMiddleware, service=settings.service_name)
    app.include_router(health_router(migrations_dir))
    app.include_router(
        audit_router(*audit_read_scopes, chain_scopes=audit_chain_scopes, checks=audit_checks)
    )
    for router in routers:
        app.include_router(router)
    # request-body examples, by operationId, beside the service's migrations/ folder
    install_openapi_contract(app, migrations_dir.parent / "openapi_examples.json", operation_ids)
    return app
