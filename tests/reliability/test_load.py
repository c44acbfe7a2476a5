"""Bounded load through the gateway, then every acknowledged write read back (part 4).

RELIABILITY_LOAD_SECONDS (default 30) of closed-loop mixed reads and writes from
RELIABILITY_LOAD_CONCURRENCY (default 16) connections, loopback only, stopping by itself.
"""

from __future__ import annotations

import asyncio
import os

import suiteload
from relkit import figures
from relkit.harness import SuiteUnderTest, running_services


def test_load_loses_no_acknowledged_write_and_every_audit_chain_verifies(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    duration = float(os.environ.get("RELIABILITY_LOAD_SECONDS", "30"))
    concurrency = int(os.environ.get("RELIABILITY_LOAD_CONCURRENCY", "16"))
    result = asyncio.run(
        suiteload.run_load(
            sut.gateway_url, full_headers, duration=duration, concurrency=concurrency
        )
    )
    load = result.figures()
    read_back = suiteload.verify_writes(sut.gateway_url, full_headers, result.acknowledged)
    services = [m.name for m in running_services()]
    audit = suiteload.verify_audit_chains(sut.gateway_url, full_headers, services)
    figures.record(
        "load",
        concurrency=concurrency,
        **load,
        by_service=dict(sorted(result.by_service.items())),
        **{f"read_back_{k}": v for k, v in read_back.items()},
        audit={s: a.get("ok") for s, a in audit.items()},
        audit_entries={s: a.get("entries") for s, a in audit.items()},
    )
    assert result.requests > 0 and read_back["written"] > 0
    assert load["statuses"].get("500", 0) == 0, load["statuses"]
    assert read_back["read_back"] == read_back["written"], read_back["missing"]
    assert read_back["content_mismatches"] == 0, read_back["mismatch_samples"]
    assert all(a.get("ok") for a in audit.values()), audit
