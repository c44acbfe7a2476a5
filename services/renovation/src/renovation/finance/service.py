"""Use cases of a project's money: contributions, demolitions, funding, change requests."""

from collections import defaultdict
from decimal import Decimal

from sqlmodel import Session, col, select

from renovation.common import raise_if_errors
from renovation.finance.models import ChangeRequest, Contribution, Demolition, FundingEntry
from renovation.finance.schemas import (
    ChangeCreate,
    ChangeDecision,
    ContributionCreate,
    DemolitionCreate,
    FundingCreate,
)
from renovation.projects.access import load_project
from renovation.projects.models import Project
from renovation.rules import change_control, contribution, demolition, funding
from renovation.rules.lifecycle import Phase
from suitekit import audit
from suitekit.errors import Conflict, InvalidInput, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow

ZERO = Decimal(0)


def _ensure_open(project: Project, what: str) -> None:
    if project.phase == Phase.HANDED_OVER:
        raise Conflict(f"project {project.id} was handed over; no more {what}", code="closed")


def contributions_of(session: Session, project_id: str) -> list[Contribution]:
    return list(
        session.exec(
            select(Contribution)
            .where(Contribution.project_id == project_id)
            .order_by(col(Contribution.on_date), col(Contribution.created_at))
        ).all()
    )


def contribution_status(
    project: Project, rows: list[Contribution]
) -> contribution.ContributionStatus:
    reduced = sum((r.amount_yuan for r in rows if r.kind == "reduction"), ZERO)
    collected = sum((r.amount_yuan for r in rows if r.kind == "payment"), ZERO)
    return contribution.contribution_status(
        floor_area_m2=project.floor_area_m2, reductions=reduced, collected=collected
    )


def record_contribution(
    *, session: Session, project_id: str, data: ContributionCreate, caller: Caller
) -> Contribution:
    project = load_project(session, project_id, caller, for_update=True)
    _ensure_open(project, "contributions")
    if data.kind == "reduction":
        status = contribution_status(project, contributions_of(session, project.id))
        errors = contribution.reduction_errors(
            amount=data.amount_yuan,
            reason=data.reason,
            household_ref=data.household_ref,
            already_reduced=status.reduced,
            due=status.due,
        )
        raise_if_errors(errors, "the hardship reduction is not valid")
    row = Contribution(**data.model_dump(), id=new_id("ct"), project_id=project.id)
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action=f"contribution_{data.kind}",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        reason=data.reason,
        data={"amount_yuan": str(data.amount_yuan), "household_ref": data.household_ref},
    )
    session.commit()
    session.refresh(row)
    return row


def demolitions_of(session: Session, project_id: str) -> list[Demolition]:
    return list(
        session.exec(
            select(Demolition)
            .where(Demolition.project_id == project_id)
            .order_by(col(Demolition.created_at))
        ).all()
    )


def record_demolition(
    *, session: Session, project_id: str, data: DemolitionCreate, caller: Caller
) -> Demolition:
    project = load_project(session, project_id, caller, for_update=True)
    _ensure_open(project, "demolitions")
    kind = demolition.DemolitionKind(data.kind)
    errors = demolition.demolition_errors(
        kind=kind, count=data.count, cost_amount=data.cost_amount_yuan
    )
    raise_if_errors(errors, "the demolition entry is not valid")
    compensation = demolition.demolition_compensation(
        kind=kind, count=data.count, cost_amount=data.cost_amount_yuan
    )
    row = Demolition(
        **data.model_dump(),
        id=new_id("dm"),
        project_id=project.id,
        compensation_yuan=compensation,
    )
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action="demolition",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"kind": data.kind, "compensation_yuan": str(compensation)},
    )
    session.commit()
    session.refresh(row)
    return row


def funding_entries_of(session: Session, project_ids: list[str]) -> list[FundingEntry]:
    return list(
        session.exec(
            select(FundingEntry)
            .where(col(FundingEntry.project_id).in_(project_ids))
            .order_by(col(FundingEntry.on_date), col(FundingEntry.created_at))
        ).all()
    )


def funding_page(
    session: Session,
    project_id: str,
    *,
    source: str | None,
    kind: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[FundingEntry], str | None]:
    """A project's funding entries one page at a time (the view only shows their sums)."""
    statement = select(FundingEntry).where(FundingEntry.project_id == project_id)
    if source:
        statement = statement.where(FundingEntry.source == source)
    if kind:
        statement = statement.where(FundingEntry.kind == kind)
    rows, next_cursor = paginate(
        session, statement, key=FundingEntry.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def record_funding(
    *, session: Session, project_id: str, data: FundingCreate, caller: Caller
) -> FundingEntry:
    project = load_project(session, project_id, caller, for_update=True)
    row = FundingEntry(**data.model_dump(), id=new_id("fd"), project_id=project.id)
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action=f"funding_{data.kind}",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"source": data.source, "amount_yuan": str(data.amount_yuan)},
    )
    session.commit()
    session.refresh(row)
    return row


