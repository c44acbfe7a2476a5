"""A small upstream service for the gateway's tests, run as a real uvicorn process.

It verifies the gateway identity exactly as the suite's services do (suitekit.identity with
the gateway's JWKS) and reports what it received, so tests can see what the gateway sent.

Run: python -m support.echo_upstream PORT JWKS_URL  (from gateway/tests)
"""

from __future__ import annotations

import asyncio
import os
import sys

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse

from suitekit.errors import install_problem_handlers
from suitekit.identity import CallerDep, IdentityVerifier, RequireScope


def build_app(jwks_url: str, *, service: str = "outfall") -> FastAPI:
    app = FastAPI(title=f"echo {service}")
    app.state.identity_verifier = IdentityVerifier(
        audience=service, issuer="mudanjiang-gateway", jwks_url=jwks_url
    )
    app.state.fail_ready = False
    install_problem_handlers(app)

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ready"}

    @app.get("/v1/echo")
    async def echo(request: Request, caller: CallerDep) -> dict[str, object]:
        return {
            "client_id": caller.client_id,
            "scopes": sorted(caller.scopes),
            "jurisdiction": list(caller.jurisdiction),
            "query": str(request.url.query),
            "headers": {k: v for k, v in request.headers.items() if k != "authorization"},
            "has_authorization": "authorization" in request.headers,
        }

    @app.get("/v1/cheap")
    async def cheap(_caller: CallerDep) -> dict[str, str]:
        return {"ok": "yes"}

    @app.post("/v1/outfalls", dependencies=[RequireScope(f"{service}:write")], status_code=201)
    async def create(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    @app.post("/v1/upload")
    async def upload(request: Request, _caller: CallerDep) -> dict[str, int]:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        return {"received": size}

    @app.get("/v1/outfalls/{outfall_id}")
    async def one(outfall_id: str, _caller: CallerDep) -> dict[str, str]:
        return {"id": outfall_id}

    @app.get("/v1/big")
    async def big(_caller: CallerDep, size: int = 1_000_000) -> StreamingResponse:
        async def chunks():
            sent = 0
            while sent < size:
                n = min(65536, size - sent)
                sent += n
                yield b"x" * n

        return StreamingResponse(chunks(), media_type="application/octet-stream")

    @app.get("/v1/slow")  # no identity check: reached under other service names too
    async def slow(seconds: float = 1.0) -> dict[str, float]:
        await asyncio.sleep(seconds)
        return {"slept": seconds}

    @app.get("/v1/set-cookie")
    async def set_cookie(_caller: CallerDep) -> Response:
        response = Response(content=b"{}", media_type="application/json")
        response.set_cookie("session", "secret-of-one-caller")
        return response

    @app.get("/v1/public/ping")
    async def public_ping(caller: CallerDep) -> dict[str, str]:
        return {"client_id": caller.client_id, "scope": " ".join(sorted(caller.scopes))}

    @app.get("/v1/status/{code}")
    async def status(code: int, _caller: CallerDep) -> Response:
        return Response(status_code=code, content=b"upstream says so")

    return app


if __name__ == "__main__":
    port, jwks = int(sys.argv[1]), sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("ECHO_SERVICE", "outfall")
    uvicorn.run(build_app(jwks, service=name), host="127.0.0.1", port=port, log_level="warning")
