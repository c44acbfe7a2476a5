"""Progress report and overdue lists."""

from typing import Literal

from fastapi import APIRouter, Query, Response

from outfall.present import aware
from outfall.reports import service
from outfall.reports.schemas import (
    DifficultItem,
    DifficultReport,
    FlaggedOutfall,
    GroupPublic,
    MilestonePublic,
    OverdueItem,
    OverduePage,
    ProgressReport,
)
from outfall.reports.workbook import XLSX, progress_workbook
from outfall.rules import milestones
from outfall.rules.progress import GroupSummary
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope
from suitekit.inputs import IsoDate
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import utcnow

READ = RequireScope("outfall:read", "outfall:write")

router = APIRouter(prefix="/v1/reports", tags=["reports"])


def _group(summary: GroupSummary) -> GroupPublic:
    return GroupPublic(**summary.__dict__)


@router.get(
    "/progress",
    response_model=ProgressReport,
    summary="per jurisdiction and category: states and milestones passed (§三3-4)",
    responses={200: {"content": {XLSX: {}}, "description": "JSON, or XLSX with ?format=xlsx"}},
)
def progress(
    session: SessionDep,
    caller: Caller = READ,
    as_of: IsoDate | None = Query(default=None, description="defaults to today (UTC)"),
    campaign: str = Query(default="2022"),
    jurisdiction: str | None = None,
    enforcement_limit: int = Query(default=100, ge=0, le=1000),
    format: Literal["json", "xlsx"] = Query(
        default="json", description="xlsx: the report as a spreadsheet with Chinese labels"
    ),
) -> ProgressReport | Response:
    report = _progress_report(
        session=session,
        caller=caller,
        as_of=as_of,
        campaign=campaign,
        jurisdiction=jurisdiction,
        enforcement_limit=enforcement_limit,
    )
    if format == "json":
        return report
    names = service.jurisdiction_names(session)
    return Response(
        progress_workbook(report, names, utcnow()),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="progress-{report.as_of}.xlsx"'},
    )


def _progress_report(
    *,
    session: SessionDep,
    caller: Caller,
    as_of: IsoDate | None,
    campaign: str,
    jurisdiction: str | None,
    enforcement_limit: int,
) -> ProgressReport:
    day = as_of or utcnow().date()
    groups, total, flagged = service.progress(
        session=session,
        caller=caller,
        as_of=day,
        campaign=campaign,
        jurisdiction=jurisdiction,
        enforcement_limit=enforcement_limit,
    )
    return ProgressReport(
        campaign=campaign,
        as_of=day,
        milestones=[
            MilestonePublic(key=m.key, due=m.due, label_zh=m.label_zh, passed=day > m.due)
            for m in milestones.work_milestones(campaign)
        ],
        submissions=[
            MilestonePublic(
                key=s.key, due=s.due, label_zh=s.label_zh, passed=day > s.due, form=s.form
            )
            for s in milestones.submissions(campaign)
        ],
        groups=[_group(g) for g in groups],
        totals=_group(total),
        enforcement=[
            FlaggedOutfall(
                id=o.id,
                code=o.code,
                name=o.name,
                jurisdiction_code=o.jurisdiction_code,
                category=o.category,
                status=o.status,
                reason=o.enforcement_reason,
            )
            for o in flagged[:enforcement_limit]
        ],
        enforcement_listed_all=len(flagged) <= enforcement_limit,
    )


@router.get(
    "/overdue/{kind}",
    response_model=OverduePage,
    summary="tracing, remediation, annual-reports, river-chief or enforcement",
)
def overdue(
    kind: str,
    session: SessionDep,
    caller: Caller = READ,
    as_of: IsoDate | None = None,
    jurisdiction: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> OverduePage:
    day = as_of or utcnow().date()
    rows, next_cursor, why = service.overdue(
        session=session,
        caller=caller,
        kind=kind,
        as_of=day,
        jurisdiction=jurisdiction,
        limit=limit,
        cursor=cursor,
    )
    return OverduePage(
        kind=kind,
        as_of=day,
        next_cursor=next_cursor,
        items=[
            OverdueItem(
                id=o.id,
                code=o.code,
                name=o.name,
                jurisdiction_code=o.jurisdiction_code,
                category=o.category,
                status=o.status,
                why=o.enforcement_reason if kind == "enforcement" else why,
            )
            for o in rows
        ],
    )


@router.get(
    "/difficult",
    response_model=DifficultReport,
    summary="difficult and complex outfalls (疑难复杂) and the 7/15 tracing milestone (§三3)",
)
def difficult(
    session: SessionDep,
    caller: Caller = READ,
    as_of: IsoDate | None = Query(default=None, description="defaults to today (UTC)"),
    campaign: str = Query(default="2022"),
    jurisdiction: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> DifficultReport:
    day = as_of or utcnow().date()
    rows, next_cursor, totals, past = service.difficult(
        session=session,
        caller=caller,
        as_of=day,
        campaign=campaign,
        jurisdiction=jurisdiction,
        limit=limit,
        cursor=cursor,
    )
    milestone = next(m for m in milestones.work_milestones(campaign) if m.applies_to == "difficult")
    return DifficultReport(
        campaign=campaign,
        milestone=MilestonePublic(
            key=milestone.key,
            due=milestone.due,
            label_zh=milestone.label_zh,
            passed=day > milestone.due,
        ),
        as_of=day,
        total=totals["total"],
        traced=totals["traced"],
        past_milestone=totals["past"],
        next_cursor=next_cursor,
        items=[
            DifficultItem(
                id=o.id,
                code=o.code,
                name=o.name,
                jurisdiction_code=o.jurisdiction_code,
                status=o.status,
                reason=o.difficult_reason or "",
                marked_by=o.difficult_marked_by or "",
                marked_at=aware(o.difficult_marked_at),
                traced_at=aware(o.traced_at),
                past_milestone=o.status in past,
            )
            for o in rows
        ],
    )
