"""Start the whole suite as real processes on one machine (embedded default and tests).

`python -m suitekit.supervisor run` is what `make run` calls: every member on 127.0.0.1, each
on its own SQLite file under SUITE_DATA_DIR, migrations applied, demo data loaded, a city-wide
bootstrap client created; Ctrl-C or SIGTERM stops every process it started.
"""

import argparse
import contextlib
import ctypes
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child: a new session (own process group), ended if the supervisor dies."""
    os.setsid()
    # off Linux there is no libc.so.6: the supervisor's own signal handling still stops them
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class Member:
    name: str
    package: str
    env_prefix: str
    port_offset: int

    @property
    def upstream_env(self) -> str:
        return "GATEWAY_UPSTREAM_" + self.package.upper()


GATEWAY = Member("gateway", "gateway", "GATEWAY_", 0)
GATEWAY_OPS_OFFSET = 9  # the gateway's operations listener (/metrics, /status, /admin)
SERVICES = (
    Member("outfall", "outfall", "OUTFALL_", 1),
    Member("renovation", "renovation", "RENOVATION_", 2),
    Member("credits", "credits", "CREDITS_", 3),
    Member("labs", "labs", "LABS_", 4),
    Member("lawyer-query", "lawyer_query", "LAWYER_QUERY_", 5),
)


@dataclass
class Suite:
    data_dir: Path
    base_port: int = 8000
    host: str = "127.0.0.1"
    client_id: str = "city-admin"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    database_urls: Mapping[str, str] = field(default_factory=dict)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    seed_demo: bool = True
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: dict[str, IO[bytes]] = field(default_factory=dict)

    def url(self, member: Member) -> str:
        return f"http://{self.host}:{self.base_port + member.port_offset}"

    @property
    def gateway_url(self) -> str:
        return self.url(GATEWAY)

    @property
    def gateway_ops_url(self) -> str:
        """Loopback only: metrics, upstream status and the client registry's admin API."""
        return f"http://127.0.0.1:{self.base_port + GATEWAY_OPS_OFFSET}"

    def database_url(self, member: Member) -> str:
        default = f"sqlite:///{self.data_dir.resolve() / (member.package + '.db')}"
        return self.database_urls.get(member.name, default)

    def env_for(self, member: Member) -> dict[str, str]:
        p = member.env_prefix
        env = {
            **os.environ,
            f"{p}DATABASE_URL": self.database_url(member),
            f"{p}HOST": self.host,
            f"{p}PORT": str(self.base_port + member.port_offset),
            f"{p}DEV_MODE": "true",
            f"{p}DATA_DIR": str(self.data_dir.resolve()),
        }
        if member is GATEWAY:
            env |= {s.upstream_env: self.url(s) for s in SERVICES}
            env |= {
                "GATEWAY_SIGNING_KEY_DIR": str(self.data_dir.resolve() / "keys"),
                "GATEWAY_OPS_HOST": "127.0.0.1",
                "GATEWAY_OPS_PORT": str(self.base_port + GATEWAY_OPS_OFFSET),
                "SUITE_BOOTSTRAP_CLIENT_ID": self.client_id,
                "SUITE_BOOTSTRAP_CLIENT_SECRET": self.client_secret,
            }
        else:
            env[f"{p}IDENTITY_JWKS_URL"] = f"{self.gateway_url}/.well-known/jwks.json"
            env.setdefault("SUITE_PUBLIC_BASE_URL", self.gateway_url)  # links name the gateway
        env.update(self.extra_env)
        return env

    def members(self) -> tuple[Member, ...]:
        return (GATEWAY, *SERVICES)

    def prepare(self) -> None:
        """Migrate every member, then load demo data into every service (each step in parallel):
        `migrate` is the only command that applies migrations."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._run_everywhere("migrate", self.members())
        if self.seed_demo:
            self._run_everywhere("seed-demo", tuple(m for m in self.members() if m is not GATEWAY))

    def _run_everywhere(self, command: str, members: tuple[Member, ...]) -> None:
        jobs = [
            subprocess.Popen(
                [sys.executable, "-m", m.package, command],
                env=self.env_for(m),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for m in members
        ]
        for job in jobs:
            _, err = job.communicate(timeout=300)
            if job.returncode != 0:
                raise RuntimeError(f"{job.args[2]} {command} failed: {err.decode()[-2000:]}")

    def start_member(self, member: Member) -> None:
        log = open(self.data_dir / f"{member.name}.log", "ab")  # noqa: SIM115
        self._logs[member.name] = log
        self.processes[member.name] = subprocess.Popen(
            [sys.executable, "-m", member.package, "serve"],
            env=self.env_for(member),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop_member(self, member: Member, *, timeout: float = 10) -> None:
        process = self.processes.pop(member.name, None)
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log = self._logs.pop(member.name, None)
        if log:
            log.close()

    def wait_ready(self, member: Member, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(member.name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(
                    f"{member.name} exited with {process.returncode}; "
                    f"see {self.data_dir / (member.name + '.log')}"
                )
            try:
                if httpx.get(f"{self.url(member)}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{member.name} not ready after {timeout} s")

    def start(self) -> None:
        self.prepare()
        try:
            for member in self.members():
                self.start_member(member)
            for member in self.members():
                self.wait_ready(member)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for member in reversed(self.members()):
            self.stop_member(member)


def _print_banner(suite: Suite) -> None:
    gw = suite.gateway_url
    print(
        f"""
Mudanjiang government services suite is running.
  gateway        {gw}   (docs: {gw}/docs)
  operations     {suite.gateway_ops_url}   (/status, /metrics, /admin; loopback only)
"""
        + "".join(
            f"  {m.name:<14} {suite.url(m)}   (reached through the gateway)\n" for m in SERVICES
        )
        + f"""
  data           {suite.data_dir.resolve()}/   (SQLite databases *.db, signing keys keys/)
  logs           {suite.data_dir.resolve()}/<member>.log   (one JSON line per event, e.g.
                 tail -f {suite.data_dir.resolve() / "gateway.log"})

  client id      {suite.client_id}
  client secret  {suite.client_secret}

Try:
  TOKEN=$(curl -s -u '{suite.client_id}:{suite.client_secret}' \\
          -d grant_type=client_credentials {gw}/oauth/token \\
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  curl -s -H "Authorization: Bearer $TOKEN" {gw}/outfall/v1/outfalls?limit=5

Ctrl-C stops everything.
""",
        flush=True,
    )


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m suitekit.supervisor")
    parser.add_argument("command", choices=["run"])
    parser.parse_args(argv)
    suite = Suite(
        data_dir=Path(os.environ.get("SUITE_DATA_DIR", "var")),
        base_port=int(os.environ.get("SUITE_BASE_PORT", "8000")),
        client_id=os.environ.get("SUITE_BOOTSTRAP_CLIENT_ID") or "city-admin",
        client_secret=os.environ.get("SUITE_BOOTSTRAP_CLIENT_SECRET") or secrets.token_urlsafe(24),
    )
    stopping = {"flag": False}

    def on_signal(_signum: int, _frame: object) -> None:
        stopping["flag"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.monotonic()
    suite.start()
    print(f"ready in {time.monotonic() - started:.1f} s", flush=True)
    _print_banner(suite)
    try:
        while not stopping["flag"]:
            for name, process in list(suite.processes.items()):
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}; stopping", flush=True)
                    stopping["flag"] = True
            time.sleep(0.5)
    finally:
        print("stopping every process...", flush=True)
        suite.stop()


if __name__ == "__main__":
    run()
