"""The operations listener (``GATEWAY_OPS_PORT``, loopback by default): metrics, status, admin.

Kept off the public port (issue 14 item 5): ``/metrics`` names every client, ``/status``
shows the upstreams' internal URLs and ``/admin`` manages the registry.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp

from gateway.clients.gate import admin_gate
from gateway.clients.routes import router as clients_router
from gateway.edge import Edge
from gateway.observability.multiproc import exposition
from gateway.runtime import Runtime
from gateway.status import suite_status
from suitekit.errors import install_problem_handlers
from suitekit.observability import ObservabilityMiddleware

router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    body, media_type = await run_in_threadpool(exposition)  # reads files with several workers
    return Response(body, media_type=media_type)


@router.get("/status", summary="each upstream's readiness and circuit state")
async def status(request: Request) -> dict[str, Any]:
    runtime: Runtime = request.app.state.runtime
    return await suite_status(runtime.upstreams)


@router.get("/healthz", summary="the operations listener is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def create_ops_app(runtime: Runtime, *, owns_runtime: bool) -> ASGIApp:
    """``owns_runtime``: this listener runs alone in its process (starts and stops the runtime);
    otherwise it shares the public listener's runtime, which does."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if owns_runtime:
            await runtime.start()
        try:
            yield
        finally:
            if owns_runtime:
                await runtime.stop()

    app = FastAPI(
        title="Mudanjiang gateway operations",
        lifespan=lifespan,
        openapi_url="/openapi.json",  # the admin API's contract, for operators' tools
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.add_middleware(ObservabilityMiddleware, service="gateway")
    app.include_router(clients_router)
    app.include_router(router)
    edge = Edge(app, admin_gate=admin_gate(runtime))
    edge.runtime = runtime  # type: ignore[attr-defined]
    return edge
