"""Read side of the audit chain: search and verification, for supervisors."""

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import select

from suitekit.audit import AuditEntry, verify_chain
from suitekit.db import SessionDep
from suitekit.identity import RequireScope
from suitekit.pagination import CursorQuery, LimitQuery, Page, paginate
from suitekit.timeutil import as_aware


class AuditEntryPublic(BaseModel):
    seq: int
    at: datetime
    actor: str
    officer_id: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    reason: str | None
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> "AuditEntryPublic":
        return cls(
            **{**entry.model_dump(), "at": as_aware(entry.at), "data": json.loads(entry.data)}
        )


class ChainVerification(BaseModel):
    ok: bool
    entries: int
    first_bad_seq: int | None
    problem: str | None


def audit_router(*read_scopes: str) -> APIRouter:
    router = APIRouter(prefix="/v1/audit", tags=["audit"])

    @router.get("", response_model=Page[AuditEntryPublic], summary="search the audit log")
    def search_audit(
        session: SessionDep,
        _caller: Any = RequireScope(*read_scopes),
        entity_type: str | None = None,
        entity_id: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: LimitQuery = 50,
        cursor: CursorQuery = None,
    ) -> Page[AuditEntryPublic]:
        statement = select(AuditEntry)
        for column, value in (
            (AuditEntry.entity_type, entity_type),
            (AuditEntry.entity_id, entity_id),
            (AuditEntry.actor, actor),
            (AuditEntry.action, action),
        ):
            if value is not None:
                statement = statement.where(column == value)
        rows, next_cursor = paginate(
            session,
            statement,
            key=AuditEntry.seq,
            key_of=lambda e: e.seq,
            limit=limit,
            cursor=cursor,
        )
        return Page(items=[AuditEntryPublic.of(e) for e in rows], next_cursor=next_cursor)

    @router.get("/verify", response_model=ChainVerification, summary="verify the hash chain")
    def verify_audit(
        session: SessionDep, _caller: Any = RequireScope(*read_scopes)
    ) -> ChainVerification:
        report = verify_chain(session)
        return ChainVerification(**report.__dict__)

    return router
