"""Reads that derive a lab's standing: status from its sanctions, current scope, open tasks."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from labs.registry.models import Lab, LabNotice, LabScopeItem
from labs.rules.notices import NoticeKind
from labs.rules.sanctions import LabStatus, SanctionPeriod, derive_status
from labs.rules.tasks import ScopeItem, TaskState
from labs.sanctions.models import Violation
from labs.tasks.models import Task

OPEN_STATES = (TaskState.ASSIGNED.value, TaskState.SAMPLED.value, TaskState.TESTED.value)


def sanction_periods(session: Session, lab_id: str) -> list[SanctionPeriod]:
    rows = session.exec(
        select(Violation).where(Violation.lab_id == lab_id, Violation.status.is_not(None))
    ).all()
    return [
        SanctionPeriod(LabStatus(v.status), v.starts_on, v.ends_on, v.lifted_on)
        for v in rows
        if v.status is not None
    ]


def lab_status(session: Session, lab_id: str, on: date) -> tuple[LabStatus, date | None]:
    return derive_status(sanction_periods(session, lab_id), on)


def current_scope_rows(session: Session, lab_id: str) -> list[LabScopeItem]:
    return list(
        session.exec(
            select(LabScopeItem)
            .where(LabScopeItem.lab_id == lab_id, LabScopeItem.removed_on.is_(None))
            .order_by(LabScopeItem.food_category, LabScopeItem.test_item)
        ).all()
    )


def current_scope(session: Session, lab_id: str) -> frozenset[ScopeItem]:
    return frozenset((r.food_category, r.test_item) for r in current_scope_rows(session, lab_id))


def declared_conflicts(session: Session, lab_id: str) -> frozenset[str]:
    """Producers the lab declared a conflict of interest with (art. 8(3) notices)."""
    producers = session.exec(
        select(LabNotice.producer).where(
            LabNotice.lab_id == lab_id,
            LabNotice.kind == NoticeKind.CONFLICT_OF_INTEREST.value,
            LabNotice.producer.is_not(None),
        )
    ).all()
    return frozenset(p for p in producers if p)


def open_task_count(session: Session, lab_id: str) -> int:
    return session.exec(
        select(func.count()).where(Task.lab_id == lab_id, Task.state.in_(OPEN_STATES))
    ).one()


def contract_in_force(lab: Lab, on: date) -> bool:
    return lab.contract_start <= on <= lab.contract_end
