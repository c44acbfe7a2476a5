"""Start the compose topology as local processes (no container engine): every process with
exactly the environment docker-compose.yml gives it, compose hosts mapped to 127.0.0.1, ports
remapped into 18000-18999, Postgres databases and roles made by deploy/postgres/init-databases.sh
under a per-run prefix (dropped on exit), in compose's waves (databases, migrate jobs, members).

Used by tests/integration/test_compose_topology.py and deploy/bench/footprint.py.
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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from .compose_model import active_services, load_env_file, render
from .dockerfiles import parse
from .members import MEMBERS
from .paths import COMPOSE_FILE, ENV_EXAMPLE, INIT_DATABASES_SCRIPT, REPO
from .secrets_env import write_env
from .topology import HostMap, process_environment, rewrite_command, start_waves

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
READY_TIMEOUT = 180.0
EXTERNAL = {"postgres", "redis"}  # run by this machine, not started here


class TopologyError(RuntimeError):
    pass


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


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
    wave_seconds: dict[str, float] = field(default_factory=dict)

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
            raise TopologyError(f"{name} still running after {READY_TIMEOUT}s") from None
        if code != 0:
            raise TopologyError(f"{name} exited {code}:\n{self.tail(name)}")

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
        if test[0] not in ("CMD", "CMD-SHELL"):
            raise TopologyError(f"{name}: unsupported healthcheck {test}")
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
                raise TopologyError(f"{name} exited {process.returncode}:\n{self.tail(name)}")
            if self.healthy(name):
                return
            time.sleep(0.5)
        raise TopologyError(f"{name} not healthy after {READY_TIMEOUT}s:\n{self.tail(name)}")

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


def _compose_env(workdir: Path) -> dict[str, str]:
    """The `.env` that `make secrets` writes (same code), as compose would read it."""
    env_file = workdir / ".env"
    write_env(ENV_EXAMPLE, env_file)
    try:
        return load_env_file(env_file)
    finally:
        env_file.unlink()  # the workdir stands for the read-only image: nothing else in it


def _init_databases(model: dict, prefix: str) -> None:
    postgres = model["services"]["postgres"]
    mounted = [v for v in postgres["volumes"] if "/docker-entrypoint-initdb.d/" in v]
    expected = f"./{INIT_DATABASES_SCRIPT.relative_to(REPO)}:"
    if len(mounted) != 1 or not mounted[0].startswith(expected):
        raise TopologyError(f"postgres does not mount {INIT_DATABASES_SCRIPT.name}: {mounted}")
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
    if completed.returncode != 0:
        raise TopologyError(f"init-databases.sh failed: {completed.stderr}")


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
        if not running.healthy(name):
            raise TopologyError(f"{name} healthcheck failed on 127.0.0.1")
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


@contextmanager
def running_topology(workdir: Path) -> Iterator[Topology]:
    """The whole compose topology, stopped and its databases dropped on exit."""
    model = render([COMPOSE_FILE], _compose_env(workdir))
    services = active_services(model)
    listeners = [(m.name, m.port) for m in MEMBERS]
    listeners += [(m.name, m.ops_port) for m in MEMBERS if m.ops_port]
    base = _free_port_block(len(listeners))
    ports = {listener: base + i for i, listener in enumerate(listeners)}
    ports |= {("postgres", 5432): 5432, ("redis", 6379): 6379}
    (workdir / "home").mkdir()
    paths = {"/opt/suite/healthcheck.py": str(REPO / "deploy" / "docker" / "healthcheck.py")}
    for service in services.values():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if source in model.get("volumes", {}):  # a named volume: a fresh local directory
                paths[target] = str(workdir / "volumes" / source)
                Path(paths[target]).mkdir(parents=True, exist_ok=True)
            elif source.startswith("./"):  # a bind mount of a repository file
                paths[target] = str(REPO / source)
    prefix = f"topo_{secrets.token_hex(4)}_"
    hosts = HostMap(ports=ports, db_prefix=prefix, paths=paths)
    running = Topology(model={**model, "services": services}, hosts=hosts, workdir=workdir)
    try:
        for wave in start_waves(services):
            started = time.perf_counter()
            _start_wave(running, wave, model, prefix)
            running.wave_seconds[", ".join(wave)] = round(time.perf_counter() - started, 1)
        yield running
    finally:
        running.stop()
        _drop_databases(prefix)
        shutil.rmtree(workdir / "volumes", ignore_errors=True)
