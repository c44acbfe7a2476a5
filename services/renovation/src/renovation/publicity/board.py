"""The project's public board on the web (§五(四)4 畅通投诉举报渠道, 5 建立公示制度): what the
QR code on the site's boards opens. ``PUBLIC_SECTIONS`` is the one list of what is shown, in
order; the HTML and the JSON follow it and a test compares each with it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel
from sqlmodel import Session, col, select

from renovation import refdata
from renovation.finance import service as finance_service
from renovation.projects.models import Project, SatisfactionSurvey
from renovation.publicity.models import Board
from renovation.publicity.schemas import BoardUnit, PublicProjectPage
from renovation.rules.lifecycle import Phase
from renovation.rules.satisfaction import (
    SATISFACTION_TARGET_PERCENT,
    satisfaction_meets_target,
    satisfaction_percent,
)

PUBLIC_SECTIONS: tuple[tuple[str, str], ...] = (
    ("plan", "改造内容"),
    ("investment", "工程投资与资金来源"),
    ("units", "参建单位"),
    ("schedule", "时间安排与进度"),
    ("supervisors", "居民监督代表"),
    ("complaint", "投诉举报渠道"),
    ("satisfaction", "居民满意度"),
    ("boards", "公示板"),
)
PHASE_NAMES = {
    Phase.PREPARATION: "前期准备",
    Phase.DESIGN: "施工设计",
    Phase.CONSTRUCTION: "改造施工",
    Phase.COMPLETED: "施工完成",
    Phase.ACCEPTED: "竣工验收",
    Phase.HANDED_OVER: "移交",
}
CLASS_NAMES = {"basic": "基础类", "complete": "完善类", "upgrade": "提升类"}
SOURCE_NAMES = {
    "central_budget": "中央预算内投资",
    "central_subsidy": "中央财政补助资金",
    "provincial_award": "省级财政“以奖代补”资金",
    "bonds": "债券资金",
    "city_finance": "市级财政配套",
    "district_finance": "区级财政配套",
    "utilities": "水电热气专业经营单位出资",
    "weak_current": "“弱电”管线产权单位出资",
    "residents": "居民出资",
}
ROLE_NAMES = {
    "owner": "建设单位",
    "designer": "设计单位",
    "builder": "施工单位",
    "supervisor": "监理单位",
}
KIND_NAMES = {
    "effect_drawings": "改造项目效果图",
    "content_schedule": "改造内容、工程投资、时间安排",
    "announcement": "工程公告",
}


class FundingBySource(BaseModel):
    source: str
    source_name: str
    committed_yuan: Decimal
    received_yuan: Decimal


class ScheduleStep(BaseModel):
    phase: str
    name: str
    state: str  # done | current | to_come


class SatisfactionPublic(BaseModel):
    surveyed_on: dt.date
    surveyed: int
    satisfied: int
    percent: Decimal
    meets_target: bool  # §四(一)4: 90% or more


class BoardItem(BaseModel):
    kind: str
    kind_name: str
    title: str
    installed_on: dt.date
    content: str | None
    units: list[BoardUnit]


class PublicBoardPage(PublicProjectPage):
    """The project page with every item of the public board (§五(四)5)."""

    district: str
    class_name: str
    plan: list[str]
    funding: list[FundingBySource]
    units: list[BoardUnit]
    schedule: list[ScheduleStep]
    complaint_phone: str
    satisfaction: SatisfactionPublic | None
    items: list[BoardItem]


def plan_names(project: Project) -> list[str]:
    names = {c["code"]: c["name"] for c in refdata.load("content")["checklist_items"]}
    return [names.get(code, code) for code in project.checklist]


def schedule(phase: str) -> list[ScheduleStep]:
    order = list(Phase)
    current = order.index(Phase(phase))
    return [
        ScheduleStep(
            phase=step.value,
            name=PHASE_NAMES[step],
            state="done" if i < current else "current" if i == current else "to_come",
        )
        for i, step in enumerate(order)
    ]


def funding_by_source(session: Session, project: Project) -> list[FundingBySource]:
    committed, received = finance_service.sums_by_source(
        finance_service.funding_entries_of(session, [project.id])
    )
    sources = [s for s in SOURCE_NAMES if s in committed or s in received]
    return [
        FundingBySource(
            source=s,
            source_name=SOURCE_NAMES[s],
            committed_yuan=committed.get(s, Decimal(0)),
            received_yuan=received.get(s, Decimal(0)),
        )
        for s in sources
    ]


def satisfaction(session: Session, project: Project) -> SatisfactionPublic | None:
    """Shown once the project is handed over (the residents' verdict on the finished works)."""
    if project.phase != Phase.HANDED_OVER.value:
        return None
    survey = session.exec(
        select(SatisfactionSurvey)
        .where(SatisfactionSurvey.project_id == project.id)
        .order_by(
            col(SatisfactionSurvey.surveyed_on).desc(), col(SatisfactionSurvey.created_at).desc()
        )
    ).first()
    if survey is None:
        return None
    return SatisfactionPublic(
        surveyed_on=survey.surveyed_on,
        surveyed=survey.surveyed,
        satisfied=survey.satisfied,
        percent=satisfaction_percent(surveyed=survey.surveyed, satisfied=survey.satisfied),
        meets_target=satisfaction_meets_target(
            surveyed=survey.surveyed, satisfied=survey.satisfied
        ),
    )


def board_items(boards: list[Board]) -> list[BoardItem]:
    return [
        BoardItem(
            kind=b.kind,
            kind_name=KIND_NAMES.get(b.kind, b.kind),
            title=b.title,
            installed_on=b.installed_on,
            content=b.content,
            units=[BoardUnit.model_validate(u) for u in b.units or []],
        )
        for b in boards
    ]


def all_units(items: list[BoardItem]) -> list[BoardUnit]:
    seen: dict[tuple[str, str], BoardUnit] = {}
    for item in items:
        for unit in item.units:
            seen.setdefault((unit.role, unit.name), unit)
    return list(seen.values())


def build_board(
    session: Session, page: PublicProjectPage, project: Project, boards: list[Board], *, phone: str
) -> PublicBoardPage:
    items = board_items(boards)
    return PublicBoardPage(
        **page.model_dump(),
        district=project.district,
        class_name=CLASS_NAMES.get(project.content_class, project.content_class),
        plan=plan_names(project),
        funding=funding_by_source(session, project),
        units=all_units(items),
        schedule=schedule(project.phase),
        complaint_phone=phone,
        satisfaction=satisfaction(session, project),
        items=items,
    )


TARGET_PERCENT = SATISFACTION_TARGET_PERCENT
