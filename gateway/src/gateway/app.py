"""``create_app(settings)``: the public listener, the proxy fast path in front of a small
FastAPI control plane.

``/{service}/v1/...`` (decided by ``proxy.target``) goes straight to a plain ASGI handler (no
routing table, no dependency chain per request); everything else (token, JWKS, OpenAPI, docs,
health) is the FastAPI app. Metrics, status and admin are on the operations listener
(``gateway.ops``), which shares this app's runtime when both run in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from gateway import control, openapi
from gateway.edge import Edge
from gateway.keys.rules import signing_entry
from gateway.oauth.routes import router as oauth_router
from gateway.observability.accesslog import configure_access_log, flush_access_log
from gateway.observability.metrics import SIGNING_KEY_AGE
from gateway.paths import MIGRATIONS_DIR
from gateway.proxy.handler import ProxyHandler
from gateway.runtime import Runtime
from gateway.settings import GatewaySettings, load_settings
from suitekit.audit_watch import watch_audit_chain
from suitekit.docs_ui import install_docs
from suitekit.errors import LanguageMiddleware, install_problem_handlers
from suitekit.migrations import upgrade_to_head
from suitekit.observability import ObservabilityMiddleware, configure_logging

log = logging.getLogger("gateway")


def create_app(settings: GatewaySettings, *, migrate_on_start: bool = False) -> ASGIApp:
    # httpx logs every request at INFO: the access log already says it, once
    logging.getLogger("httpx").setLevel(logging.WARNING)
    configure_access_log(settings.access_log)
    runtime = Runtime.build(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if migrate_on_start:
            await run_in_threadpool(upgrade_to_head, MIGRATIONS_DIR, settings.database_url)
        await runtime.start()
        background = [
            asyncio.create_task(_learn_route_templates(runtime)),
            asyncio.create_task(_flush_access_log_forever()),
            asyncio.create_task(_export_signing_key_age_forever(runtime)),
        ]
        if settings.audit_verify_interval_seconds > 0:  # the client registry's audit chain
            background.append(
                asyncio.create_task(
                    watch_audit_chain(
                        runtime.engine, "gateway", settings.audit_verify_interval_seconds
                    )
                )
            )
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            flush_access_log()
            await runtime.stop()

    control_app = FastAPI(
        title="Mudanjiang gateway",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    control_app.state.runtime = runtime
    control_app.openapi_url = None
    install_problem_handlers(control_app)
    control_app.add_middleware(LanguageMiddleware)
    control_app.add_middleware(ObservabilityMiddleware, service="gateway")
    control_app.include_router(oauth_router)
    control_app.include_router(control.router)
    install_docs(control_app, title="Mudanjiang government services")
    edge = Edge(control_app, proxy=ProxyHandler(runtime), services=frozenset(settings.upstreams))
    edge.runtime = runtime  # type: ignore[attr-defined]
    app: ASGIApp = edge
    if settings.cors_origins:
        runtime_ref = runtime
        app = CORSMiddleware(
            app,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID", "Retry-After", "RateLimit-Remaining"],
        )
        app.runtime = runtime_ref  # type: ignore[attr-defined]
    return app


async def _export_signing_key_age_forever(runtime: Runtime) -> None:
    while True:
        active = signing_entry(runtime.keys.entries(), now=time.time())
        SIGNING_KEY_AGE.set(max(0.0, time.time() - active.starts))
        await asyncio.sleep(60)


async def _flush_access_log_forever() -> None:
    while True:
        await asyncio.sleep(0.5)
        flush_access_log()


async def _learn_route_templates(runtime: Runtime) -> None:
    """Metric labels use route templates from each service's OpenAPI, once it answers."""
    pending = set(runtime.upstreams)
    for delay in (0, 0.5, 2, 5, 10, 30, 60, 120):  # first try at once, off the request path
        await asyncio.sleep(delay)
        for name in list(pending):
            document = await openapi.fetch_document(runtime.upstreams[name])
            if document is not None:
                runtime.routes.learn(name, openapi.path_templates(document))
                pending.discard(name)
        if not pending:
            return


def app_from_env() -> ASGIApp:
    """Factory for worker processes (uvicorn workers, granian): settings from the environment."""
    _die_with_parent()
    settings = load_settings()
    configure_logging("gateway", settings.log_level)
    return create_app(settings)


def _die_with_parent() -> None:
    """A worker process must not outlive its server's master (granian ignores SIGTERM in an
    orphaned worker): ask Linux to kill it when the parent dies."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: nothing to do
        pass
