"""Liveness, readiness (database reachable, migrations not behind) and Prometheus metrics."""

from pathlib import Path

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from suitekit.db import database_reachable
from suitekit.errors import problem_response
from suitekit.migrations import SchemaState, schema_state


def health_router(migrations_dir: Path) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="database reachable and migrations current", response_model=None)
    async def readyz(request: Request) -> Response | dict[str, str]:
        engine = request.app.state.engine
        if not await run_in_threadpool(database_reachable, engine):
            return problem_response(
                503, "database_unreachable", "Not ready", "the database is not reachable"
            )
        try:
            # a rolled-back release on a newer schema serves (runbook, "Upgrade and roll back")
            state = await run_in_threadpool(schema_state, engine, migrations_dir)
            current = state is not SchemaState.BEHIND
        except Exception:
            current = False
        if not current:
            return problem_response(
                503, "migrations_pending", "Not ready", "database migrations are not at head"
            )
        return {"status": "ready"}

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
