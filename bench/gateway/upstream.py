"""The upstream of the gateway benchmark: a cheap authenticated GET, verified the way every
suite service verifies the gateway's identity (suitekit.identity, JWKS from the gateway).

python bench/gateway/upstream.py PORT JWKS_URL
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from suitekit.errors import install_problem_handlers
from suitekit.identity import CallerDep, IdentityVerifier


def build_app(jwks_url: str) -> FastAPI:
    app = FastAPI(title="bench upstream")
    app.state.identity_verifier = IdentityVerifier(
        audience="outfall", issuer="mudanjiang-gateway", jwks_url=jwks_url
    )
    install_problem_handlers(app)

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ready"}

    @app.get("/v1/cheap")
    async def cheap(caller: CallerDep) -> dict[str, str]:
        return {"client_id": caller.client_id, "status": "ok"}

    return app


if __name__ == "__main__":
    uvicorn.run(
        build_app(sys.argv[2]),
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
    )
