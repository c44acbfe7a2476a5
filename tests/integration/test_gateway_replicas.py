"""The gateway as real processes: two replicas sharing Redis, the breaker, key rotation, CLI.

Upstreams are the gateway tests' echo service (gateway/tests/gateway_tests/support), a real
uvicorn process that verifies the gateway's identity tokens through the gateway's JWKS with
suitekit.identity, exactly as the suite's services do.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import jwt
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
ECHO_CWD = ROOT / "gateway" / "tests"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LIMITED = {"rate": 5, "burst": 50}  # the tier under test: 50 at once, then 5 per second


def _free_port() -> int:
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


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _wait_ready(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} never became ready")


@dataclass
class Stack:
    data_dir: Path
    echo_port: int
    labs_port: int
    credits_port: int
    gateway_ports: list[int]
    ops_ports: list[int]
    env: dict[str, str]
    admin: tuple[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def url(self, replica: int = 0) -> str:
        return f"http://127.0.0.1:{self.gateway_ports[replica]}"

    def ops_url(self, replica: int = 0) -> str:
        """The replica's operations listener: /metrics, /status, /admin."""
        return f"http://127.0.0.1:{self.ops_ports[replica]}"

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "gateway", *args],
            env=self.env,
            capture_output=True,
            timeout=60,
            check=True,
        )
        return result.stdout.decode()

    def add_client_by_cli(self, scopes: str, *extra: str) -> tuple[str, str]:
        client_id = f"it-{uuid.uuid4().hex[:10]}"
        out = self.cli("clients", "add", client_id, "--scopes", scopes, *extra)
        created = json.loads(out)
        return created["client_id"], created["client_secret"]

    def add_client(self, scopes: str, tier: str | None = None) -> tuple[str, str]:
        """Through the admin API of replica 0 (a CLI process costs seconds on a busy host)."""
        admin = {"Authorization": f"Bearer {self.token(*self.admin)}"}
        body = {
            "id": f"it-{uuid.uuid4().hex[:10]}",
            "scopes": scopes.split(),
            "jurisdiction": ["*"],
            "tier": tier,
        }
        response = httpx.post(
            f"{self.ops_url(0)}/admin/clients", json=body, headers=admin, timeout=30
        )
        assert response.status_code == 201, response.text
        return body["id"], response.json()["client_secret"]  # type: ignore[return-value]

    def token(self, client_id: str, secret: str, replica: int = 0) -> str:
        response = httpx.post(
            f"{self.url(replica)}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def start_echo(self, port: int, service: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gateway_tests.support.echo_upstream",
                str(port),
                f"{self.url(0)}/.well-known/jwks.json",
                service,
            ],
            cwd=ECHO_CWD,
            env={**self.env, "PYTHONPATH": str(ECHO_CWD)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        _wait_ready(f"http://127.0.0.1:{port}/readyz")
        return process


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not _redis_up():
        pytest.skip(f"no Redis server answers at {REDIS_URL}: replicas cannot share limits")
    data_dir = tmp_path_factory.mktemp("gateway-replicas")
    ports = [_free_port(), _free_port()]
    ops_ports = [_free_port(), _free_port()]
    echo_port, labs_port, credits_port = _free_port(), _free_port(), _free_port()
    admin = ("it-admin", uuid.uuid4().hex)
    closed = _free_port()
    env = {
        **os.environ,
        "GATEWAY_DATABASE_URL": f"sqlite:///{data_dir / 'gateway.db'}",
        "GATEWAY_SIGNING_KEY_DIR": str(data_dir / "keys"),
        "GATEWAY_REDIS_URL": REDIS_URL,
        "GATEWAY_CLIENT_CACHE_SECONDS": "0.5",
        "GATEWAY_BREAKER_FAILURE_THRESHOLD": "3",
        "GATEWAY_BREAKER_OPEN_SECONDS": "1",
        "GATEWAY_UPSTREAM_OUTFALL": f"http://127.0.0.1:{echo_port}",
        "GATEWAY_UPSTREAM_LABS": f"http://127.0.0.1:{labs_port}",
        "GATEWAY_UPSTREAM_LABS_CONNECT_TIMEOUT": "0.5",
        "GATEWAY_UPSTREAM_CREDITS": f"http://127.0.0.1:{credits_port}",
        "GATEWAY_KEY_ACTIVATION_SECONDS": "45",
        "GATEWAY_RATE_TIERS": json.dumps(
            {
                "standard": {"rate": 1000, "burst": 1000},
                "limited": LIMITED,
                "anonymous": {"rate": 1, "burst": 5},
                "token-failures": {"rate": 1, "burst": 10},
            }
        ),
        "SUITE_BOOTSTRAP_CLIENT_ID": admin[0],
        "SUITE_BOOTSTRAP_CLIENT_SECRET": admin[1],
    }
    for name in ("RENOVATION", "LAWYER_QUERY"):
        env[f"GATEWAY_UPSTREAM_{name}"] = f"http://127.0.0.1:{closed}"
    running = Stack(data_dir, echo_port, labs_port, credits_port, ports, ops_ports, env, admin)
    subprocess.run(
        [sys.executable, "-m", "gateway", "migrate"], env=env, check=True, capture_output=True
    )
    try:
        for index, port in enumerate(ports):
            log = open(data_dir / f"gateway-{index}.log", "wb")  # noqa: SIM115
            running.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gateway", "serve", "--port", str(port)],
                    env={**env, "GATEWAY_OPS_PORT": str(ops_ports[index])},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for replica in range(len(ports)):
            _wait_ready(f"{running.url(replica)}/readyz")
        running.start_echo(echo_port, "outfall")
        yield running
    finally:
        for process in running.processes:
            process.terminate()
        for process in running.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_replicas_share_one_bucket_in_redis(stack: Stack) -> None:
    client_id, secret = stack.add_client("outfall:read", tier="limited")
    token = stack.token(client_id, secret)
    headers = {"Authorization": f"Bearer {token}"}

    async def burst() -> tuple[list[int], float]:
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
        async with (
            httpx.AsyncClient(limits=limits, timeout=30) as a,
            httpx.AsyncClient(limits=limits, timeout=30) as b,
        ):
            clients = [(a, stack.url(0)), (b, stack.url(1))]
            started = time.monotonic()
            responses = await asyncio.gather(
                *(
                    clients[i % 2][0].get(f"{clients[i % 2][1]}/outfall/v1/cheap", headers=headers)
                    for i in range(200)
                )
            )
            return [r.status_code for r in responses], time.monotonic() - started

    statuses, elapsed = asyncio.run(burst())
    admitted = statuses.count(200)
    assert set(statuses) <= {200, 429}
    ceiling = LIMITED["burst"] + LIMITED["rate"] * elapsed
    assert admitted <= ceiling * 1.01 + 1, (admitted, ceiling, elapsed)
    # both replicas drew from one bucket: separate buckets would admit about twice the burst
    assert admitted >= LIMITED["burst"]


def test_breaker_opens_then_closes_when_the_service_returns(stack: Stack) -> None:
    client_id, secret = stack.add_client("labs:read")
    headers = {"Authorization": f"Bearer {stack.token(client_id, secret)}"}
    gateway = stack.url(0)
    codes = []
    for _ in range(3):
        codes.append(httpx.get(f"{gateway}/labs/v1/cheap", headers=headers).json()["code"])
    started = time.perf_counter()
    fast = httpx.get(f"{gateway}/labs/v1/cheap", headers=headers)
    assert time.perf_counter() - started < 0.5
    assert codes == ["upstream_unavailable"] * 3
    assert fast.status_code == 503 and fast.json()["code"] == "circuit_open"
    assert httpx.get(f"{stack.ops_url(0)}/status").json()["services"]["labs"]["circuit"] == "open"
    stack.start_echo(stack.labs_port, "labs")
    time.sleep(1.1)
    recovered = httpx.get(f"{gateway}/labs/v1/cheap", headers=headers)
    assert recovered.status_code == 200, recovered.text
    status = httpx.get(f"{stack.ops_url(0)}/status").json()
    assert status["services"]["labs"]["circuit"] == "closed"
    metrics = httpx.get(f"{stack.ops_url(0)}/metrics").text
    assert 'gateway_circuit_state{upstream="labs"} 0.0' in metrics


def test_client_disabled_by_the_cli_is_refused_by_every_replica(stack: Stack) -> None:
    client_id, secret = stack.add_client("outfall:read")
    headers = {"Authorization": f"Bearer {stack.token(client_id, secret)}"}
    for replica in (0, 1):
        assert (
            httpx.get(f"{stack.url(replica)}/outfall/v1/cheap", headers=headers).status_code == 200
        )
    disabled = json.loads(stack.cli("clients", "disable", client_id, "--reason", "test"))
    assert disabled["enabled"] is False
    time.sleep(0.7)  # replicas refresh the cached client states every 0.5 s here
    for replica in (0, 1):
        refused = httpx.get(f"{stack.url(replica)}/outfall/v1/cheap", headers=headers)
        assert refused.status_code == 401 and refused.json()["code"] == "client_disabled"


def test_changed_client_outdates_live_tokens_on_every_replica(stack: Stack) -> None:
    """Issue 14 item 8: a scope removed on one replica's admin API stops the tokens issued
    before it on the other replica within the client-cache window (0.5 s here)."""
    client_id, secret = stack.add_client("outfall:read labs:read")
    headers = {"Authorization": f"Bearer {stack.token(client_id, secret, replica=1)}"}
    assert httpx.get(f"{stack.url(1)}/outfall/v1/cheap", headers=headers).status_code == 200
    admin = {"Authorization": f"Bearer {stack.token(*stack.admin)}", "If-Match": '"1"'}
    changed = httpx.patch(
        f"{stack.ops_url(0)}/admin/clients/{client_id}",
        json={"scopes": ["labs:read"]},
        headers=admin,
        timeout=30,
    )
    assert changed.status_code == 200, changed.text
    time.sleep(0.7)
    for replica in (0, 1):
        refused = httpx.get(f"{stack.url(replica)}/outfall/v1/cheap", headers=headers)
        assert refused.status_code == 401 and refused.json()["code"] == "token_outdated"


def test_public_port_serves_no_operator_data(stack: Stack) -> None:
    for path in ("/metrics", "/status", "/admin/clients"):
        assert httpx.get(f"{stack.url(0)}{path}").status_code == 404, path
    assert httpx.get(f"{stack.ops_url(1)}/metrics").status_code == 200


def test_cli_manages_clients(stack: Stack) -> None:
    client_id, secret = stack.add_client_by_cli(
        "outfall:read outfall:write", "--jurisdiction", "231002", "--jurisdiction", "231083"
    )
    listed = [json.loads(line) for line in stack.cli("clients", "list").splitlines()]
    mine = next(c for c in listed if c["id"] == client_id)
    assert mine["jurisdiction"] == ["231002", "231083"]
    assert mine["scopes"] == ["outfall:read", "outfall:write"]
    assert all("client_secret" not in c and "secret_hash" not in c for c in listed)
    assert stack.token(client_id, secret)  # the running gateway sees the CLI's client


def test_anonymous_only_on_public_paths(stack: Stack) -> None:
    assert httpx.get(f"{stack.url(1)}/outfall/v1/public/ping").json()["client_id"] == "anonymous"
    private = httpx.get(f"{stack.url(1)}/outfall/v1/echo")
    assert private.status_code == 401
    assert private.headers["content-type"] == "application/problem+json"


# last: afterwards the gateways sign with a key the long-running echo may not have read yet
def test_rotated_key_is_published_first_then_signs_and_old_tokens_keep_working(
    stack: Stack,
) -> None:
    from gateway.keys import KeyStore
    from gateway.keys.rules import retention_seconds

    client_id, secret = stack.add_client("outfall:read credits:read")
    before = stack.token(client_id, secret)
    old_kid = jwt.get_unverified_header(before)["kid"]
    keys = KeyStore(
        Path(stack.env["GATEWAY_SIGNING_KEY_DIR"]),
        retention=retention_seconds(token_ttl=900, service_token_ttl=60),
    )
    entry = keys.rotate(delay=4)  # what `suite keys rotate` does, with a short activation
    time.sleep(1.1)  # running gateways look at the key directory once a second
    for replica in (0, 1):
        jwks = httpx.get(f"{stack.url(replica)}/.well-known/jwks.json").json()
        assert {old_kid, entry.kid} <= {k["kid"] for k in jwks["keys"]}  # published at once
    if time.time() < entry.starts - 0.5:
        still_old = stack.token(client_id, secret)
        assert jwt.get_unverified_header(still_old)["kid"] == old_kid  # not signing yet
    time.sleep(max(0.0, entry.starts - time.time()) + 1.1)
    after = stack.token(client_id, secret)
    assert jwt.get_unverified_header(after)["kid"] == entry.kid
    # a service that reads the JWKS now verifies identities signed with either key
    stack.start_echo(stack.credits_port, "credits")
    for replica in (0, 1):
        for token in (before, after):
            response = httpx.get(
                f"{stack.url(replica)}/credits/v1/echo",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200, response.text
