"""Tip-offs from the public (§六(七) 鼓励公众举报身边的违法排污行为): intake with a rate limit
per sender address, the receipt a resident keeps, and the officials' audited steps."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from fastapi import Request
from sqlalchemy import func
from sqlmodel import Session, col, select

from outfall.models import TipOff
from outfall.rules.errors import TransitionRefused
from outfall.rules.tipoffs import (
    TipOffAction,
    TipOffStatus,
    next_status,
    photo_type,
    within_rate_limit,
)
from suitekit import audit
from suitekit.errors import NotFound, ProblemError, invalid_transition
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow

RATE_WINDOW = timedelta(hours=1)


class TooManyTipOffs(ProblemError):
    status, code, title = 429, "tip_off_rate_limited", "Too many tip-offs"


def sender_address(request: Request) -> str:
    """The resident's address: the gateway's X-Forwarded-For entry (the last one; anything
    before it was written by the caller), else the direct peer."""
    forwarded = request.headers.getlist("x-forwarded-for")
    if forwarded:
        return forwarded[-1].split(",")[-1].strip()
    return request.client.host if request.client else "-"


def address_hash(address: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()


def check_rate(session: Session, *, source_hash: str, limit: int) -> None:
    since = utcnow() - RATE_WINDOW
    recent = session.exec(
        select(func.count())
        .select_from(TipOff)
        .where(TipOff.source_hash == source_hash, col(TipOff.created_at) >= since)
    ).one()
    if not within_rate_limit(recent, limit):
        raise TooManyTipOffs(
            f"at most {limit} tip-offs an hour from one address; please try again later",
            headers={"Retry-After": str(int(RATE_WINDOW.total_seconds()))},
        )


def receive(
    *,
    session: Session,
    caller: Caller,
    location: str,
    description: str,
    contact: str | None,
    source_hash: str,
    limit: int,
    outfall_code: str | None = None,
    photo: bytes | None = None,
    longitude: float | None = None,
    latitude: float | None = None,
) -> TipOff:
    check_rate(session, source_hash=source_hash, limit=limit)
    tip = TipOff(
        id=new_id("tip"),
        location=location,
        description=description,
        contact=contact or None,
        longitude=longitude,
        latitude=latitude,
        outfall_code=outfall_code,
        photo=photo,
        photo_type=photo_type(photo) if photo else None,
        source_hash=source_hash,
    )
    session.add(tip)
    # the contact and the address are personal data: they stay out of the audit entry
    audit.record(
        session,
        caller=caller,
        action="tip_off",
        entity_type="tip_off",
        entity_id=tip.id,
        division=None,  # city staff triage public tip-offs (city-level entries)
        data={
            "location": location,
            **({"outfall_code": outfall_code} if outfall_code else {}),
            **({"photo": True} if photo else {}),
        },
    )
    session.commit()
    session.refresh(tip)
    return tip


def by_receipt(session: Session, receipt: str) -> TipOff:
    tip = session.get(TipOff, receipt.strip())
    if tip is None:
        raise NotFound("no tip-off with this receipt number", code="tip_off_not_found")
    return tip


def move(
    *, session: Session, tip_id: str, action: TipOffAction, note: str, caller: Caller
) -> TipOff:
    """Forward to the responsible unit, or close as handled; checked and audited."""
    tip = by_receipt(session, tip_id)
    before = tip.status
    try:
        tip.status = next_status(tip.status, action).value
    except TransitionRefused as refused:
        raise invalid_transition(refused.current, refused.action, refused.allowed) from None
    now = utcnow()
    if action is TipOffAction.FORWARD:
        tip.forwarded_to, tip.forwarded_at = note, now
    else:
        tip.handled_note, tip.handled_at = note, now
    session.add(tip)
    audit.record(
        session,
        caller=caller,
        action=f"tip_off_{action.value}",
        entity_type="tip_off",
        entity_id=tip.id,
        division=None,  # city staff triage public tip-offs (city-level entries)
        data={"from": before, "to": tip.status, "note": note},
    )
    session.commit()
    session.refresh(tip)
    return tip


__all__ = ["TipOffStatus", "TooManyTipOffs", "by_receipt", "move", "receive", "sender_address"]
