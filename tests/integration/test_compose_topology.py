"""The compose topology without a container engine.

Every process of docker-compose.yml is started here with exactly the environment the compose
file gives it (the image's ENV, then the service's `environment`), with compose host names
mapped to 127.0.0.1 (ports remapped consistently into 18000-18999, Postgres on the local
server), in compose's start order: Postgres gets one database and one role per member from
deploy/postgres/init-databases.sh (per-run names, dropped afterwards), each `<member>-migrate`
job must exit 0, each member must pass the compose healthcheck (run as written). Then a smoke
through the gateway: a client added with the gateway's CLI, a token, `/status`, one call per
service, a write, and each database holding its member's tables owned by its own role.
Nothing inherits this test's environment, so a variable missing from the compose file fails it.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "tools"))

pytest.importorskip("dockerfile", reason="Dockerfile parser missing: pip install dockerfile")
from suitedeploy.members import GATEWAY, MEMBERS, SERVICES  # noqa: E402
from suitedeploy.runner import Topology, reachable, running_topology  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 6379)),
    reason="needs the local Postgres (127.0.0.1:5432) and Redis (127.0.0.1:6379)",
)


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    with running_topology(tmp_path_factory.mktemp("compose-topology")) as running:
        yield running


@pytest.fixture(scope="module")
def client_credentials(topology: Topology) -> tuple[str, str]:
    """Added the way the runbook says (`docker compose exec gateway suite clients add`)."""
    client_id, secret = f"topo-{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    scopes = " ".join([f"{m.name}:read" for m in SERVICES] + ["lawyer-query:supervise", "admin"])
    completed = subprocess.run(
        [
            *topology.command_for("gateway")[:-1],
            "clients",
            "add",
            client_id,
            "--scopes",
            scopes,
            "--secret",
            secret,
        ],
        env=topology.env_for("gateway"),
        cwd=topology.workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return client_id, secret


@pytest.fixture(scope="module")
def gateway(topology: Topology, client_credentials: tuple[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=topology.url(GATEWAY), timeout=30) as client:
        response = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=client_credentials,
        )
        assert response.status_code == 200, response.text
        client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield client


@pytest.fixture(scope="module")
def ops(topology: Topology, gateway: httpx.Client) -> Iterator[httpx.Client]:
    """The gateway's operations listener (compose: GATEWAY_OPS_PORT, never published)."""
    assert GATEWAY.ops_port is not None
    port = topology.hosts.local_port(GATEWAY.name, GATEWAY.ops_port)
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers=gateway.headers, timeout=30
    ) as client:
        yield client


def test_gateway_status_sees_every_service_ready_at_its_compose_upstream(
    topology: Topology, gateway: httpx.Client, ops: httpx.Client
) -> None:
    assert gateway.get("/status").status_code == 404  # operator data: not on the public port
    status = ops.get("/status").json()
    assert status["status"] == "ok", status
    for member in SERVICES:
        entry = status["services"][member.name]
        assert entry["ready"] is True, entry
        assert entry["url"].rstrip("/") == topology.url(member)


@pytest.mark.parametrize("member", SERVICES, ids=lambda m: m.name)
def test_each_service_answers_through_the_gateway(gateway: httpx.Client, member) -> None:
    response = gateway.get(f"/{member.name}/v1/audit", params={"limit": 1})
    assert response.status_code == 200, response.text
    assert "x-request-id" in response.headers


def test_reference_data_was_loaded_into_postgres_and_is_served(gateway: httpx.Client) -> None:
    response = gateway.get("/outfall/v1/jurisdictions")
    assert response.status_code == 200, response.text
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    assert items, "outfall serves no jurisdiction: reference data missing"


def test_a_write_through_the_gateway_lands_in_its_postgres_database(
    topology: Topology, ops: httpx.Client
) -> None:
    client_id = f"topo-w-{secrets.token_hex(4)}"
    created = ops.post(
        "/admin/clients",
        json={
            "id": client_id,
            "display_name": "拓扑测试",
            "scopes": ["labs:read"],
            "jurisdiction": ["231002"],
        },
    )
    assert created.status_code == 201, created.text
    database = f"{topology.hosts.db_prefix}gateway"
    with psycopg.connect(f"host=127.0.0.1 user={database} dbname={database}") as conn:
        dump = conn.execute("SELECT to_jsonb(c)::text FROM gateway_clients c").fetchall()
    assert any(client_id in row[0] for row in dump)


def test_each_member_migrated_its_own_database_owned_by_its_own_role(topology: Topology) -> None:
    for member in MEMBERS:
        name = f"{topology.hosts.db_prefix}{member.database}"
        with psycopg.connect(f"host=127.0.0.1 user={name} dbname={name}") as conn:
            assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1
            owners = conn.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            assert owners == [(name,)], member.name


def test_a_service_called_directly_without_the_gateway_identity_is_401(
    topology: Topology,
) -> None:
    for member in SERVICES:
        response = httpx.get(f"{topology.url(member)}/v1/audit", timeout=10)
        assert response.status_code == 401, (member.name, response.text)


def test_nothing_writes_outside_its_volumes(topology: Topology) -> None:
    """The containers run read-only (compose `read_only: true`): every process ran with this
    directory as its working directory, so a file here would be a write to the image."""
    unexpected = [
        path.name
        for path in topology.workdir.iterdir()
        if path.name not in {"home", "volumes"} and path.suffix != ".log"
    ]
    assert unexpected == []
    assert not any((topology.workdir / "home").iterdir())
