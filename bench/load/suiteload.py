"""Bounded load through the gateway: mixed reads and writes for a fixed time, loopback only.

    .venv/bin/python bench/load/suiteload.py --gateway http://127.0.0.1:8000 \
        --client-id ID --client-secret SECRET [--duration 30] [--concurrency 16]

Every acknowledged write (HTTP 201) is remembered with its body, so a caller can read each one
back afterwards (`verify_writes`). Prints throughput, p50/p99 and errors; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import itertools
import json
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

READ_SHARE = 0.7
OFFICER = {"X-Officer-Id": "officer-load-0001"}
_counter = itertools.count(1)


@dataclass(frozen=True)
class WriteKind:
    """One kind of create: where to POST, how to read it back, which fields must match."""

    name: str
    path: str
    detail: str
    make_body: Callable[[int], dict[str, Any]]
    fields: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)


def _outfall(n: int) -> dict[str, Any]:
    return {
        "survey_level": 1,
        "survey_method": "drone_remote_sensing",
        "surveyed_at": "2022-06-18T09:30:00+08:00",
        "location_name": f"负载测试点{n}",
        "jurisdiction_code": random.choice(["231002", "231003", "231083"]),
        "water_body_name": "牡丹江",
        "water_body_code": "MDJ01",
        "longitude": 129.6,
        "latitude": 44.5,
        "category": "industrial",
    }


def _credit_code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91231002LD{n % 10_000_000:07d}"
    return body + uscc.calc_check_digit(body)


def _lab(n: int) -> dict[str, Any]:
    return {
        "name": f"负载检测中心{n}-{uuid.uuid4().hex[:4]}",
        "uscc": _credit_code(n),
        "contract_start": "2022-01-01",
        "contract_end": "2030-12-31",
        "contract_fee": "100000.00",
        "capacity": 1 + n % 50,
        "scope": [{"food_category": "dairy", "test_item": "melamine"}],
    }


def _student(n: int) -> dict[str, Any]:
    return {
        "school_id": "sch_demo_mdj1",
        "student_no": f"LOAD-{uuid.uuid4().hex[:10]}",
        "name": f"负载学生{n}",
        "cohort_year": 2021,
        "takes_national_exam": bool(n % 2),
    }


@functools.cache
def registry_people(count: int = 4) -> list[tuple[str, str]]:
    """(name, id number) of lawyer-query's demo registry (same generator and seed as seed-demo)."""
    from lawyer_query.registry.synthetic import generate_people
    from lawyer_query.settings import Settings

    defaults = Settings.model_fields
    people = generate_people(
        int(defaults["demo_people"].default), seed=int(defaults["demo_seed"].default)
    )
    return [(p.name, p.id_number) for p in people][:count]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _application(n: int) -> dict[str, Any]:
    name, id_number = registry_people()[n % 4]
    letter = {"sealed": True, "states_purpose": True, "named_persons": [name]}
    return {
        "station_code": "231002-PS01",
        "lawyer_certificate_no": "12310201810000001",
        "matter_type": "litigation",
        "scope": "mudanjiang",
        "purpose": f"负载测试案件{n}",
        "materials": [
            {"kind": "application_form", "sha256": _sha("form")},
            {"kind": "introduction_letter", "sha256": _sha("letter"), **letter},
            {"kind": "power_of_attorney", "sha256": _sha("poa")},
            {"kind": "practising_certificate", "sha256": _sha("cert")},
            {"kind": "practising_certificate_copy", "sha256": _sha("copy"), "filename": "c.pdf"},
        ],
        "persons": [{"name": name, "id_number": id_number}],
    }


WRITES = (
    WriteKind(
        "outfall",
        "/outfall/v1/outfalls",
        "/outfall/v1/outfalls/{id}",
        _outfall,
        ("jurisdiction_code", "water_body_code", "category", "survey_level"),
    ),
    WriteKind("labs", "/labs/v1/labs", "/labs/v1/labs/{id}", _lab, ("name", "uscc", "capacity")),
    WriteKind(
        "credits",
        "/credits/v1/students",
        "/credits/v1/students/{id}",
        _student,
        ("student_no", "name", "cohort_year", "takes_national_exam"),
    ),
    WriteKind(
        "lawyer-query",
        "/lawyer-query/v1/applications",
        "/lawyer-query/v1/applications/{id}",
        _application,
        ("station_code", "matter_type", "scope", "lawyer_certificate_no"),
        OFFICER,
    ),
)
READS = (
    "/outfall/v1/outfalls?limit=20",
    "/outfall/v1/categories",
    "/renovation/v1/projects?limit=20",
    "/renovation/v1/tasks?limit=20",
    "/credits/v1/schools",
    "/credits/v1/students?limit=20",
    "/labs/v1/labs?limit=20",
    "/lawyer-query/v1/applications?limit=20",
)


