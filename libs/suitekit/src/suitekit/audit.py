"""Append-only audit log; each entry's hash covers the previous entry's hash (tamper evidence).

Every entry carries the division of its entity (and, where a finer unit such as a school can
hold a client, that unit): reads are scoped by them like the entity itself. Entries written
since digest version 2 seal both in their hash; older entries got them by a backfill that
cannot change their hash, so for those the columns are an index, not evidence.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Text
from sqlmodel import Field, Session, SQLModel, select

from suitekit.context import request_id_var
from suitekit.identity import Caller
from suitekit.timeutil import as_aware, utcnow

GENESIS_HASH = "0" * 64
DIGEST_VERSION = 2


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True)
    at: datetime
    actor: str = Field(max_length=128, index=True)
    officer_id: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=128)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=64)
    entity_id: str = Field(max_length=128, index=True)
    division: str | None = Field(default=None, max_length=16, index=True)
    unit: str | None = Field(default=None, max_length=64)
    digest_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    reason: str | None = Field(default=None, sa_type=Text)
    data: str = Field(default="{}", sa_type=Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """One row: the chain's tip. Locking it serialises appends on Postgres."""

    __tablename__ = "audit_head"

    id: int = Field(primary_key=True)
    seq: int
    last_hash: str = Field(max_length=64)


class AuditCheckpoint(SQLModel, table=True):
    """One signed statement per chain length: 'the first `entries` entries end in head_hash'."""

    __tablename__ = "audit_checkpoint"

    entries: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    head_hash: str = Field(max_length=64)
    at: datetime
    key_id: str = Field(max_length=32)
    signature: str = Field(max_length=128)


class ChainLink(Protocol):
    """What an entry's hash covers: a stored `AuditEntry` or a line of an export."""

    seq: int
    at: datetime
    actor: str
    officer_id: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    division: str | None
    unit: str | None
    digest_version: int
    reason: str | None
    data: str
    prev_hash: str
    hash: str


def entry_digest(entry: ChainLink) -> str:
    payload = {
        "seq": entry.seq,
        "at": as_aware(entry.at).astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "officer_id": entry.officer_id,
        "request_id": entry.request_id,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "reason": entry.reason,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    if entry.digest_version >= 2:
        payload |= {"division": entry.division, "unit": entry.unit, "v": entry.digest_version}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, last_hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    return head


def record(
    session: Session,
    *,
    caller: Caller,
    action: str,
    entity_type: str,
    entity_id: str,
    division: str | None,
    unit: str | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (committed with the change it records).

    `division` is the GB/T 2260 code the entity belongs to (None: a city-level record, seen
    only by city-wide callers); `unit` a finer code a client may hold (a school)."""
    head = _lock_head(session)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=utcnow(),
        actor=caller.client_id,
        officer_id=caller.officer_id,
        request_id=request_id_var.get(),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        division=division,
        unit=unit,
        digest_version=DIGEST_VERSION,
        reason=reason,
        data=json.dumps(data or {}, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_digest(entry)
    head.seq, head.last_hash = entry.seq, entry.hash
    session.add(entry)
    session.add(head)
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None


ChainCheck = Callable[[Session], ChainReport | None]
"""A service's extra verification of rows the chain vouches for (None: all fine)."""


def verify_chain(
    session: Session, *, batch: int = 5000, checks: tuple[ChainCheck, ...] = ()
) -> ChainReport:
    report = _verify_links(session, batch=batch)
    if not report.ok:
        return report
    for check in checks:
        problem = check(session)
        if problem is not None:
            return replace(problem, entries=report.entries)
    return report


def _verify_links(session: Session, *, batch: int) -> ChainReport:
    expected_prev, expected_seq, count, last_seq = GENESIS_HASH, 1, 0, 0
    while True:
        rows = session.exec(
            select(AuditEntry)
            .where(AuditEntry.seq > last_seq)
            .order_by(AuditEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(False, count, expected_seq, "entry missing")
            if entry.prev_hash != expected_prev:
                return ChainReport(False, count, entry.seq, "link to previous entry broken")
            if entry_digest(entry) != entry.hash:
                return ChainReport(False, count, entry.seq, "entry content altered")
            expected_prev, expected_seq, count = entry.hash, entry.seq + 1, count + 1
        last_seq = rows[-1].seq
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.last_hash != expected_prev):
        return ChainReport(False, count, count + 1, "entries removed from the end")
    return ChainReport(True, count)


def history(session: Session, entity_type: str, entity_id: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.seq)
        ).all()
    )
