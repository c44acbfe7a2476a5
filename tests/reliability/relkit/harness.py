"""The suite under test: every process started for real, some services on Postgres.

Ports come from the 18000-18999 block so a developer's `make run` (8000-8005) is never touched.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from suitekit.supervisor import GATEWAY, SERVICES, Member, Suite
from suitekit.testing import postgres_admin_url, postgres_available

PORT_RANGE = range(18100, 18990, 10)
TOKEN_REUSE_SECONDS = 300  # gateway tokens live 15 min by default


def runnable(m: Member) -> bool:
    """Whether the member has landed far enough to be started (`python -m <pkg> serve`)."""
    return importlib.util.find_spec(f"{m.package}.__main__") is not None


class PartialSuite(Suite):
    """The supervisor's Suite, limited to the members that can run yet (built in parallel)."""

    def members(self) -> tuple[Member, ...]:
        return (GATEWAY, *(m for m in SERVICES if runnable(m)))


def running_services() -> list[Member]:
    return [m for m in SERVICES if runnable(m)]


def member(name: str) -> Member:
    return next(m for m in SERVICES if m.name == name)


def free_port_block(size: int = 10) -> int:
    """A base port in 18000-18999 whose next `size` ports are all free (checked by binding)."""
    for base in PORT_RANGE:
        sockets: list[socket.socket] = []
        try:
            for offset in range(size):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free port block in 18100-18999")


def postgres_services() -> list[str]:
    """Services run on Postgres (RELIABILITY_PG_SERVICES, default outfall and labs)."""
    if os.environ.get("RELIABILITY_POSTGRES", "1") == "0" or not postgres_available():
        return []
    names = os.environ.get("RELIABILITY_PG_SERVICES", "outfall,labs")
    return [n.strip() for n in names.split(",") if n.strip()]


@dataclass
class PostgresDatabases:
    """One fresh database per Postgres-backed service, named like production (`<prefix><package>`,
    owned by a role of the same name, as deploy/postgres/init-databases.sh makes them), so the
    deploy/backup scripts work on them unchanged. Dropped, with their roles, at the end."""

    prefix: str = field(default_factory=lambda: f"rel{uuid.uuid4().hex[:8]}_")
    names: dict[str, str] = field(default_factory=dict)

    def create(self, m: Member) -> str:
        name = self.prefix + m.package
        with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE ROLE "{name}" NOLOGIN')
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
        self.names[m.name] = name
        base, _, _ = postgres_admin_url().rpartition("/")
        return f"{base}/{name}"

    @property
    def packages(self) -> list[str]:
        return [n.removeprefix(self.prefix) for n in self.names.values()]

    def drop_all(self) -> None:
        with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
            for name in self.names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@dataclass
class Client:
    client_id: str
    secret: str
    scopes: list[str]
    jurisdiction: list[str]