@dataclass
class Acknowledged:
    kind: str
    id: str
    body: dict[str, Any]


@dataclass
class LoadResult:
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    by_service: Counter[str] = field(default_factory=Counter)
    acknowledged: list[Acknowledged] = field(default_factory=list)
    transport_errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def figures(self) -> dict[str, Any]:
        errors = sum(n for s, n in self.statuses.items() if s.startswith("5"))
        return {
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(self.percentile(0.50), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
            "statuses": dict(sorted(self.statuses.items())),
            "server_errors": errors,
            "transport_errors": self.transport_errors,
            "writes_acknowledged": len(self.acknowledged),
        }


def service_of(path: str) -> str:
    return urlsplit(path).path.split("/")[1]


async def _one(
    client: httpx.AsyncClient, headers: dict[str, str], result: LoadResult, writes: tuple
) -> None:
    started = time.perf_counter()
    kind: WriteKind | None = None
    try:
        if random.random() < READ_SHARE or not writes:
            path = random.choice(READS)
            response = await client.get(path, headers=headers)
        else:
            kind = random.choice(writes)
            path, body = kind.path, kind.make_body(next(_counter))
            response = await client.post(path, json=body, headers=headers | kind.headers)
    except httpx.TransportError:
        result.transport_errors += 1
        result.statuses["transport"] += 1
        return
    result.latencies_ms.append((time.perf_counter() - started) * 1000)
    result.statuses[str(response.status_code)] += 1
    result.by_service[f"{service_of(path)} {response.status_code}"] += 1
    if kind is not None and response.status_code == 201:
        result.acknowledged.append(Acknowledged(kind.name, response.json()["id"], body))


async def run_load(
    gateway: str,
    headers: dict[str, str],
    *,
    duration: float,
    concurrency: int = 16,
    writes: tuple[WriteKind, ...] = WRITES,
    result: LoadResult | None = None,
) -> LoadResult:
    """Closed-loop load: `concurrency` workers send back to back until `duration` runs out."""
    result = result or LoadResult()
    registry_people()  # built once, before the clock starts
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=gateway, timeout=30, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                await _one(client, headers, result, writes)

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.monotonic() - started
    return result


def verify_writes(
    gateway: str, headers: dict[str, str], acknowledged: list[Acknowledged]
) -> dict[str, Any]:
    """Read every acknowledged write back; count and compare the fields that must match."""
    kinds = {k.name: k for k in WRITES}
    missing, mismatched, read_back = [], [], 0
    with httpx.Client(base_url=gateway, timeout=30) as client:
        for ack in acknowledged:
            kind = kinds[ack.kind]
            response = client.get(kind.detail.format(id=ack.id), headers=headers)
            if response.status_code != 200:
                missing.append(f"{ack.kind} {ack.id}: {response.status_code}")
                continue
            read_back += 1
            stored = response.json()
            wrong = [f for f in kind.fields if str(stored.get(f)) != str(ack.body.get(f))]
            if wrong:
                mismatched.append(f"{ack.kind} {ack.id}: {wrong}")
    return {
        "written": len(acknowledged),
        "read_back": read_back,
        "content_mismatches": len(mismatched),
        "missing": missing[:20],
        "mismatch_samples": mismatched[:20],
    }


def verify_audit_chains(gateway: str, headers: dict[str, str], services: list[str]) -> dict:
    with httpx.Client(base_url=gateway, timeout=60) as client:
        answers = {s: client.get(f"/{s}/v1/audit/verify", headers=headers) for s in services}
    return {
        s: (r.json() if r.status_code == 200 else {"ok": False, "status": r.status_code})
        for s, r in answers.items()
    }


def _token(gateway: str, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{gateway}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        timeout=15,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8000")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if urlsplit(args.gateway).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("loopback only: the load run never leaves this machine")
    headers = {
        "Authorization": f"Bearer {_token(args.gateway, args.client_id, args.client_secret)}"
    }
    result = asyncio.run(
        run_load(args.gateway, headers, duration=args.duration, concurrency=args.concurrency)
    )
    report = {
        "load": result.figures(),
        "read_back": verify_writes(args.gateway, headers, result.acknowledged),
        "audit": verify_audit_chains(
            args.gateway, headers, sorted({service_of(k.path) for k in WRITES})
        ),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
