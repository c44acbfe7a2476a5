"""Scheduled verification of a member's audit chain, exported as metrics for the alerts
`AuditChainBroken` and `AuditChainVerificationStale` (deploy/prometheus/alerts.yml).

Reads the chain with the kit's own `verify_chain` (suitekit.audit); writes nothing.
"""

import asyncio
import logging
import time

from prometheus_client import Gauge
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from suitekit.audit import ChainCheck, ChainReport, verify_chain

log = logging.getLogger("suitekit.audit_watch")

CHAIN_OK = Gauge(
    "suite_audit_chain_ok",
    "1 when the last scheduled verification of the audit chain passed, 0 when it found a break",
    ["service"],
    multiprocess_mode="min",
)
CHAIN_VERIFIED_AT = Gauge(
    "suite_audit_chain_last_verified_timestamp_seconds",
    "When the audit chain was last verified to the end (pass or fail)",
    ["service"],
    multiprocess_mode="max",
)
CHAIN_ENTRIES = Gauge(
    "suite_audit_chain_entries",
    "Entries checked by the last verification",
    ["service"],
    multiprocess_mode="max",
)


def verify_and_export(
    engine: Engine, service: str, checks: tuple[ChainCheck, ...] = ()
) -> ChainReport:
    """`checks`: the service's own (lawyer-query's access rows), as `/v1/audit/verify` runs them."""
    with Session(engine) as session:
        report = verify_chain(session, checks=checks)
    CHAIN_OK.labels(service).set(1 if report.ok else 0)
    CHAIN_ENTRIES.labels(service).set(report.entries)
    CHAIN_VERIFIED_AT.labels(service).set(time.time())
    if not report.ok:
        log.error("audit chain broken at entry %s: %s", report.first_bad_seq, report.problem)
    return report


async def watch_audit_chain(
    engine: Engine, service: str, interval_seconds: float, checks: tuple[ChainCheck, ...] = ()
) -> None:
    """Verify now, then every `interval_seconds`, until cancelled; a failed look (database
    down) is logged and retried at the next interval: the timestamp then goes stale."""
    while True:
        try:
            await run_in_threadpool(verify_and_export, engine, service, checks)
        except Exception:
            log.exception("audit chain verification could not run")
        await asyncio.sleep(interval_seconds)
