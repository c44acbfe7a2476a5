"""Lifecycle use cases: each checks the state machine, changes state and is audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session, select

from outfall.access import rules_as_problems, touch, visible_outfall
from outfall.lifecycle.schemas import (
    AnnualReportIn,
    CompletionIn,
    DifficultIn,
    RemediationIn,
    RiverChiefIn,
    StandardizationIn,
    SurveyIn,
    TraceIn,
)
from outfall.models import AnnualReport, Jurisdiction, Outfall, RemediationPlan, Survey
from outfall.rules import (
    Action,
    Status,
    lifecycle,
    milestones,
    remediation,
    standardization,
    tracing,
)
from outfall.rules import survey as survey_rules
from suitekit import audit
from suitekit.errors import Conflict, InvalidInput
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow

ENTITY = "outfall"


def _step(
    session: Session,
    outfall: Outfall,
    action: Action,
    caller: Caller,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Apply one state-machine step and write it to the audit chain."""
    with rules_as_problems():
        target = _next_status(outfall, action)
    before = outfall.status
    outfall.status = target.value
    touch(outfall)
    session.add(outfall)
    audit.record(
        session,
        caller=caller,
        action=action.value,
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        reason=reason,
        data={"from": before, "to": target.value, **(data or {})},
    )


def _next_status(outfall: Outfall, action: Action) -> Status:
    return lifecycle.next_status(
        outfall.status,
        action,
        protected_area=outfall.protected_area,
        planned=outfall.remediation_type,
    )


def _check_allowed(outfall: Outfall, action: Action) -> None:
    with rules_as_problems():
        _next_status(outfall, action)


def _finish(session: Session, outfall: Outfall) -> Outfall:
    session.commit()
    session.refresh(outfall)
    return outfall


def record_survey(*, session: Session, outfall_id: str, data: SurveyIn, caller: Caller) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    _check_allowed(outfall, Action.CONFIRM)
    with rules_as_problems():
        survey_rules.check_method(data.level, data.method)
        action = survey_rules.survey_action(
            level=data.level,
            outcome=data.outcome.value,
            reason=data.reason,
            needs_level3=outfall.needs_level3,
        )
    session.add(
        Survey(
            id=new_id("sv"),
            outfall_id=outfall.id,
            level=data.level,
            method=data.method,
            outcome=data.outcome.value,
            surveyed_at=data.surveyed_at,
            surveyor=data.surveyor,
            reason=data.reason,
        )
    )
    details = {"level": data.level, "method": data.method, "outcome": data.outcome.value}
    if action is None:
        outfall.needs_level3 = True
        touch(outfall)
        session.add(outfall)
        audit.record(
            session,
            caller=caller,
            action="survey_inconclusive",
            entity_type=ENTITY,
            entity_id=outfall.id,
            division=outfall.jurisdiction_code,
            reason=data.reason,
            data=details,
        )
    else:
        if action is Action.DISMISS:
            outfall.dismissed_reason = data.reason
        _step(session, outfall, action, caller, reason=data.reason, data=details)
    return _finish(session, outfall)


def trace(*, session: Session, outfall_id: str, data: TraceIn, caller: Caller) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    _check_allowed(outfall, Action.TRACE)
    with rules_as_problems():
        uscc = tracing.check_party(
            basis=data.basis.value,
            party_type=data.party_type.value if data.party_type else None,
            uscc_code=data.uscc,
            name=data.name,
            reason=data.reason,
        )
    name = data.name
    if data.basis is tracing.PartyBasis.JURISDICTION_FALLBACK:
        jurisdiction = session.get(Jurisdiction, outfall.jurisdiction_code)
        name = tracing.fallback_party_name(jurisdiction.name if jurisdiction else "")
    outfall.party_basis = data.basis.value
    outfall.party_name = name
    outfall.party_type = (
        data.party_type.value
        if data.party_type
        else ("government" if data.basis is not tracing.PartyBasis.DISCHARGER else None)
    )
    outfall.party_uscc = uscc
    outfall.party_contact = data.contact
    outfall.party_reason = data.reason
    outfall.discharge_channel = data.discharge_channel
    outfall.discharging_unit = data.discharging_unit
    outfall.traced_at = utcnow()
    _step(
        session,
        outfall,
        Action.TRACE,
        caller,
        reason=data.reason,
        data={"basis": data.basis.value, "party": name, "uscc": uscc},
    )
    return _finish(session, outfall)


# §三3: the mark matters while tracing is pending; a traced outfall met its milestone already
MARKABLE_DIFFICULT = frozenset({Status.DISCOVERED.value, Status.CONFIRMED.value})


