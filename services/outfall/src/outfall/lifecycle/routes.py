"""Action endpoints of the lifecycle (each checked against the state machine and audited)."""

from fastapi import APIRouter, Query, Request, Response

from outfall.lifecycle import service
from outfall.lifecycle.schemas import (
    AnnualReportIn,
    AnnualReportPublic,
    AnnualReportsPublic,
    CompletionIn,
    DifficultIn,
    RemediationIn,
    RemediationPlanPublic,
    RiverChiefIn,
    StandardizationIn,
    SurveyIn,
    SurveyPublic,
    SurveysPublic,
    TraceIn,
)
from outfall.models import AnnualReport, Outfall
from outfall.present import aware, outfall_public
from outfall.rules import milestones
from outfall.schemas import OutfallPublic
from outfall.service import attachments_of
from suitekit.db import SessionDep
from suitekit.etag import require_if_match, set_etag
from suitekit.identity import Caller, RequireScope
from suitekit.inputs import QueryBool
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import as_aware

READ = RequireScope("outfall:read", "outfall:write")
WRITE = RequireScope("outfall:write")

router = APIRouter(prefix="/v1/outfalls/{outfall_id}", tags=["lifecycle"])


def _answer(session: SessionDep, outfall: Outfall, response: Response) -> OutfallPublic:
    set_etag(response, outfall.version)
    return outfall_public(outfall, attachments_of(session, outfall.id))


@router.post(
    "/surveys",
    response_model=OutfallPublic,
    summary="level-2/3 survey: confirm, dismiss or inconclusive (§五(一)1)",
)
def survey(
    outfall_id: str, data: SurveyIn, session: SessionDep, response: Response, caller: Caller = WRITE
) -> OutfallPublic:
    outfall = service.record_survey(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _answer(session, outfall, response)


@router.get("/surveys", response_model=SurveysPublic, summary="the outfall's survey records")
def list_surveys(
    outfall_id: str,
    session: SessionDep,
    caller: Caller = READ,
    level: int | None = Query(default=None, ge=1, le=3),
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SurveysPublic:
    rows, next_cursor = service.surveys_of(
        session, outfall_id, caller, level=level, limit=limit, cursor=cursor
    )
    items = [
        SurveyPublic(**r.model_dump(exclude={"surveyed_at"}), surveyed_at=as_aware(r.surveyed_at))
        for r in rows
    ]
    return SurveysPublic(items=items, next_cursor=next_cursor)


@router.post(
    "/trace",
    response_model=OutfallPublic,
    summary="responsible party or government fallback (§五(二))",
)
def trace(
    outfall_id: str, data: TraceIn, session: SessionDep, response: Response, caller: Caller = WRITE
) -> OutfallPublic:
    outfall = service.trace(session=session, outfall_id=outfall_id, data=data, caller=caller)
    return _answer(session, outfall, response)


@router.post(
    "/difficult",
    response_model=OutfallPublic,
    summary="mark difficult and complex (疑难复杂): tracing due by 7/15 (§三3)",
)
def mark_difficult(
    outfall_id: str,
    data: DifficultIn,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.mark_difficult(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _answer(session, outfall, response)


@router.post(
    "/remediation",
    response_model=OutfallPublic,
    summary="remediation plan: close, merge or rectify (§五(三))",
)
def plan_remediation(
    outfall_id: str,
    data: RemediationIn,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.plan_remediation(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _answer(session, outfall, response)


@router.get(
    "/remediation",
    response_model=list[RemediationPlanPublic],
    summary="every remediation plan, superseded ones included",
)
def list_plans(
    outfall_id: str, session: SessionDep, caller: Caller = READ
) -> list[RemediationPlanPublic]:
    return [
        RemediationPlanPublic(
            **p.model_dump(exclude={"completed_at"}), completed_at=aware(p.completed_at)
        )
        for p in service.plans_of(session, outfall_id, caller)
    ]


@router.post(
    "/remediation/complete",
    response_model=OutfallPublic,
    summary="remediation completed, with evidence",
)
def complete_remediation(
    outfall_id: str,
    data: CompletionIn,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.complete_remediation(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _answer(session, outfall, response)


@router.post(
    "/standardization", response_model=OutfallPublic, summary="standardisation checklist (§五(四))"
)
def standardize(
    outfall_id: str,
    data: StandardizationIn,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.standardize(session=session, outfall_id=outfall_id, data=data, caller=caller)
    return _answer(session, outfall, response)


@router.put(
    "/river-chief",
    response_model=OutfallPublic,
    summary="assign the river/lake chief of the section (§六(一)); needs If-Match",
)
def assign_river_chief(
    outfall_id: str,
    data: RiverChiefIn,
    request: Request,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> OutfallPublic:
    outfall = service.assign_river_chief(
        session=session,
        outfall_id=outfall_id,
        data=data,
        caller=caller,
        check_version=lambda version: require_if_match(request, version),
    )
    return _answer(session, outfall, response)


@router.post(
    "/annual-reports",
    status_code=201,
    response_model=AnnualReportPublic,
    summary="previous year's use and monitoring, due 31 January (§五(四))",
)
def file_annual_report(
    outfall_id: str, data: AnnualReportIn, session: SessionDep, caller: Caller = WRITE
) -> AnnualReportPublic:
    report = service.file_annual_report(
        session=session, outfall_id=outfall_id, data=data, caller=caller
    )
    return _report_public(report)


@router.get(
    "/annual-reports",
    response_model=AnnualReportsPublic,
    summary="the outfall's annual reports, oldest year first (§五(四))",
)
def list_annual_reports(
    outfall_id: str,
    session: SessionDep,
    caller: Caller = READ,
    year: int | None = Query(default=None, ge=2000, le=2100),
    late: QueryBool | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> AnnualReportsPublic:
    rows, next_cursor = service.annual_reports_of(
        session, outfall_id, caller, year=year, late=late, limit=limit, cursor=cursor
    )
    return AnnualReportsPublic(items=[_report_public(r) for r in rows], next_cursor=next_cursor)


def _report_public(report: AnnualReport) -> AnnualReportPublic:
    return AnnualReportPublic(
        id=report.id,
        outfall_id=report.outfall_id,
        year=report.year,
        due=milestones.annual_report_due(report.year),
        submitted_at=as_aware(report.submitted_at),
        late=report.late,
        usage=report.usage,
        monitoring=report.monitoring,
    )
