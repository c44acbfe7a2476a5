"""outfall benchmark on Postgres (issue 4): batch ingestion and the progress report.

    .venv/bin/python bench/outfall/bench_outfall.py --outfalls 100000 --tests 1000000

1. Batch ingestion of rapid tests through the running service (uvicorn process, HTTP,
   10,000 rows per request, validation + evaluation + lab tasks + outfall summaries +
   enforcement flags + audit) vs a bare SQLAlchemy Core insert of the same rows into the
   same table of a twin database, batch by batch in turn so both see the same load on a
   shared machine. Target ratio (service / bare) >= 0.3.
2. The progress report (GET /v1/reports/progress over HTTP) vs a single
   `count(*) ... GROUP BY jurisdiction, category, status` on the same table. Target <= 3.

Each run makes two fresh databases on TEST_DATABASE_URL's server (default the local
Postgres) and drops them at the end. Prints medians and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import insert, text

from outfall.app import MIGRATIONS_DIR
from outfall.models import Outfall, WaterTest
from outfall.monitoring.service import exceedances_json
from outfall.rules import enforcement, water_quality
from outfall.service import load_reference_data
from suitekit.db import make_engine
from suitekit.migrations import upgrade_to_head
from suitekit.testing import TestIdentity, postgres_admin_url

JURISDICTIONS = [
    "231002",
    "231003",
    "231004",
    "231005",
    "231025",
    "231081",
    "231083",
    "231084",
    "231085",
    "231086",
    "KFQ",
    "JPH",
]
CATEGORIES = ["industrial", "urban_wastewater_plant", "agricultural", "other"]
STATUSES = [
    "discovered",
    "confirmed",
    "traced",
    "remediation_planned",
    "remediated",
    "standardized",
    "closed",
    "dismissed",
]
BATCH = 10_000
START = datetime(2022, 6, 16, tzinfo=UTC)


def make_database() -> tuple[str, str]:
    admin = postgres_admin_url()
    name = f"bench_outfall_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{admin.rpartition('/')[0]}/{name}", name


def drop_database(name: str) -> None:
    with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed_outfalls(url: str, count: int, rng: random.Random) -> list[str]:
    """Synthetic register rows (not measured); active outfalls only take tests."""
    upgrade_to_head(MIGRATIONS_DIR, url)
    engine = make_engine(url)
    load_reference_data(engine)
    now, rows, active = datetime.now(UTC), [], []
    for i in range(count):
        status = STATUSES[i % len(STATUSES)]
        oid = f"of_{i:012d}"
        rows.append(
            {
                "id": oid,
                "code": f"MDJ01{i:014d}",
                "name": f"基准{i}排污口",
                "jurisdiction_code": JURISDICTIONS[i % len(JURISDICTIONS)],
                "water_body_name": "牡丹江",
                "water_body_code": "MDJ01",
                "longitude": 129.6 + rng.random(),
                "latitude": 44.5 + rng.random(),
                "category": CATEGORIES[i % len(CATEGORIES)],
                "status": status,
                "survey_level": 1,
                "survey_method": "drone_remote_sensing",
                "needs_level3": False,
                "hardware": "[]",
                "software": "[]",
                "paper_ledger": False,
                "tests_count": 0,
                "open_lab_tasks": 0,
                "enforcement_flag": False,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        if status not in ("closed", "dismissed", "merged"):
            active.append(oid)
    with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(Outfall.__table__), rows[i : i + 5000])
    engine.dispose()
    return active


def synthetic_tests(active: list[str], count: int, rng: random.Random) -> list[dict[str, Any]]:
    tests = []
    for i in range(count):
        abnormal = rng.random() < 0.05
        tests.append(
            {
                "outfall_id": rng.choice(active),
                "ph": round(rng.uniform(6.5, 8.5), 2),
                "cod_mg_l": round(rng.uniform(101, 200) if abnormal else rng.uniform(5, 90), 2),
                "nh3n_mg_l": round(rng.uniform(0.1, 8), 2),
                "tp_mg_l": round(rng.uniform(0.01, 0.9), 3),
                "flow_m3_d": round(rng.uniform(1, 500), 1),
                "flow_method": "volumetric",
                "sampled_at": (START + timedelta(seconds=i)).isoformat(),
                "sampler": "bench",
            }
        )
    return tests


def free_port() -> int:
    for port in range(18600, 18700):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 18600-18699")


def start_service(url: str, identity: TestIdentity, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OUTFALL_DATABASE_URL": url,
        "OUTFALL_IDENTITY_JWKS": identity.jwks_json,
        "OUTFALL_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "outfall", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("service did not become ready")


def post_batch(client: httpx.Client, batch: list[dict]) -> float:
    started = time.perf_counter()
    client.post("/v1/rapid-tests/batch", json={"items": batch}).raise_for_status()
    return time.perf_counter() - started


def bare_rows(tests: list[dict]) -> list[dict[str, Any]]:
    """The same rows as the service stores, derived columns computed outside the timing."""
    now, rows = datetime.now(UTC), []
    for i, t in enumerate(tests):
        values = {k: Decimal(str(t[k])) for k in ("ph", "cod_mg_l", "nh3n_mg_l", "tp_mg_l")}
        evaluation = water_quality.evaluate(values)
        exceeds, by_40 = enforcement.test_flags(evaluation.exceedances)
        rows.append(
            {
                **values,
                "id": f"wt_{i:016x}",
                "outfall_id": t["outfall_id"],
                "kind": "rapid",
                "sampled_at": datetime.fromisoformat(t["sampled_at"]),
                "sampler": t["sampler"],
                "flow_m3_d": Decimal(str(t["flow_m3_d"])),
                "flow_method": t["flow_method"],
                "abnormal_color": False,
                "abnormal_odor": False,
                "abnormal": evaluation.abnormal,
                "exceeds": exceeds,
                "exceeds_by_40pct": by_40,
                "exceedances": exceedances_json(evaluation),
                "lab_task_id": None,
                "created_at": now,
            }
        )
    return rows


def insert_bare(engine: Any, rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(WaterTest.__table__), rows)
    return time.perf_counter() - started


def ingest_interleaved(
    base: str, headers: dict[str, str], tests: list[dict], bare_url: str
) -> tuple[list[float], list[float]]:
    """Batch i through the service, then the same rows bare: both see the same machine load."""
    rows = bare_rows(tests)
    engine = make_engine(bare_url)
    service_times, bare_times = [], []
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
        for i in range(0, len(tests), BATCH):
            service_times.append(post_batch(client, tests[i : i + BATCH]))
            bare_times.append(insert_bare(engine, rows[i : i + BATCH]))
    engine.dispose()
    return service_times, bare_times


def median_seconds(action: Any, runs: int) -> float:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outfalls", type=int, default=100_000)
    parser.add_argument("--tests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(4)
    service_url, service_db = make_database()
    bare_url, bare_db = make_database()
    process = None
    try:
        print(f"seeding {args.outfalls:,} outfalls into two databases ...", flush=True)
        active = seed_outfalls(service_url, args.outfalls, random.Random(1))
        seed_outfalls(bare_url, args.outfalls, random.Random(1))
        tests = synthetic_tests(active, args.tests, rng)
        identity = TestIdentity()
        headers = identity.headers("outfall", ["outfall:read", "outfall:write"], ttl=7200)
        port = free_port()
        process = start_service(service_url, identity, port)
        base = f"http://127.0.0.1:{port}"

        service_times, bare_times = ingest_interleaved(base, headers, tests, bare_url)
        service_rate = args.tests / sum(service_times)
        bare_rate = args.tests / sum(bare_times)
        per_batch = statistics.median(bare_times) / statistics.median(service_times)
        print(
            f"ingestion  service: {service_rate:>10,.0f} rows/s ({sum(service_times):.1f} s, "
            f"median batch {statistics.median(service_times):.2f} s)"
        )
        print(
            f"ingestion  bare   : {bare_rate:>10,.0f} rows/s ({sum(bare_times):.1f} s, "
            f"median batch {statistics.median(bare_times):.2f} s)"
        )
        print(
            f"ingestion  ratio service/bare = {service_rate / bare_rate:.2f} overall, "
            f"{per_batch:.2f} on median batches (target >= 0.3)"
        )

        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:

            def report() -> None:
                client.get(
                    "/v1/reports/progress", params={"as_of": "2022-09-01"}
                ).raise_for_status()

            report_s = median_seconds(report, args.runs)
        engine = make_engine(service_url)
        group_by = text(
            "SELECT jurisdiction_code, category, status, count(*) FROM outfall "
            "GROUP BY jurisdiction_code, category, status"
        )

        def count_group_by() -> None:
            with engine.connect() as conn:
                conn.execute(group_by).all()

        count_s = median_seconds(count_group_by, args.runs)
        engine.dispose()
        print(f"report     progress (HTTP): {report_s * 1000:>8.1f} ms median of {args.runs}")
        print(f"report     count group by : {count_s * 1000:>8.1f} ms median of {args.runs}")
        print(f"report     ratio progress/count = {report_s / count_s:.2f} (target <= 3)")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        drop_database(service_db)
        drop_database(bare_db)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
