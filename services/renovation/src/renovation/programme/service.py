"""Programmes, the year summary (totals computed from projects) and the overdue report."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlmodel import Session, col, select

from renovation import refdata
from renovation.common import local_today
from renovation.finance import service as finance_service
from renovation.programme.models import Programme
from renovation.programme.schemas import (
    DistrictTotals,
    LateItem,
    OverdueReport,
    PhaseDates,
    ProgrammeCreate,
    ProgrammeSummary,
    SourceTotal,
    SummaryFlags,
    Targets,
    Totals,
)
from renovation.projects import service as project_service
from renovation.projects.models import Project
from renovation.rules.funding import FundingSource
from renovation.rules.phases import YearPhases
from renovation.rules.satisfaction import coverage_meets_target
from renovation.rules.tasks import task_overdue
from renovation.tasks import service as task_service
from suitekit import audit
from suitekit.errors import Conflict, Forbidden, NotFound
from suitekit.identity import Caller

ZERO = Decimal(0)


def targets_of(programme: Programme) -> Targets:
    return Targets(
        projects=programme.target_projects,
        buildings=programme.target_buildings,
        households=programme.target_households,
        floor_area_m2=programme.target_floor_area_m2,
        investment_yuan=programme.target_investment_yuan,
        courtyard_investment_yuan=programme.target_courtyard_investment_yuan,
        building_investment_yuan=programme.target_building_investment_yuan,
    )


def phases_of(programme: Programme) -> PhaseDates:
    return PhaseDates.model_validate(programme, from_attributes=True)


def programme_from(data: ProgrammeCreate) -> Programme:
    t = data.targets
    return Programme(
        year=data.year,
        target_projects=t.projects,
        target_buildings=t.buildings,
        target_households=t.households,
        target_floor_area_m2=t.floor_area_m2,
        target_investment_yuan=t.investment_yuan,
        target_courtyard_investment_yuan=t.courtyard_investment_yuan,
        target_building_investment_yuan=t.building_investment_yuan,
        **data.phases.model_dump(),
    )


def create_programme(*, session: Session, data: ProgrammeCreate, caller: Caller) -> Programme:
    if not caller.city_wide:
        raise Forbidden("programmes are set by the city programme office", code="city_only")
    if session.get(Programme, data.year) is not None:
        raise Conflict(f"the {data.year} programme exists", code="programme_exists")
    programme = programme_from(data)
    session.add(programme)
    audit.record(
        session,
        caller=caller,
        action="create",
        entity_type="programme",
        entity_id=str(data.year),
        division=None,  # the city-wide programme
    )
    session.commit()
    session.refresh(programme)
    return programme


def get_programme(session: Session, year: int) -> Programme:
    programme = session.get(Programme, year)
    if programme is None:
        raise NotFound(f"no programme for {year}")
    return programme


def scoped_projects(session: Session, caller: Caller, year: int) -> list[Project]:
    statement = select(Project).where(Project.programme_year == year)
    if not caller.city_wide:
        statement = statement.where(col(Project.district).in_(caller.jurisdiction))
    return list(session.exec(statement.order_by(col(Project.id))).all())


def totals_of(projects: list[Project]) -> Totals:
    courtyard = sum((p.courtyard_investment_yuan for p in projects), ZERO)
    building = sum((p.building_investment_yuan for p in projects), ZERO)
    return Totals(
        projects=len(projects),
        buildings=sum(p.buildings for p in projects),
        households=sum(p.households for p in projects),
        floor_area_m2=sum((p.floor_area_m2 for p in projects), ZERO),
        investment_yuan=courtyard + building,
        courtyard_investment_yuan=courtyard,
        building_investment_yuan=building,
    )


def _by_district(projects: list[Project]) -> list[DistrictTotals]:
    names = refdata.district_names()
    grouped: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        grouped[project.district].append(project)
    return [
        DistrictTotals(
            district=code,
            district_name=names[code],
            projects=len(rows),
            households=sum(p.households for p in rows),
            floor_area_m2=sum((p.floor_area_m2 for p in rows), ZERO),
        )
        for code, rows in sorted(grouped.items())
    ]


def _flags(session: Session, projects: list[Project]) -> SummaryFlags:
    surveys = project_service.latest_surveys(session, [p.id for p in projects])
    flags = {p.id: project_service.project_flags(p, surveys.get(p.id)) for p in projects}
    managed = sum(1 for p in projects if p.property_mode)
    coverage = Decimal(managed * 100) / len(projects) if projects else ZERO
    return SummaryFlags(
        satisfaction_below_target=[i for i, f in flags.items() if f.satisfaction_below_target],
        surveyed_projects=len(surveys),
        property_management_coverage_percent=coverage.quantize(Decimal("0.01")),
        property_management_coverage_met=coverage_meets_target(
            projects=len(projects), managed=managed
        ),
        approvals_overdue=[i for i, f in flags.items() if f.approval_overdue],
        archives_late=[i for i, f in flags.items() if f.archive_late],
    )


def _year_phases(programme: Programme) -> YearPhases:
    return YearPhases(year=programme.year, **phases_of(programme).model_dump())


def summary(*, session: Session, year: int, caller: Caller) -> ProgrammeSummary:
    programme = get_programme(session, year)
    projects = scoped_projects(session, caller, year)
    computed = totals_of(projects)
    targets = targets_of(programme)
    entries = finance_service.funding_entries_of(session, [p.id for p in projects])
    committed, received = finance_service.sums_by_source(entries)
    subsidy = received.get(FundingSource.CENTRAL_SUBSIDY.value, ZERO)
    building = computed.building_investment_yuan
    return ProgrammeSummary(
        year=year,
        scope=list(caller.jurisdiction),
        targets=targets,
        computed=computed,
        matches_targets=computed.model_dump() == targets.model_dump(),
        phase=_year_phases(programme).phase_on(local_today()),
        funding=[
            SourceTotal(
                source=s.value,
                committed_yuan=committed.get(s.value, ZERO),
                received_yuan=received.get(s.value, ZERO),
            )
            for s in FundingSource
        ],
        central_subsidy_share_of_building_percent=(subsidy * 100 / building).quantize(
            Decimal("0.01")
        )
        if building
        else None,
        by_district=_by_district(projects),
        flags=_flags(session, projects),
    )


def overdue_report(
    *, session: Session, year: int, caller: Caller, as_of: dt.date | None
) -> OverdueReport:
    """Everything late, under the unit responsible for it (§五(三)2, §四(三)2, annex 3)."""
    get_programme(session, year)
    today = as_of or local_today()
    by_unit: dict[str, list[LateItem]] = defaultdict(list)
    for task in task_service.tasks_of_year(session, year):
        if task_overdue(task_service.deadline_view(task), today):
            for unit in task.lead_units:
                by_unit[unit].append(
                    LateItem(kind="task", ref=task.id, title=task.title, due=task.deadline)
                )
    names = refdata.district_names()
    for project in scoped_projects(session, caller, year):
        flags = project_service.project_flags(project, None)
        unit = names[project.district]
        if flags.approval_overdue:
            by_unit[unit].append(
                LateItem(
                    kind="approval", ref=project.id, title=project.name, due=flags.approval_deadline
                )
            )
        if flags.archive_late:
            by_unit[unit].append(
                LateItem(
                    kind="archive", ref=project.id, title=project.name, due=flags.archive_deadline
                )
            )
    return OverdueReport(as_of=today, year=year, by_unit=dict(sorted(by_unit.items())))


def load_reference_programmes(session: Session) -> None:
    """Insert the gazette's programmes (2022) when absent; never overwrite edits."""
    for row in refdata.load("programmes")["programmes"]:
        if session.get(Programme, row["year"]) is not None:
            continue
        data = ProgrammeCreate.model_validate(
            {
                "year": row["year"],
                "targets": _target_fields(row["targets"]),
                "phases": row["phases"],
            }
        )
        session.add(programme_from(data))


def _target_fields(raw: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in raw.items() if k != "central_subsidy_received_yuan"}
