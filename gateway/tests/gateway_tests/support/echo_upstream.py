"""A small upstream service for the gateway's tests, run as a real uvicorn process.

It verifies the gateway identity exactly as the suite's services do (suitekit.identity with
the gateway's JWKS) and reports what it received, so tests can see what the gateway sent.

Run: python -m support.echo_upstream PORT JWKS_URL  (from gateway/tests)
With ``ECHO_RECORD=FILE`` every request's raw path (as received) is appended to FILE: a
recording upstream, to see exactly what the gateway forwarded.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from suitekit.errors import install_problem_handlers
from suitekit.identity import CallerDep, IdentityVerifier, RequireScope


class RecordPaths:
    """ASGI wrapper: one line per request, its raw path, before any routing."""

    def __init__(self, app: ASGIApp, record: Path) -> None:
        self.app = app
        self.record = record

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            with self.record.open("ab") as out:
                out.write(raw + b"\n")
        await self.app(scope, receive, send)


def build_app(jwks_url: str, *, service: str = "outfall") -> FastAPI:
    app = FastAPI(title=f"echo {service}")
    app.state.identity_verifier = IdentityVerifier(
        audience=service, issuer="mudanjiang-gateway", jwks_url=jwks_url
    )
    app.state.fail_ready = False
    install_problem_handlers(app)

    @app.get("/metrics")  # like a service's own metrics: never reachable through the gateway
    async def metrics() -> Response:
        return Response(b"service_internal_metric 1\n", media_type="text/plain")

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

    @app.get("/v1/internal-headers")
    async def internal_headers(_caller: CallerDep) -> Response:
        """Hop-by-hop and internal fields in Title-Case, as some servers write them."""
        response = Response(content=b"{}", media_type="application/json")
        response.raw_headers += [
            (b"Keep-Alive", b"timeout=5"),
            (b"Proxy-Authenticate", b"Basic realm=internal"),
            (b"Server", b"EchoUpstream/1.0"),
            (b"X-Request-ID", b"upstream-own-id"),
            (b"X-Powered-By", b"EchoUpstream"),
            (b"Connection", b"X-Internal-Hint"),
            (b"X-Internal-Hint", b"10.0.0.7"),
            (b"X-Kept", b"yes"),
        ]
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
    application: ASGIApp = build_app(jwks, service=name)
    if os.environ.get("ECHO_RECORD"):
        application = RecordPaths(application, Path(os.environ["ECHO_RECORD"]))
    uvicorn.run(application, host="127.0.0.1", port=port, log_level="warning")
