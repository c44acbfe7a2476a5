"""A project's money: contributions, demolitions, funding view, change requests."""

from typing import Literal

from fastapi import APIRouter

from renovation.auth import READ, WRITE
from renovation.finance import service
from renovation.finance.models import ChangeRequest
from renovation.finance.schemas import (
    ChangeCreate,
    ChangeDecision,
    ChangePublic,
    ContributionCreate,
    ContributionPublic,
    ContributionSummary,
    DemolitionCreate,
    DemolitionPublic,
    DemolitionSummary,
    FundingCreate,
    FundingEntriesPublic,
    FundingEntryPublic,
    FundingLine,
    FundingView,
    SourceIn,
)
from renovation.projects.access import load_project
from renovation.rules import change_control, funding
from renovation.rules.contribution import CONTRIBUTION_YUAN_PER_M2
from renovation.rules.demolition import DEMOLITION_FUNDING_SOURCE
from renovation.rules.funding import FundingKind
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1/projects/{project_id}", tags=["project finance"])


@router.post("/contributions", status_code=201, response_model=ContributionPublic)
def record_contribution(
    project_id: str, data: ContributionCreate, session: SessionDep, caller: Caller = WRITE
) -> ContributionPublic:
    row = service.record_contribution(
        session=session, project_id=project_id, data=data, caller=caller
    )
    return ContributionPublic.model_validate(row, from_attributes=True)


@router.get("/contributions", response_model=ContributionSummary)
def contribution_summary(
    project_id: str, session: SessionDep, caller: Caller = READ
) -> ContributionSummary:
    project = load_project(session, project_id, caller)
    rows = service.contributions_of(session, project.id)
    status = service.contribution_status(project, rows)
    return ContributionSummary(
        rate_yuan_per_m2=CONTRIBUTION_YUAN_PER_M2,
        floor_area_m2=project.floor_area_m2,
        due_yuan=status.due,
        reduced_yuan=status.reduced,
        net_due_yuan=status.net_due,
        collected_yuan=status.collected,
        gap_yuan=status.gap,
        fully_collected=status.fully_collected,
        entries=[ContributionPublic.model_validate(r, from_attributes=True) for r in rows],
    )


@router.post("/demolitions", status_code=201, response_model=DemolitionPublic)
def record_demolition(
    project_id: str, data: DemolitionCreate, session: SessionDep, caller: Caller = WRITE
) -> DemolitionPublic:
    row = service.record_demolition(
        session=session, project_id=project_id, data=data, caller=caller
    )
    return DemolitionPublic.model_validate(row, from_attributes=True)


@router.get("/demolitions", response_model=DemolitionSummary)
def demolition_summary(
    project_id: str, session: SessionDep, caller: Caller = READ
) -> DemolitionSummary:
    project = load_project(session, project_id, caller)
    rows = service.demolitions_of(session, project.id)
    return DemolitionSummary(
        funding_source=DEMOLITION_FUNDING_SOURCE,
        total_compensation_yuan=sum((r.compensation_yuan for r in rows), service.ZERO),
        items=[DemolitionPublic.model_validate(r, from_attributes=True) for r in rows],
    )


@router.post("/funding", status_code=201, response_model=FundingEntryPublic)
def record_funding(
    project_id: str, data: FundingCreate, session: SessionDep, caller: Caller = WRITE
) -> FundingEntryPublic:
    row = service.record_funding(session=session, project_id=project_id, data=data, caller=caller)
    return FundingEntryPublic.model_validate(row, from_attributes=True)


@router.get("/funding/entries", response_model=FundingEntriesPublic)
def list_funding_entries(
    project_id: str,
    session: SessionDep,
    caller: Caller = READ,
    source: SourceIn | None = None,
    kind: FundingKind | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> FundingEntriesPublic:
    project = load_project(session, project_id, caller)
    rows, next_cursor = service.funding_page(
        session, project.id, source=source, kind=kind, limit=limit, cursor=cursor
    )
    return FundingEntriesPublic(
        items=[FundingEntryPublic.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get("/funding", response_model=FundingView)
def funding_view(project_id: str, session: SessionDep, caller: Caller = READ) -> FundingView:
    project = load_project(session, project_id, caller)
    entries = service.funding_entries_of(session, [project.id])
    committed, received = service.sums_by_source(entries)
    plan = service.investment_plan(session, project)
    return FundingView(
        total_investment_yuan=plan.total,
        received_yuan=sum(received.values(), service.ZERO),
        gap_yuan=funding.total_gap(plan, received),
        lines=[
            FundingLine(
                source=line.source,
                required_yuan=line.required,
                committed_yuan=line.committed,
                received_yuan=line.received,
                gap_yuan=line.gap,
            )
            for line in funding.funding_lines(plan, committed, received)
        ],
        entries=[FundingEntryPublic.model_validate(e, from_attributes=True) for e in entries],
    )


def _change_public(row: ChangeRequest) -> ChangePublic:
    return ChangePublic(
        **row.model_dump(),
        remainder_for_city_decision_yuan=row.new_investment_yuan - row.utility_share_yuan,
        allowed_actions=change_control.allowed_change_actions(
            change_control.ChangeStatus(row.status)
        ),
    )


@router.post("/changes", status_code=201, response_model=ChangePublic)
def request_change(
    project_id: str, data: ChangeCreate, session: SessionDep, caller: Caller = WRITE
) -> ChangePublic:
    row = service.request_change(session=session, project_id=project_id, data=data, caller=caller)
    return _change_public(row)


@router.get("/changes", response_model=list[ChangePublic])
def list_changes(project_id: str, session: SessionDep, caller: Caller = READ) -> list[ChangePublic]:
    project = load_project(session, project_id, caller)
    return [_change_public(r) for r in service.changes_of(session, project.id)]


@router.get("/changes/{change_id}", response_model=ChangePublic)
def get_change(
    project_id: str, change_id: str, session: SessionDep, caller: Caller = READ
) -> ChangePublic:
    project = load_project(session, project_id, caller)
    return _change_public(service.change_of(session, project.id, change_id))


@router.post("/changes/{change_id}/{action}", response_model=ChangePublic)
def decide_change(
    project_id: str,
    change_id: str,
    action: Literal["approve", "reject", "spend"],
    data: ChangeDecision,
    session: SessionDep,
    caller: Caller = WRITE,
) -> ChangePublic:
    row = service.decide_change(
        session=session,
        project_id=project_id,
        change_id=change_id,
        action=action,
        data=data,
        caller=caller,
    )
    return _change_public(row)
