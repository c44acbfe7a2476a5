"""A real gateway (uvicorn, in the test's event loop) in front of a real echo upstream process.

The echo upstream verifies the gateway's identity tokens through the gateway's JWKS URL,
like every suite service; the gateway listens on one port for the whole session so that
URL stays valid while each test gets a fresh gateway (own database, same signing keys).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from gateway.app import create_app
from gateway.clients import service as clients_service
from gateway.clients.schemas import ClientCreate
from gateway.ops import create_ops_app
from gateway.paths import MIGRATIONS_DIR
from gateway.runtime import Runtime
from gateway.serving import UVICORN_OPTIONS
from gateway.settings import GatewaySettings, TierSpec, UpstreamConfig
from suitekit.db import open_write_session
from suitekit.identity import Caller
from suitekit.migrations import upgrade_to_head

TESTS_DIR = Path(__file__).resolve().parent.parent
ADMIN = Caller(client_id="test-admin", scopes=frozenset({"admin"}), jurisdiction=("*",))


def free_port() -> int:
    """A free port in 18000-18999, the range these tests may use (not the ephemeral range,
    where a port found free can be taken by any outgoing connection a moment later)."""
    for _ in range(500):
        port = random.randint(18000, 18999)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18999")


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture(scope="session")
def gateway_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gateway-keys")


def start_echo(
    port: int, jwks_url: str, service: str = "outfall", *, record: Path | None = None
) -> subprocess.Popen[bytes]:
    """``record``: a file the upstream appends every raw path it receives to."""
    env = {**os.environ, "PYTHONPATH": str(TESTS_DIR)}
    if record is not None:
        env["ECHO_RECORD"] = str(record)
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway_tests.support.echo_upstream", str(port), jwks_url, service],
        cwd=TESTS_DIR,
        env=env,
    )
    wait_for_port(port)
    return process


@pytest.fixture(scope="session")
def echo_port(gateway_port: int) -> Iterator[int]:
    port = free_port()
    process = start_echo(port, f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json")
    yield port
    process.terminate()
    process.wait(timeout=10)


@dataclass
class RunningGateway:
    base_url: str
    runtime: Runtime
    http: httpx.AsyncClient  # the public listener
    ops: httpx.AsyncClient  # the operations listener: /metrics, /status, /admin

    def add_client(
        self,
        scopes: list[str],
        *,
        jurisdiction: list[str] | None = None,
        tier: str | None = None,
        client_id: str | None = None,
    ) -> tuple[str, str]:
        client_id = client_id or f"c-{uuid.uuid4().hex[:10]}"
        secret = uuid.uuid4().hex
        data = ClientCreate(
            id=client_id,
            scopes=scopes,
            jurisdiction=jurisdiction or ["*"],
            tier=tier,
            secret=secret,
        )
        with open_write_session(self.runtime.engine) as session:
            clients_service.create_client(
                session=session,
                data=data,
                caller=ADMIN,
                known_tiers=list(self.runtime.settings.rate_tiers),
                default_tier=self.runtime.settings.default_tier,
            )
        return client_id, secret

    async def token_for(self, client_id: str, secret: str, scope: str | None = None) -> str:
        form = {"grant_type": "client_credentials"}
        if scope:
            form["scope"] = scope
        response = await self.http.post("/oauth/token", data=form, auth=(client_id, secret))
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def headers(self, scopes: list[str], **kwargs: Any) -> dict[str, str]:
        token = await self.token_for(*self.add_client(scopes, **kwargs))
        return {"Authorization": f"Bearer {token}"}


GatewayFactory = Callable[..., AbstractAsyncContextManager[RunningGateway]]


@pytest.fixture
def start_gateway(
    gateway_port: int, key_dir: Path, echo_port: int, tmp_path: Path
) -> GatewayFactory:
    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[RunningGateway]:
        database_url = f"sqlite:///{tmp_path / (uuid.uuid4().hex[:8] + '.db')}"
        upgrade_to_head(MIGRATIONS_DIR, database_url)
        closed_port = free_port()  # nothing listens there
        values: dict[str, Any] = {
            "database_url": database_url,
            "signing_key_dir": key_dir,
            "access_log": False,
            "client_cache_seconds": 0.2,
            "upstreams": {
                "outfall": UpstreamConfig(name="outfall", url=f"http://127.0.0.1:{echo_port}"),
                "labs": UpstreamConfig(
                    name="labs", url=f"http://127.0.0.1:{closed_port}", connect_timeout=0.5
                ),
                "renovation": UpstreamConfig(
                    name="renovation",
                    url=f"http://127.0.0.1:{echo_port}",
                    read_timeout=0.5,
                ),
            },
            "rate_tiers": {
                "standard": TierSpec(rate=1000, burst=1000),
                "tiny": TierSpec(rate=0.01, burst=3),
                "anonymous": TierSpec(rate=0.01, burst=5),
                "token-failures": TierSpec(rate=0.01, burst=3),
            },
        }
        values.update(overrides)
        values.setdefault("ops_port", free_port())
        settings = GatewaySettings(**values)
        app = create_app(settings)
        runtime: Runtime = app.runtime  # type: ignore[attr-defined]
        ops_app = create_ops_app(runtime, owns_runtime=False)
        servers = [
            # the serving command's options (proxy headers off: the caller's are not trusted)
            uvicorn.Server(
                uvicorn.Config(app, host="127.0.0.1", port=gateway_port, **UVICORN_OPTIONS)
            ),
            uvicorn.Server(
                uvicorn.Config(
                    ops_app, host="127.0.0.1", port=settings.ops_port, lifespan="off",
                    **UVICORN_OPTIONS,
                )
            ),
        ]  # fmt: skip
        tasks = [asyncio.create_task(server.serve()) for server in servers]
        while not all(server.started for server in servers):
            for task in tasks:
                if task.done():
                    task.result()
            await asyncio.sleep(0.01)
        base_url = f"http://127.0.0.1:{gateway_port}"
        ops_url = f"http://127.0.0.1:{settings.ops_port}"
        try:
            async with (
                httpx.AsyncClient(base_url=base_url, timeout=10) as http,
                httpx.AsyncClient(base_url=ops_url, timeout=10) as ops,
            ):
                yield RunningGateway(base_url=base_url, runtime=runtime, http=http, ops=ops)
        finally:
            for server in servers:
                server.should_exit = True
            await asyncio.gather(*tasks)

    return start


@pytest.fixture
async def gw(start_gateway: GatewayFactory) -> AsyncIterator[RunningGateway]:
    async with start_gateway() as running:
        yield running
