"""Progress report (one grouped query + pure arithmetic) and overdue lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, not_, or_
from sqlmodel import Session, select

from outfall.models import AnnualReport, Jurisdiction, Outfall
from outfall.rules import RuleViolation, lifecycle, milestones
from outfall.rules.lifecycle import Status
from outfall.rules.progress import GroupRow, GroupSummary, statuses_past, summarise
from outfall.service import scoped
from suitekit.errors import InvalidInput
from suitekit.identity import Caller
from suitekit.pagination import paginate

OVERDUE_KINDS = ("tracing", "remediation", "annual-reports", "river-chief", "enforcement")
ACTIVE = [s.value for s in lifecycle.ACTIVE_CONFIRMED]


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def grouped_counts(
    session: Session, caller: Caller, as_of: date, jurisdiction: str | None
) -> list[GroupRow]:
    overdue_plan = and_(
        Outfall.status == Status.REMEDIATION_PLANNED.value, Outfall.remediation_deadline < as_of
    )
    no_chief = and_(Outfall.status.in_(ACTIVE), Outfall.river_chief_name.is_(None))
    statement = select(
        Outfall.jurisdiction_code,
        Outfall.category,
        Outfall.status,
        func.count(),
        _count_if(overdue_plan),
        _count_if(Outfall.enforcement_flag.is_(True)),
        _count_if(no_chief),
        _count_if(Outfall.latest_abnormal.is_(True)),
        Outfall.difficult,
    ).group_by(Outfall.jurisdiction_code, Outfall.category, Outfall.status, Outfall.difficult)
    statement = scoped(statement, caller)
    if jurisdiction:
        statement = statement.where(Outfall.jurisdiction_code == jurisdiction)
    return [
        GroupRow(*row[:3], *(int(v or 0) for v in row[3:8]), difficult=bool(row[8]))
        for row in session.execute(statement).all()
    ]


def flagged_outfalls(
    session: Session, caller: Caller, jurisdiction: str | None, limit: int
) -> list[Outfall]:
    statement = scoped(select(Outfall).where(Outfall.enforcement_flag.is_(True)), caller)
    if jurisdiction:
        statement = statement.where(Outfall.jurisdiction_code == jurisdiction)
    return list(session.execute(statement.order_by(Outfall.id).limit(limit + 1)).scalars())


def progress(
    *,
    session: Session,
    caller: Caller,
    as_of: date,
    campaign: str | None,
    jurisdiction: str | None,
    enforcement_limit: int,
) -> tuple[list[GroupSummary], GroupSummary, list[Outfall]]:
    rows = grouped_counts(session, caller, as_of, jurisdiction)
    try:
        groups, total = summarise(rows, as_of, campaign)
    except RuleViolation as violation:
        raise InvalidInput(violation.message, code=violation.code) from violation
    return groups, total, flagged_outfalls(session, caller, jurisdiction, enforcement_limit)


def _overdue_condition(kind: str, as_of: date) -> tuple[Any, str]:
    if kind == "tracing":
        ordinary = and_(
            Outfall.difficult.is_(False),
            Outfall.status.in_(statuses_past("survey_tracing", as_of)),
        )
        difficult = and_(
            Outfall.difficult.is_(True),
            Outfall.status.in_(statuses_past("difficult_tracing", as_of, difficult=True)),
        )
        return or_(ordinary, difficult), (
            "not traced by its tracing milestone (§三3; difficult outfalls: 7/15)"
        )
    if kind == "remediation":
        late_plan = and_(
            Outfall.status == Status.REMEDIATION_PLANNED.value, Outfall.remediation_deadline < as_of
        )
        return or_(Outfall.status.in_(statuses_past("remediation", as_of)), late_plan), (
            "remediation past its deadline or the remediation milestone (§三3)"
        )
    if kind == "river-chief":
        return and_(Outfall.status.in_(ACTIVE), Outfall.river_chief_name.is_(None)), (
            "no river/lake chief assigned (§六(一))"
        )
    if kind == "enforcement":
        return Outfall.enforcement_flag.is_(True), "persistent exceedance"
    year = (
        as_of.year - 1 if as_of > milestones.annual_report_due(as_of.year - 1) else (as_of.year - 2)
    )
    filed = exists().where(AnnualReport.outfall_id == Outfall.id, AnnualReport.year == year)
    monitored = and_(
        Outfall.status == Status.STANDARDIZED.value,
        Outfall.standardized_at < datetime(year + 1, 1, 1, tzinfo=UTC),
    )
    return and_(monitored, not_(filed)), (
        f"report on {year} not filed by {milestones.annual_report_due(year)} (§五(四))"
    )


def overdue(
    *,
    session: Session,
    caller: Caller,
    kind: str,
    as_of: date,
    jurisdiction: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Outfall], str | None, str]:
    if kind not in OVERDUE_KINDS:
        raise InvalidInput(
            f"kind must be one of {', '.join(OVERDUE_KINDS)}",
            code="unknown_overdue_kind",
            errors=[{"field": "path.kind", "message": "unknown kind"}],
        )
    condition, why = _overdue_condition(kind, as_of)
    statement = scoped(select(Outfall).where(condition), caller)
    if jurisdiction:
        statement = statement.where(Outfall.jurisdiction_code == jurisdiction)
    rows, next_cursor = paginate(
        session, statement, key=Outfall.id, key_of=lambda o: o.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor, why


def difficult(
    *,
    session: Session,
    caller: Caller,
    as_of: date,
    campaign: str | None,
    jurisdiction: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Outfall], str | None, dict[str, int], frozenset[str]]:
    """Outfalls marked difficult (§三3), counts, and the statuses past the 7/15 milestone."""
    try:
        past = frozenset(statuses_past("difficult_tracing", as_of, campaign, difficult=True))
    except RuleViolation as violation:
        raise InvalidInput(violation.message, code=violation.code) from violation
    marked = scoped(select(Outfall).where(Outfall.difficult.is_(True)), caller)
    if jurisdiction:
        marked = marked.where(Outfall.jurisdiction_code == jurisdiction)
    rows_marked = marked.subquery()
    counts = session.execute(
        select(
            func.count(),
            _count_if(rows_marked.c.traced_at.is_not(None)),
            _count_if(rows_marked.c.status.in_(past)),
        ).select_from(rows_marked)
    ).one()
    rows, next_cursor = paginate(
        session, marked, key=Outfall.id, key_of=lambda o: o.id, limit=limit, cursor=cursor
    )
    totals = {"total": int(counts[0]), "traced": int(counts[1] or 0), "past": int(counts[2] or 0)}
    return list(rows), next_cursor, totals, past


def jurisdiction_names(session: Session) -> dict[str, str]:
    return {j.code: j.name for j in session.exec(select(Jurisdiction)).all()}