def mark_difficult(
    *, session: Session, outfall_id: str, data: DifficultIn, caller: Caller
) -> Outfall:
    """Mark an outfall difficult and complex (疑难复杂): tracing due by 7/15, not 6/30 (§三3)."""
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    if outfall.status not in MARKABLE_DIFFICULT:
        raise Conflict(
            f"only an outfall still to be traced can be marked difficult (status {outfall.status})",
            code="not_awaiting_tracing",
            state=outfall.status,
        )
    if outfall.difficult:
        raise Conflict("the outfall is already marked difficult", code="already_difficult")
    outfall.difficult = True
    outfall.difficult_reason = data.reason
    outfall.difficult_marked_by = caller.client_id
    outfall.difficult_marked_at = utcnow()
    touch(outfall)
    session.add(outfall)
    audit.record(
        session,
        caller=caller,
        action="mark_difficult",
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        reason=data.reason,
        data={"status": outfall.status},
    )
    return _finish(session, outfall)


def _planned_merges(session: Session) -> dict[str, str]:
    rows = session.exec(
        select(Outfall.id, Outfall.merge_into_id).where(
            Outfall.status == Status.REMEDIATION_PLANNED.value,
            Outfall.remediation_type == remediation.RemediationType.MERGE.value,
        )
    ).all()
    return {row[0]: row[1] for row in rows if row[1]}


def _check_merge(session: Session, outfall: Outfall, target_id: str | None, caller: Caller) -> None:
    target = session.get(Outfall, target_id) if target_id else None
    visible = target is not None and caller.covers(target.jurisdiction_code)
    planned = _planned_merges(session)
    planned.pop(outfall.id, None)  # a revised plan replaces the outfall's own edge
    with rules_as_problems():
        remediation.check_merge_target(
            source_id=outfall.id,
            target_id=target_id,
            target_status=target.status if visible else None,
            planned_merges=planned,
        )


def plan_remediation(
    *, session: Session, outfall_id: str, data: RemediationIn, caller: Caller
) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    _check_allowed(outfall, Action.PLAN_REMEDIATION)
    with rules_as_problems():
        plan_type = remediation.check_plan(
            plan_type=data.type.value, protected_area=outfall.protected_area
        )
    if plan_type is remediation.RemediationType.MERGE:
        _check_merge(session, outfall, data.merge_into, caller)
    elif data.merge_into:
        raise InvalidInput(
            "merge_into is only for a merge plan",
            code="merge_into_unexpected",
            errors=[{"field": "body.merge_into", "message": "only for merge"}],
        )
    responsible = data.responsible or outfall.party_name or ""
    for old in session.exec(
        select(RemediationPlan).where(
            RemediationPlan.outfall_id == outfall.id, RemediationPlan.status == "planned"
        )
    ).all():
        old.status = "superseded"
        session.add(old)
    plan = RemediationPlan(
        id=new_id("rp"),
        outfall_id=outfall.id,
        type=plan_type.value,
        plan=data.plan,
        deadline=data.deadline,
        responsible=responsible,
        merge_into_id=data.merge_into,
    )
    session.add(plan)
    outfall.remediation_type = plan_type.value
    outfall.remediation_deadline = data.deadline
    outfall.merge_into_id = data.merge_into
    _step(
        session,
        outfall,
        Action.PLAN_REMEDIATION,
        caller,
        reason=data.reason,
        data={
            "plan_id": plan.id,
            "type": plan_type.value,
            "deadline": data.deadline,
            "merge_into": data.merge_into,
        },
    )
    return _finish(session, outfall)


def complete_remediation(
    *, session: Session, outfall_id: str, data: CompletionIn, caller: Caller
) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    plan_type = remediation.RemediationType(outfall.remediation_type or "rectify")
    action = remediation.COMPLETION_ACTION[plan_type]
    _check_allowed(outfall, action)
    if plan_type is remediation.RemediationType.MERGE:
        _check_merge(session, outfall, outfall.merge_into_id, caller)
    plan = session.exec(
        select(RemediationPlan).where(
            RemediationPlan.outfall_id == outfall.id, RemediationPlan.status == "planned"
        )
    ).first()
    completed_at = data.completed_at or utcnow()
    evidence = [e.model_dump(mode="json") for e in data.evidence]
    if plan is not None:
        plan.status, plan.completed_at = "completed", completed_at
        plan.evidence, plan.completion_note = json.dumps(evidence, ensure_ascii=False), data.note
        session.add(plan)
    outfall.remediated_at = completed_at
    _step(
        session,
        outfall,
        action,
        caller,
        reason=data.note,
        data={"type": plan_type.value, "evidence": evidence, "merge_into": outfall.merge_into_id},
    )
    return _finish(session, outfall)