def sums_by_source(entries: list[FundingEntry]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    committed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    received: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        target = committed if entry.kind == "commitment" else received
        target[entry.source] += entry.amount_yuan
    return dict(committed), dict(received)


def investment_plan(session: Session, project: Project) -> funding.InvestmentPlan:
    status = contribution_status(project, contributions_of(session, project.id))
    demolition_costs = sum((d.compensation_yuan for d in demolitions_of(session, project.id)), ZERO)
    return funding.InvestmentPlan(
        total=project.total_investment_yuan,
        utility_facilities=project.utility_facility_investment_yuan,
        weak_current_lines=project.weak_current_investment_yuan,
        resident_contribution=status.net_due,
        demolition_costs=demolition_costs,
    )


def changes_of(session: Session, project_id: str) -> list[ChangeRequest]:
    return list(
        session.exec(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project_id)
            .order_by(col(ChangeRequest.created_at))
        ).all()
    )


def change_of(session: Session, project_id: str, change_id: str) -> ChangeRequest:
    row = session.exec(
        select(ChangeRequest).where(
            ChangeRequest.id == change_id, ChangeRequest.project_id == project_id
        )
    ).first()
    if row is None:
        raise NotFound(f"change request {change_id} not found")
    return row


def request_change(
    *, session: Session, project_id: str, data: ChangeCreate, caller: Caller
) -> ChangeRequest:
    project = load_project(session, project_id, caller, for_update=True)
    _ensure_open(project, "changes")
    assessment = change_control.assess_change(
        new_investment=data.new_investment_yuan,
        original_total_investment=project.total_investment_yuan,
        in_feasibility_study=data.in_feasibility_study,
    )
    row = ChangeRequest(
        **data.model_dump(),
        id=new_id("cr"),
        project_id=project.id,
        original_total_investment_yuan=project.total_investment_yuan,
        needs_application=assessment.needs_application,
        utility_share_yuan=assessment.utility_share,
        status=assessment.initial_status.value,
    )
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action="change_request",
        entity_type="change_request",
        entity_id=row.id,
        division=project.district,
        data={"project_id": project.id, "needs_application": assessment.needs_application},
    )
    session.commit()
    session.refresh(row)
    return row


def decide_change(
    *,
    session: Session,
    project_id: str,
    change_id: str,
    action: str,
    data: ChangeDecision,
    caller: Caller,
) -> ChangeRequest:
    project = load_project(session, project_id, caller, for_update=True)
    row = session.exec(
        select(ChangeRequest)
        .where(ChangeRequest.id == change_id, ChangeRequest.project_id == project.id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"change request {change_id} not found")
    status = change_control.ChangeStatus(row.status)
    target = change_control.CHANGE_TRANSITIONS[status].get(action)
    if target is None:
        raise invalid_transition(row.status, action, change_control.allowed_change_actions(status))
    _apply_decision(row, action, data)
    row.status = target.value
    row.version += 1
    row.updated_at = utcnow()
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action=f"change_{action}",
        entity_type="change_request",
        entity_id=row.id,
        division=project.district,
        reason=data.reason,
        data={"approval_ref": data.approval_ref, "amount_yuan": str(data.amount_yuan)},
    )
    session.commit()
    session.refresh(row)
    return row


def _apply_decision(row: ChangeRequest, action: str, data: ChangeDecision) -> None:
    if action == "approve":
        if not data.approval_ref:
            raise InvalidInput(
                "approval needs the reference of the new project approval (§五(一)5)",
                errors=[{"field": "body.approval_ref", "message": "required to approve"}],
            )
        row.approval_ref = data.approval_ref
    elif action == "reject" and not data.reason:
        raise InvalidInput(
            "a rejection needs a reason",
            errors=[{"field": "body.reason", "message": "required to reject"}],
        )
    elif action == "spend":
        if data.amount_yuan is None or data.amount_yuan > row.new_investment_yuan:
            raise InvalidInput(
                "the amount spent must be given and stay within the approved investment",
                errors=[{"field": "body.amount_yuan", "message": "1 .. new_investment_yuan"}],
            )
        row.spent_yuan = data.amount_yuan
