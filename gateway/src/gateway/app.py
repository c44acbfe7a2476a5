"""``create_app(settings)``: the proxy fast path in front of a small FastAPI control plane.

``/{service}/v1/...`` goes straight to a plain ASGI handler (no routing table, no
dependency chain per request); everything else (token, admin, JWKS, status, OpenAPI,
health, metrics) is the FastAPI app.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import control, openapi
from gateway.clients.routes import router as clients_router
from gateway.oauth.routes import router as oauth_router
from gateway.observability.accesslog import configure_access_log, flush_access_log
from gateway.paths import MIGRATIONS_DIR
from gateway.proxy.handler import ProxyHandler
from gateway.runtime import Runtime
from gateway.settings import GatewaySettings, load_settings
from suitekit.docs_ui import install_docs
from suitekit.errors import LanguageMiddleware, install_problem_handlers
from suitekit.migrations import upgrade_to_head
from suitekit.observability import ObservabilityMiddleware, configure_logging

log = logging.getLogger("gateway")


class GatewayApp:
    def __init__(self, control_app: FastAPI, proxy: ProxyHandler, services: set[str]) -> None:
        self.control = control_app
        self.proxy = proxy
        self.services = services
        self.runtime: Runtime = proxy.rt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            service, sep, rest = scope["path"][1:].partition("/")
            if sep and service in self.services and (rest == "v1" or rest.startswith("v1/")):
                await self.proxy(scope, receive, send, service, "/" + rest)
                return
        await self.control(scope, receive, send)


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
        ]
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
    control_app.include_router(clients_router)
    control_app.include_router(control.router)
    install_docs(control_app, title="Mudanjiang government services")
    app: ASGIApp = GatewayApp(control_app, ProxyHandler(runtime), set(settings.upstreams))
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
