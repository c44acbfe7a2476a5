"""The background task that signs audit checkpoints every N entries or M seconds."""

import asyncio
import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from suitekit.audit_checkpoints import Signer, is_due
from suitekit.db import open_write_session
from suitekit.settings import ServiceSettings

log = logging.getLogger("suitekit.audit")


def tick(engine: Engine, signer: Signer, settings: ServiceSettings) -> None:
    """Decide on a read-only session (no write lock while nothing is due), then sign."""
    with Session(engine) as reading:
        due = is_due(
            reading,
            every_entries=settings.audit_checkpoint_every_entries,
            every_seconds=settings.audit_checkpoint_every_seconds,
        )
    if not due:
        return
    session = open_write_session(engine)
    try:
        signer.sign(session)
        session.commit()
    finally:
        session.close()


async def run_checkpoints(engine: Engine, signer: Signer, settings: ServiceSettings) -> None:
    """Runs until cancelled; a failed tick (database away, a concurrent replica signing the
    same length) is logged and retried at the next one."""
    while True:
        await asyncio.sleep(settings.audit_checkpoint_poll_seconds)
        try:
            await run_in_threadpool(tick, engine, signer, settings)
        except SQLAlchemyError as exc:
            log.warning("audit checkpoint tick failed", extra={"error": type(exc).__name__})
