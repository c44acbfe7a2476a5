"""Shared helpers of the use cases: loading an outfall within the caller's reach, errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlmodel import Session, select

from outfall.models import Outfall
from outfall.rules import RuleViolation, TransitionRefused
from suitekit.audit import AuditHead
from suitekit.errors import InvalidInput, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.timeutil import utcnow


def problem_of(
    violation: RuleViolation, *, prefix: str = "body", fields: Mapping[str, str] | None = None
) -> InvalidInput:
    """``fields`` renames a rule's argument to the request's own field name."""
    name = (fields or {}).get(violation.field_name or "", violation.field_name)
    field = f"{prefix}.{name}" if name else prefix
    extra = {"clause": violation.clause} if violation.clause else {}
    return InvalidInput(
        violation.message,
        code=violation.code,
        errors=[{"field": field, "message": violation.message}],
        **extra,
    )


@contextmanager
def rules_as_problems(
    prefix: str = "body", fields: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Turn rule exceptions into problem+json errors (422 / 409)."""
    try:
        yield
    except RuleViolation as violation:
        raise problem_of(violation, prefix=prefix, fields=fields) from violation
    except TransitionRefused as refused:
        raise invalid_transition(refused.current, refused.action, refused.allowed) from refused


def serialise_writers(session: Session) -> None:
    """Take the audit chain's head lock first, as every writing use case here does.

    Every write appends to the audit chain, whose head row lock is held until commit; taking
    it before any outfall row lock gives all writers one lock order (no deadlocks) and lets
    the batch ingestion read outfalls without locking each row.
    """
    session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()


def visible_outfall(
    session: Session, outfall_id: str, caller: Caller, *, for_update: bool = False
) -> Outfall:
    """The outfall if the caller's jurisdiction covers it; 404 otherwise (never 403)."""
    statement = select(Outfall).where(Outfall.id == outfall_id)
    if for_update:
        serialise_writers(session)
        statement = statement.with_for_update()
    outfall = session.exec(statement).first()
    if outfall is None or not caller.covers(outfall.jurisdiction_code):
        raise NotFound(f"outfall {outfall_id} not found")
    return outfall


def touch(outfall: Outfall) -> None:
    outfall.version += 1
    outfall.updated_at = utcnow()