def standardize(
    *, session: Session, outfall_id: str, data: StandardizationIn, caller: Caller
) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    _check_allowed(outfall, Action.STANDARDIZE)
    with rules_as_problems():
        standardization.check_items(data.hardware, data.software)
        standardization.check_complete(data.hardware)
        if outfall.status == Status.TRACED.value:
            standardization.check_direct_standardization(
                tests_recorded=outfall.tests_count,
                latest_abnormal=outfall.latest_abnormal,
                open_lab_tasks=outfall.open_lab_tasks,
            )
    outfall.hardware = json.dumps(sorted(set(data.hardware)))
    outfall.software = json.dumps(sorted(set(data.software)))
    outfall.paper_ledger = data.paper_ledger
    outfall.standardized_at = utcnow()
    _step(
        session,
        outfall,
        Action.STANDARDIZE,
        caller,
        reason=data.reason,
        data={
            "hardware": sorted(set(data.hardware)),
            "software": sorted(set(data.software)),
            "paper_ledger": data.paper_ledger,
        },
    )
    return _finish(session, outfall)


def assign_river_chief(
    *, session: Session, outfall_id: str, data: RiverChiefIn, caller: Caller, check_version: Any
) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    check_version(outfall.version)
    if Status(outfall.status) not in lifecycle.ACTIVE_CONFIRMED:
        raise Conflict(
            f"only a confirmed, still discharging outfall gets a river chief "
            f"(status {outfall.status}; §六(一))",
            code="not_confirmed",
        )
    before = {"name": outfall.river_chief_name, "river_section": outfall.river_section}
    outfall.river_chief_name = data.name
    outfall.river_chief_level = data.level
    outfall.river_section = data.river_section
    touch(outfall)
    session.add(outfall)
    audit.record(
        session,
        caller=caller,
        action="assign_river_chief",
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        data={"before": before, "after": data.model_dump()},
    )
    return _finish(session, outfall)


def file_annual_report(
    *,
    session: Session,
    outfall_id: str,
    data: AnnualReportIn,
    caller: Caller,
    today: date | None = None,
) -> AnnualReport:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    if outfall.status != Status.STANDARDIZED.value:
        raise Conflict(
            "annual reports are filed for monitored (standardised) outfalls (§五(四))",
            code="not_monitored",
            state=outfall.status,
        )
    submitted = utcnow()
    with rules_as_problems():
        milestones.check_report_year(data.year, today or submitted.date())
    exists = session.exec(
        select(AnnualReport.id).where(
            AnnualReport.outfall_id == outfall.id, AnnualReport.year == data.year
        )
    ).first()
    if exists:
        raise Conflict(f"the {data.year} report is already filed", code="annual_report_exists")
    late = submitted.date() > milestones.annual_report_due(data.year)
    report = AnnualReport(
        id=new_id("ar"),
        outfall_id=outfall.id,
        year=data.year,
        usage=data.usage,
        monitoring=data.monitoring,
        submitted_at=submitted,
        late=late,
    )
    session.add(report)
    audit.record(
        session,
        caller=caller,
        action="annual_report",
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        data={"report_id": report.id, "year": data.year, "late": late},
    )
    session.commit()
    session.refresh(report)
    return report


def plans_of(session: Session, outfall_id: str, caller: Caller) -> list[RemediationPlan]:
    visible_outfall(session, outfall_id, caller)
    return list(
        session.exec(
            select(RemediationPlan)
            .where(RemediationPlan.outfall_id == outfall_id)
            .order_by(RemediationPlan.created_at)
        ).all()
    )


def annual_reports_of(
    session: Session,
    outfall_id: str,
    caller: Caller,
    *,
    year: int | None,
    late: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AnnualReport], str | None]:
    """An outfall's annual reports (§五(四)), oldest year first."""
    visible_outfall(session, outfall_id, caller)
    statement = select(AnnualReport).where(AnnualReport.outfall_id == outfall_id)
    if year is not None:
        statement = statement.where(AnnualReport.year == year)
    if late is not None:
        statement = statement.where(AnnualReport.late.is_(late))
    rows, next_cursor = paginate(
        session,
        statement,
        key=AnnualReport.year,
        key_of=lambda r: r.year,
        limit=limit,
        cursor=cursor,
    )
    return list(rows), next_cursor


def surveys_of(
    session: Session,
    outfall_id: str,
    caller: Caller,
    *,
    level: int | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Survey], str | None]:
    """Every survey record of an outfall (§五(一)1): the registering one and the follow-ups."""
    visible_outfall(session, outfall_id, caller)
    statement = select(Survey).where(Survey.outfall_id == outfall_id)
    if level is not None:
        statement = statement.where(Survey.level == level)
    rows, next_cursor = paginate(
        session, statement, key=Survey.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor
