"""One gateway started with several workers (`suite serve --workers 2`, real processes): a scrape
of /metrics on the operations listener (a thread of the serving process) reports every
worker's requests (Prometheus multiprocess mode), not one worker's share."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.test_gateway_replicas import ECHO_CWD, _free_port, _wait_ready

REQUESTS = 60


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    data_dir = tmp_path_factory.mktemp("gateway-workers")
    port, echo_port, ops_port = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        "GATEWAY_OPS_PORT": str(ops_port),
        "GATEWAY_DATABASE_URL": f"sqlite:///{data_dir / 'gateway.db'}",
        "GATEWAY_SIGNING_KEY_DIR": str(data_dir / "keys"),
        "GATEWAY_UPSTREAM_OUTFALL": f"http://127.0.0.1:{echo_port}",
        "GATEWAY_RATE_TIERS": json.dumps({"standard": {"rate": 1000, "burst": 1000}}),
        "PROMETHEUS_MULTIPROC_DIR": str(data_dir / "metrics"),
    }
    env.pop("GATEWAY_REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "gateway", "migrate"], env=env, check=True)
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway",
            "clients",
            "add",
            f"w-{uuid.uuid4().hex[:8]}",
            "--scopes",
            "outfall:read",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    client = json.loads(added.stdout)
    log = open(data_dir / "gateway.log", "wb")  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gateway", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gateway_tests.support.echo_upstream",
                str(echo_port),
                f"http://127.0.0.1:{port}/.well-known/jwks.json",
                "outfall",
            ],
            cwd=ECHO_CWD,
            env={**env, "PYTHONPATH": str(ECHO_CWD)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(f"{base}/readyz")
        _wait_ready(f"http://127.0.0.1:{echo_port}/readyz")
        token = httpx.post(
            f"{base}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client["client_id"], client["client_secret"]),
            timeout=30,
        ).json()["access_token"]
        _wait_ready(f"http://127.0.0.1:{ops_port}/healthz")
        yield (
            base,
            {
                "Authorization": f"Bearer {token}",
                "_dir": env["PROMETHEUS_MULTIPROC_DIR"],
                "_ops": f"http://127.0.0.1:{ops_port}",
                "_master": str(processes[0].pid),
            },
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _proxied_total(metrics: str) -> float:
    pattern = re.compile(r"^gateway_requests_total\{.*upstream=\"outfall\".*\} (\S+)$", re.M)
    return sum(float(value) for value in pattern.findall(metrics))


def _scrape(base: str) -> float:
    with httpx.Client(base_url=base, timeout=30) as http:
        return _proxied_total(http.get("/metrics").text)


def test_every_scrape_counts_the_requests_of_every_worker(
    two_workers: tuple[str, dict[str, str]],
) -> None:
    base, headers = two_workers[0], dict(two_workers[1])
    metrics_dir = Path(headers.pop("_dir"))
    ops = headers.pop("_ops")  # the operations listener, in the serving (master) process
    master = headers.pop("_master")
    for _ in range(REQUESTS):  # a new connection each time: the kernel spreads them
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.get("/outfall/v1/cheap", headers=headers).status_code == 200
    worker_pids = {
        match[1]
        for path in metrics_dir.glob("counter_*.db")
        if (match := re.fullmatch(r"counter_(\d+)\.db", path.name)) and match[1] != master
    }
    assert len(worker_pids) == 2, "both workers should have served (and counted) requests"
    deadline = time.monotonic() + 5  # a request is counted just after its answer is sent
    while _scrape(ops) < REQUESTS and time.monotonic() < deadline:
        time.sleep(0.05)
    for _ in range(3):
        assert _scrape(ops) == REQUESTS