@dataclass
class SuiteUnderTest:
    suite: PartialSuite
    databases: PostgresDatabases
    volume: Path | None = None
    bootstrap_token: str = ""
    _clients: dict[tuple[str, str, str], Client] = field(default_factory=dict)
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return self.suite.gateway_url

    @property
    def ops_url(self) -> str:
        """The gateway's operations listener: /admin, /metrics, /status (loopback)."""
        return self.suite.gateway_ops_url

    @property
    def data_dir(self) -> Path:
        return self.suite.data_dir

    def service_url(self, name: str) -> str:
        return self.suite.url(member(name))

    def refresh_bootstrap_token(self) -> str:
        self.bootstrap_token = self.token_for(self.suite.client_id, self.suite.client_secret)
        return self.bootstrap_token

    def token_for(self, client_id: str, secret: str) -> str:
        response = httpx.post(
            f"{self.gateway_url}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
            timeout=15,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def add_client(
        self, scopes: list[str], jurisdiction: list[str] | None = None, tier: str = "bulk"
    ) -> Client:
        """Registered through the gateway's admin API with the bootstrap client."""
        client = Client(
            client_id=f"rel-{uuid.uuid4().hex[:10]}",
            secret=uuid.uuid4().hex,
            scopes=scopes,
            jurisdiction=jurisdiction or ["*"],
        )
        body = {
            "id": client.client_id,
            "display_name": "reliability run",
            "scopes": scopes,
            "jurisdiction": client.jurisdiction,
            "tier": tier,
            "secret": client.secret,
        }
        for _attempt in range(2):
            response = httpx.post(
                f"{self.ops_url}/admin/clients",
                json=body,
                headers={"Authorization": f"Bearer {self.bootstrap_token}"},
                timeout=15,
            )
            if response.status_code != 401:
                break
            self.refresh_bootstrap_token()
        response.raise_for_status()
        return client

    def token(
        self, scopes: list[str], jurisdiction: list[str] | None = None, tier: str = "bulk"
    ) -> str:
        """A token of a client with these scopes (registered once, token renewed before expiry)."""
        key = (" ".join(sorted(scopes)), ",".join(jurisdiction or ["*"]), tier)
        if key not in self._clients:
            self._clients[key] = self.add_client(scopes, jurisdiction, tier)
        client = self._clients[key]
        cached = self._tokens.get(client.client_id)
        # monotonic() starts near 0 at boot, so "never obtained" cannot be a zero timestamp
        if cached is None or time.monotonic() - cached[1] > TOKEN_REUSE_SECONDS:
            token = self.token_for(client.client_id, client.secret)
            cached = (token, time.monotonic())
            self._tokens[client.client_id] = cached
        return cached[0]

    def headers(self, scopes: list[str], jurisdiction: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(scopes, jurisdiction)}"}

    def registered_clients(self) -> list[Client]:
        return list(self._clients.values())

    def log_paths(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.log"))


VOLUME_SERVICE = "credits"  # its SQLite file lives on a small volume the disk-full test fills


def mount_small_volume(path: Path, size: str = "64m") -> Path | None:
    """A tmpfs of `size` (root only); None where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return path if done.returncode == 0 else None


def unmount(path: Path) -> None:
    subprocess.run(["umount", "--lazy", str(path)], capture_output=True, check=False)


def start_suite(data_dir: Path, on_stop: list[Callable[[], Any]]) -> SuiteUnderTest:
    databases = PostgresDatabases()
    on_stop.append(databases.drop_all)
    wanted = postgres_services()
    urls = {m.name: databases.create(m) for m in running_services() if m.name in wanted}
    volume = None
    if VOLUME_SERVICE not in urls and os.environ.get("RELIABILITY_VOLUME", "1") == "1":
        volume = mount_small_volume(data_dir / "volume")
    if volume is not None:
        on_stop.append(lambda: unmount(volume))
        package = member(VOLUME_SERVICE).package
        urls[VOLUME_SERVICE] = f"sqlite:///{volume / (package + '.db')}"
    suite = PartialSuite(
        data_dir=data_dir,
        base_port=free_port_block(),
        client_id="rel-bootstrap",
        client_secret=uuid.uuid4().hex,
        database_urls=urls,
        extra_env={"SUITE_TEST_RUN": "1"},
    )
    suite.start()
    on_stop.insert(0, suite.stop)
    running = SuiteUnderTest(suite=suite, databases=databases, volume=volume)
    running.refresh_bootstrap_token()
    return running


def attach_suite(info_file: Path) -> SuiteUnderTest:
    """Development aid: reuse a suite already started by `python -m relkit.devsuite` (no kills)."""
    import json

    info = json.loads(info_file.read_text())
    suite = PartialSuite(
        data_dir=Path(info["data_dir"]),
        base_port=int(info["base_port"]),
        client_id=info["client_id"],
        client_secret=info["client_secret"],
        database_urls=info["database_urls"],
    )
    running = SuiteUnderTest(suite=suite, databases=PostgresDatabases())
    running.refresh_bootstrap_token()
    return running
