"""Tender sections (§四(一)3): stored sections and the bundling proposal."""

from collections import defaultdict
from decimal import Decimal

from sqlmodel import Session, col, select

from renovation.projects.models import Project
from renovation.rules import tender
from renovation.tenders.models import TenderSection, TenderSectionPart
from renovation.tenders.schemas import (
    PartPublic,
    ProposalPublic,
    ProposedSectionPublic,
    ProposeRequest,
    SectionCreate,
    SectionPublic,
)
from suitekit import audit
from suitekit.errors import InvalidInput, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id

ZERO = Decimal(0)


def district_projects(session: Session, year: int, district: str) -> list[Project]:
    return list(
        session.exec(
            select(Project)
            .where(Project.programme_year == year, Project.district == district)
            .order_by(col(Project.id))
        ).all()
    )


def propose(*, session: Session, data: ProposeRequest, caller: Caller) -> ProposalPublic:
    caller.ensure_covers(data.district, what="district", ident=data.district)
    projects = district_projects(session, data.programme_year, data.district)
    proposal = tender.propose_sections(
        [tender.ProjectArea(p.id, p.floor_area_m2) for p in projects],
        allow_split=data.allow_split,
    )
    return ProposalPublic(
        district=data.district,
        programme_year=data.programme_year,
        feasible=proposal.feasible,
        reason=proposal.reason,
        min_m2=tender.SECTION_MIN_M2,
        max_m2=tender.SECTION_MAX_M2,
        sections=[
            ProposedSectionPublic(
                area_m2=s.area_m2,
                parts=[PartPublic(project_id=p.project_id, area_m2=p.area_m2) for p in s.parts],
            )
            for s in proposal.sections
        ],
        divided_projects=list(proposal.divided_projects),
    )


def _allocated(session: Session, project_ids: list[str]) -> dict[str, Decimal]:
    rows = session.exec(
        select(TenderSectionPart).where(col(TenderSectionPart.project_id).in_(project_ids))
    ).all()
    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        used[row.project_id] += row.area_m2
    return used


def _resolve_parts(session: Session, data: SectionCreate) -> list[tuple[str, Decimal]]:
    projects = {p.id: p for p in district_projects(session, data.programme_year, data.district)}
    ids = [part.project_id for part in data.parts]
    errors = [
        {"field": f"body.parts.{i}.project_id", "message": "not a project of this district/year"}
        for i, pid in enumerate(ids)
        if pid not in projects
    ]
    if len(set(ids)) != len(ids):
        errors.append({"field": "body.parts", "message": "a project is listed twice"})
    if errors:
        raise InvalidInput("the section lists unknown or repeated projects", errors=errors)
    used = _allocated(session, ids)
    resolved: list[tuple[str, Decimal]] = []
    for i, part in enumerate(data.parts):
        remaining = projects[part.project_id].floor_area_m2 - used[part.project_id]
        area = part.area_m2 if part.area_m2 is not None else remaining
        if area <= 0 or area > remaining:
            errors.append(
                {
                    "field": f"body.parts.{i}.area_m2",
                    "message": f"only {remaining} m² of this project is not yet in a section",
                }
            )
        resolved.append((part.project_id, area))
    if errors:
        raise InvalidInput("the section takes more area than the projects have", errors=errors)
    return resolved


def create_section(*, session: Session, data: SectionCreate, caller: Caller) -> SectionPublic:
    caller.ensure_may_write(data.district)
    parts = _resolve_parts(session, data)
    area = sum((a for _, a in parts), ZERO)
    problem = tender.section_area_error(area, already_published=data.already_published)
    if problem:
        raise InvalidInput(problem, errors=[{"field": "body.parts", "message": problem}])
    section = TenderSection(
        id=new_id("ts"),
        programme_year=data.programme_year,
        district=data.district,
        name=data.name,
        already_published=data.already_published,
        area_m2=area,
    )
    session.add(section)
    session.flush()
    session.add_all(
        TenderSectionPart(section_id=section.id, project_id=pid, area_m2=a) for pid, a in parts
    )
    audit.record(
        session,
        caller=caller,
        action="create",
        entity_type="tender_section",
        entity_id=section.id,
        division=section.district,
        data={"area_m2": str(area), "projects": [p for p, _ in parts]},
    )
    session.commit()
    session.refresh(section)
    return section_public(session, section)


def section_public(session: Session, section: TenderSection) -> SectionPublic:
    parts = session.exec(
        select(TenderSectionPart).where(TenderSectionPart.section_id == section.id)
    ).all()
    return SectionPublic(
        **section.model_dump(),
        parts=[PartPublic(project_id=p.project_id, area_m2=p.area_m2) for p in parts],
    )


def list_sections(
    *,
    session: Session,
    caller: Caller,
    year: int | None,
    district: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[SectionPublic], str | None]:
    statement = select(TenderSection)
    if not caller.city_wide:
        statement = statement.where(col(TenderSection.district).in_(caller.jurisdiction))
    if year:
        statement = statement.where(TenderSection.programme_year == year)
    if district:
        statement = statement.where(TenderSection.district == district)
    rows, next_cursor = paginate(
        session,
        statement,
        key=TenderSection.id,
        key_of=lambda s: s.id,
        limit=limit,
        cursor=cursor,
    )
    return [section_public(session, s) for s in rows], next_cursor


def get_section(*, session: Session, caller: Caller, section_id: str) -> SectionPublic:
    section = session.get(TenderSection, section_id)
    if section is None or not caller.covers(section.district):
        raise NotFound(f"tender section {section_id} not found")  # out of reach reads as absent
    return section_public(session, section)
