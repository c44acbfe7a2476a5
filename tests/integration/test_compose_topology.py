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

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "tools"))

from suitedeploy.compose_model import active_services, load_env_file, render  # noqa: E402
from suitedeploy.members import GATEWAY, MEMBERS, SERVICES  # noqa: E402
from suitedeploy.paths import COMPOSE_FILE, ENV_EXAMPLE, INIT_DATABASES_SCRIPT  # noqa: E402
from suitedeploy.topology import (  # noqa: E402
    HostMap,
    process_environment,
    rewrite_command,
    start_waves,
)

pytest.importorskip("dockerfile", reason="Dockerfile parser missing: pip install dockerfile")
from suitedeploy.dockerfiles import parse  # noqa: E402

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
READY_TIMEOUT = 180.0
EXTERNAL = {"postgres", "redis"}  # run by this machine, not started by the test


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not (_reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 6379)),
    reason="needs the local Postgres (127.0.0.1:5432) and Redis (127.0.0.1:6379)",
)


def _free_port_block(size: int) -> int:
    """A base in 18000-18999 whose next `size` ports are free (checked by binding)."""
    for base in range(18000 + secrets.randbelow(800), 18999 - size, size):
        sockets: list[socket.socket] = []
        try:
            for offset in range(size):
                probe = socket.socket()
                sockets.append(probe)
                probe.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise RuntimeError("no free port block in 18000-18999")


@dataclass
class Topology:
    model: dict
    hosts: HostMap
    workdir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def compose_services(self) -> set[str]:
        return set(self.model["services"])

    def env_for(self, name: str) -> dict[str, str]:
        service = self.model["services"][name]
        member = _member_of(name)
        runtime = parse(REPO / member.dockerfile).stage("runtime")
        image_env = {
            "LANG": "C.UTF-8",  # from the python base image
            **runtime.env(),
            "HOME": str(self.workdir / "home"),
        }
        image_env["PATH"] = image_env["PATH"].replace(
            "/app/.venv/bin:$PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin"
        )
        return process_environment(
            name, service, self.hosts, self.compose_services, image_env=image_env
        )

    def command_for(self, name: str) -> list[str]:
        member = _member_of(name)
        entrypoint = list(parse(REPO / member.dockerfile).stage("runtime").last("ENTRYPOINT").value)
        entrypoint[0] = sys.executable if entrypoint[0] == "python" else entrypoint[0]
        return entrypoint + list(self.model["services"][name]["command"])

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.log(name)
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def wait_completed(self, name: str) -> None:
        process = self.processes.pop(name)
        try:
            code = process.wait(timeout=READY_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"{name} still running after {READY_TIMEOUT}s:\n{self.tail(name)}")
        assert code == 0, f"{name} exited {code}:\n{self.tail(name)}"

    def start(self, name: str) -> None:
        out = open(self.log(name), "wb")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            self.command_for(name),
            env=self.env_for(name),
            cwd=self.workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    def healthy(self, name: str) -> bool:
        test = self.model["services"][name]["healthcheck"]["test"]
        assert test[0] in ("CMD", "CMD-SHELL"), test
        command = rewrite_command(list(test[1:]), name, self.hosts, self.compose_services)
        command = [sys.executable if arg == "python" else arg for arg in command]
        if test[0] == "CMD-SHELL":
            command = ["sh", "-c", " ".join(command)]
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    def wait_healthy(self, name: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                pytest.fail(f"{name} exited {process.returncode}:\n{self.tail(name)}")
            if self.healthy(name):
                return
            time.sleep(0.5)
        pytest.fail(f"{name} not healthy after {READY_TIMEOUT}s:\n{self.tail(name)}")

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def url(self, member) -> str:
        return f"http://127.0.0.1:{self.hosts.local_port(member.name, member.port)}"


def _member_of(name: str):
    base = name.removesuffix("-migrate")
    return next(m for m in MEMBERS if m.name == base)


def _compose_env() -> dict[str, str]:
    values = load_env_file(ENV_EXAMPLE)
    return {k: secrets.token_urlsafe(32) if v == "CHANGE_ME" else v for k, v in values.items()}


def _init_databases(model: dict, prefix: str) -> None:
    postgres = model["services"]["postgres"]
    mounted = [v for v in postgres["volumes"] if "/docker-entrypoint-initdb.d/" in v]
    assert mounted == [
        f"./{INIT_DATABASES_SCRIPT.relative_to(REPO)}:"
        "/docker-entrypoint-initdb.d/10-init-databases.sh:ro"
    ]
    env = {
        "PATH": "/usr/bin:/bin",
        **postgres["environment"],
        "PGHOST": "127.0.0.1",
        "PGPORT": "5432",
        "SUITE_DB_PREFIX": prefix,
    }
    env["POSTGRES_PASSWORD"] = ""  # the local server trusts loopback; not its real password
    completed = subprocess.run(
        ["bash", str(INIT_DATABASES_SCRIPT)], env=env, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr


def _drop_databases(prefix: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        for member in MEMBERS:
            name = f"{prefix}{member.database}"
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')


def _start_wave(running: Topology, wave: list[str], model: dict, prefix: str) -> None:
    """Like compose: a wave's members start together, the next wave when they are done."""
    services = running.model["services"]
    for name in (n for n in wave if n in EXTERNAL):
        assert running.healthy(name), f"{name} healthcheck failed on 127.0.0.1"
        if name == "postgres":
            _init_databases(model, prefix)
    jobs = [n for n in wave if n not in EXTERNAL and services[n].get("restart") == "no"]
    members = [n for n in wave if n not in EXTERNAL and n not in jobs]
    for name in jobs + members:
        running.start(name)
    for name in jobs:
        running.wait_completed(name)
    for name in members:
        running.wait_healthy(name)


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    model = render([COMPOSE_FILE], _compose_env())
    services = active_services(model)
    base = _free_port_block(len(MEMBERS))
    ports = {(m.name, m.port): base + i for i, m in enumerate(MEMBERS)}
    ports |= {("postgres", 5432): 5432, ("redis", 6379): 6379}
    workdir = tmp_path_factory.mktemp("compose-topology")
    (workdir / "home").mkdir()
    paths = {"/opt/suite/healthcheck.py": str(REPO / "deploy" / "docker" / "healthcheck.py")}
    for service in services.values():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if source in model.get("volumes", {}):  # a named volume: a fresh local directory
                paths[target] = str(workdir / "volumes" / source)
                Path(paths[target]).mkdir(parents=True, exist_ok=True)
    prefix = f"topo_{secrets.token_hex(4)}_"
    hosts = HostMap(ports=ports, db_prefix=prefix, paths=paths)
    running = Topology(model={**model, "services": services}, hosts=hosts, workdir=workdir)
    try:
        for wave in start_waves(services):
            _start_wave(running, wave, model, prefix)
        yield running
    finally:
        running.stop()
        _drop_databases(prefix)
        shutil.rmtree(workdir / "volumes", ignore_errors=True)


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


def test_gateway_status_sees_every_service_ready_at_its_compose_upstream(
    topology: Topology, gateway: httpx.Client
) -> None:
    status = gateway.get("/status").json()
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
    topology: Topology, gateway: httpx.Client
) -> None:
    client_id = f"topo-w-{secrets.token_hex(4)}"
    created = gateway.post(
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
