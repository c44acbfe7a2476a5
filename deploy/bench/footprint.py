"""Footprint of the compose topology on this machine (no container engine): cold-start time of
each compose wave, resident memory of each member idle and after load, and requests/s with
p50/p99 of one Postgres-backed read per service through the gateway, against the gateway's own
/healthz measured in the same run as the baseline (quote the ratios: this machine is noisy).

    .venv/bin/python deploy/bench/footprint.py [--seconds 5] [--concurrency 16] [--json out.json]

Loopback only, bounded in time; every process and database it makes is removed at the end.
Figures feed docs/scaling.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from suitedeploy.members import GATEWAY, MEMBERS, SERVICES
from suitedeploy.runner import Topology, running_topology


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def member_rss(topology: Topology) -> dict[str, float]:
    return {m.name: round(rss_mib(topology.processes[m.name].pid), 1) for m in MEMBERS}


def add_bulk_client(topology: Topology) -> tuple[str, str]:
    client_id, secret = f"bench-{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    scopes = " ".join([f"{m.name}:read" for m in SERVICES] + ["lawyer-query:supervise", "admin"])
    add = ["clients", "add", client_id, "--scopes", scopes, "--secret", secret, "--tier", "bulk"]
    subprocess.run(
        [*topology.command_for("gateway")[:-1], *add],
        env=topology.env_for("gateway"),
        cwd=topology.workdir,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return client_id, secret


async def load(
    client: httpx.AsyncClient, path: str, seconds: float, concurrency: int
) -> dict[str, object]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await client.get(path)
            latencies.append(time.perf_counter() - started)
            statuses[response.status_code] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "non_200": sum(n for status, n in statuses.items() if status != 200),
        "statuses": dict(statuses),
    }


async def measure_throughput(
    topology: Topology, credentials: tuple[str, str], seconds: float, concurrency: int
) -> dict[str, dict[str, float]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=topology.url(GATEWAY), timeout=30, limits=limits
    ) as client:
        token = await client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=credentials
        )
        token.raise_for_status()
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        results = {
            "gateway /healthz (baseline)": await load(client, "/healthz", seconds, concurrency)
        }
        for member in SERVICES:
            path = f"/{member.name}/v1/audit?limit=1"
            results[f"{member.name} audit?limit=1"] = await load(client, path, seconds, concurrency)
    baseline = results["gateway /healthz (baseline)"]["rps"]
    for figures in results.values():
        figures["ratio_to_baseline"] = round(figures["rps"] / baseline, 3)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="footprint-") as scratch:
        started = time.perf_counter()
        with running_topology(Path(scratch)) as topology:
            report["cold_start_seconds"] = round(time.perf_counter() - started, 1)
            report["wave_seconds"] = topology.wave_seconds
            report["rss_idle_mib"] = member_rss(topology)
            credentials = add_bulk_client(topology)
            report["throughput"] = asyncio.run(
                measure_throughput(topology, credentials, args.seconds, args.concurrency)
            )
            report["rss_after_load_mib"] = member_rss(topology)
    report["machine"] = {"cores": len(os.sched_getaffinity(0)), "loadavg": os.getloadavg()}
    report["settings"] = {"seconds": args.seconds, "concurrency": args.concurrency}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
