"""Retention of the kit's own records that would otherwise grow without bound.

What is kept how long and why: docs/runbook.md, "Retention". Domain records (the outfall
ledger: at least 5 years, 牡政发〔2022〕11号 §五(四); lawyer-query applications and materials:
archived, 牡公规〔2022〕1号 第十条, no end given) and the audit chain are never deleted here.
"""

import asyncio
import logging
from datetime import datetime, timedelta

from prometheus_client import Counter
from sqlalchemy import Engine, delete
from starlette.concurrency import run_in_threadpool

from suitekit.db import open_write_session
from suitekit.idempotency import IdempotencyRecord
from suitekit.timeutil import utcnow

log = logging.getLogger("suitekit.retention")

# issue 21: an Idempotency-Key is honoured for 24 hours after its request; a retry later than
# that is a new request. A record never completed that old is the lock of a crashed request.
IDEMPOTENCY_KEEP = timedelta(hours=24)

DELETED = Counter(
    "suite_retention_deleted_total", "Rows deleted by the retention job", ["service", "table"]
)


def idempotency_cutoff(now: datetime, keep: timedelta = IDEMPOTENCY_KEEP) -> datetime:
    """Records created before this instant are past their retention."""
    return now - keep


def prune_idempotency(
    engine: Engine, *, now: datetime | None = None, keep: timedelta = IDEMPOTENCY_KEEP
) -> int:
    cutoff = idempotency_cutoff(now or utcnow(), keep)
    session = open_write_session(engine)
    try:
        result = session.exec(  # type: ignore[call-overload]
            delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff)  # type: ignore[arg-type]
        )
        session.commit()
        return int(result.rowcount or 0)
    finally:
        session.close()


def run_retention(engine: Engine, service: str, *, keep: timedelta = IDEMPOTENCY_KEEP) -> int:
    deleted = prune_idempotency(engine, keep=keep)
    DELETED.labels(service, "idempotency_record").inc(deleted)
    if deleted:
        log.info("retention: %d idempotency records older than %s deleted", deleted, keep)
    return deleted


async def retention_forever(
    engine: Engine, service: str, *, interval_seconds: float, keep: timedelta
) -> None:
    while True:
        try:
            await run_in_threadpool(run_retention, engine, service, keep=keep)
        except Exception:
            log.exception("retention run failed; retried at the next interval")
        await asyncio.sleep(interval_seconds)
