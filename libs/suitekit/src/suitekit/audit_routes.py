"""Read side of the audit chain: search (scoped like the entities), and for city-wide chain
readers the whole chain: verification, export and signed checkpoints."""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlmodel import Session, select

from suitekit.audit import AuditCheckpoint, AuditEntry, ChainCheck, verify_chain
from suitekit.audit_checkpoints import Signer, key_id_of, public_key_b64
from suitekit.audit_offline import checkpoint_public, export_chain
from suitekit.audit_scope import ADMIN, ensure_whole_chain_reader, visible_entries
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope
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
    division: str | None
    unit: str | None
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


class CheckpointPublic(BaseModel):
    service: str
    entries: int
    head_hash: str
    time: str
    key_id: str
    signature: str


class CheckpointsPublic(BaseModel):
    service: str
    algorithm: str = "Ed25519"
    public_key: str
    key_id: str
    checkpoints: list[CheckpointPublic]


Position = Annotated[int, Query(ge=0, le=2**53)]


def _signer(request: Request) -> Signer:
    signer: Signer = request.app.state.audit_signer
    return signer


def audit_router(
    *read_scopes: str,
    chain_scopes: Sequence[str] = (ADMIN,),
    checks: tuple[ChainCheck, ...] = (),
) -> APIRouter:
    router = APIRouter(prefix="/v1/audit", tags=["audit"])
    readers = RequireScope(*read_scopes, *chain_scopes)

    @router.get("", response_model=Page[AuditEntryPublic], summary="search the audit log")
    def search_audit(
        session: SessionDep,
        caller: Caller = readers,
        entity_type: str | None = None,
        entity_id: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: LimitQuery = 50,
        cursor: CursorQuery = None,
    ) -> Page[AuditEntryPublic]:
        """Entries of the entities this caller may see (division or unit covered)."""
        statement = select(AuditEntry)
        scope = visible_entries(caller)
        if scope is not None:
            statement = statement.where(scope)
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
    def verify_audit(session: SessionDep, caller: Caller = readers) -> ChainVerification:
        ensure_whole_chain_reader(caller, chain_scopes)
        report = verify_chain(session, checks=checks)
        return ChainVerification(**report.__dict__)

    @router.get("/export", summary="the whole chain as JSON lines, as hashed")
    def export_audit(
        session: SessionDep, caller: Caller = readers, after_seq: Position = 0
    ) -> StreamingResponse:
        """Read in full before answering: the session is closed once the route returns."""
        ensure_whole_chain_reader(caller, chain_scopes)
        lines = list(export_chain(session, after_seq=after_seq))
        return StreamingResponse(
            iter(lines),
            media_type="application/x-ndjson",
            headers={"Cache-Control": "no-store"},
        )

    @router.get("/checkpoints", response_model=CheckpointsPublic, summary="signed chain heads")
    def list_checkpoints(
        request: Request,
        session: SessionDep,
        caller: Caller = readers,
        from_entries: Position = 0,
        limit: LimitQuery = 500,
    ) -> CheckpointsPublic:
        ensure_whole_chain_reader(caller, chain_scopes)
        return _checkpoints_page(request, session, from_entries, limit)

    @router.post(
        "/checkpoints", response_model=CheckpointPublic, summary="sign the current head now"
    )
    def create_checkpoint(
        request: Request, session: SessionDep, caller: Caller = readers
    ) -> CheckpointPublic:
        ensure_whole_chain_reader(caller, chain_scopes)
        signer = _signer(request)
        checkpoint = signer.sign(session)
        session.commit()
        return CheckpointPublic(**checkpoint_public(signer.service, checkpoint))

    return router


def _checkpoints_page(
    request: Request, session: Session, from_entries: int, limit: int
) -> CheckpointsPublic:
    signer = _signer(request)
    rows = session.exec(
        select(AuditCheckpoint)
        .where(AuditCheckpoint.entries >= from_entries)
        .order_by(AuditCheckpoint.entries)  # type: ignore[arg-type]
        .limit(limit)
    ).all()
    return CheckpointsPublic(
        service=signer.service,
        public_key=public_key_b64(signer.public_key),
        key_id=key_id_of(signer.public_key),
        checkpoints=[CheckpointPublic(**checkpoint_public(signer.service, r)) for r in rows],
    )
