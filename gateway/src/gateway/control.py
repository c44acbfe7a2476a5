"""The gateway's own public endpoints: JWKS, health, merged OpenAPI (docs: suitekit.docs_ui).

Metrics, status and the admin API are on the operations listener (``gateway.ops``).
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from gateway import openapi
from gateway.paths import MIGRATIONS_DIR
from gateway.runtime import Runtime
from suitekit.db import database_reachable
from suitekit.errors import problem_response
from suitekit.migrations import at_head

router = APIRouter(tags=["gateway"])


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


@router.get("/.well-known/jwks.json", summary="public keys of the gateway (RFC 7517)")
async def jwks(request: Request) -> JSONResponse:
    rt = _runtime(request)
    rt.keys.refresh()
    return JSONResponse(rt.keys.jwks(), headers={"Cache-Control": "public, max-age=60"})


@router.get("/healthz", summary="process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="own store reachable, migrations current", response_model=None)
async def readyz(request: Request) -> Response | dict[str, str]:
    rt = _runtime(request)
    if not await run_in_threadpool(database_reachable, rt.engine):
        return problem_response(503, "database_unreachable", "Not ready", "database unreachable")
    try:
        current = await run_in_threadpool(at_head, rt.engine, MIGRATIONS_DIR)
    except Exception:
        current = False
    if not current:
        return problem_response(503, "migrations_pending", "Not ready", "migrations not at head")
    ping = getattr(rt.limiter, "ping", None)
    if ping is not None:
        try:
            await ping()
        except Exception:
            return problem_response(503, "redis_unreachable", "Not ready", "Redis unreachable")
    return {"status": "ready"}


@router.get("/openapi.json", include_in_schema=False)
async def merged_openapi(request: Request) -> JSONResponse:
    app = request.app
    rt = _runtime(request)
    cached = getattr(app.state, "merged_openapi", None)
    if cached is not None and cached[0] > time.monotonic():
        return JSONResponse(cached[1])
    documents = await openapi.collect(rt.upstreams)
    for service, document in documents.items():
        if document is not None:
            rt.routes.learn(service, openapi.path_templates(document))
    merged = openapi.merge(app.openapi(), documents, title="Mudanjiang government services")
    app.state.merged_openapi = (time.monotonic() + rt.settings.openapi_cache_seconds, merged)
    return JSONResponse(merged)
