"""Every process started for real: the gateway and the five services, each on its own SQLite file.

`suite` (session scope) starts them once; `suite.token(scopes, jurisdiction)` registers a client
through the gateway CLI and returns a bearer token obtained from `POST /oauth/token`.
"""

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from suitekit.supervisor import GATEWAY, Suite


def _free_port_block(size: int = 10) -> int:
    """A base port whose next `size` ports are all free (checked by binding)."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size >= 65000:
            continue
        try:
            sockets = []
            for offset in range(size):
                s = socket.socket()
                s.bind(("127.0.0.1", base + offset))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free port block")


@dataclass
class RunningSuite:
    suite: Suite
    _tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return self.suite.gateway_url

    @property
    def ops_url(self) -> str:
        return self.suite.gateway_ops_url

    def add_client(
        self, scopes: list[str], jurisdiction: list[str] | None = None
    ) -> tuple[str, str]:
        client_id = f"it-{uuid.uuid4().hex[:10]}"
        secret = uuid.uuid4().hex
        command = [
            sys.executable,
            "-m",
            "gateway",
            "clients",
            "add",
            client_id,
            "--scopes",
            " ".join(scopes),
            "--secret",
            secret,
        ]
        for code in jurisdiction or []:
            command += ["--jurisdiction", code]
        subprocess.run(
            command, env=self.suite.env_for(GATEWAY), check=True, capture_output=True, timeout=60
        )
        return client_id, secret

    def token_for(self, client_id: str, secret: str) -> str:
        response = httpx.post(
            f"{self.gateway_url}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def token(self, scopes: list[str], jurisdiction: list[str] | None = None) -> str:
        key = (" ".join(sorted(scopes)), ",".join(jurisdiction or ["*"]))
        if key not in self._tokens:
            self._tokens[key] = self.token_for(*self.add_client(scopes, jurisdiction))
        return self._tokens[key]

    def headers(self, scopes: list[str], jurisdiction: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(scopes, jurisdiction)}"}

    def admin_headers(self) -> dict[str, str]:
        token = self.token_for(self.suite.client_id, self.suite.client_secret)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    data_dir: Path = tmp_path_factory.mktemp("suite")
    base_port = _free_port_block()
    running = Suite(
        data_dir=data_dir,
        base_port=base_port,
        client_secret=uuid.uuid4().hex,
        # QR codes point at this run's gateway (issue 19: a test decodes them and opens the page)
        extra_env={
            "SUITE_TEST_RUN": "1",
            "SUITE_PUBLIC_BASE_URL": f"http://127.0.0.1:{base_port}",
            **_passthrough_env(),
        },
    )
    running.start()
    try:
        yield RunningSuite(running)
    finally:
        running.stop()


def _passthrough_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("SUITE_IT_")}


@pytest.fixture
def gateway(suite: RunningSuite) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=suite.gateway_url, timeout=30) as client:
        yield client


@pytest.fixture
def ops(suite: RunningSuite) -> Iterator[httpx.Client]:
    """The gateway's operations listener: /status, /metrics, /admin."""
    with httpx.Client(base_url=suite.ops_url, timeout=30) as client:
        yield client
