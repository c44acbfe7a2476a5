"""Demo data for `make run`: the 11 projects of 2022 (invented rows summing to the gazette's
totals) and the 61 million yuan of central subsidy received for the building body (§五(一)2)."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from sqlmodel import Session, col, select

from renovation import refdata
from renovation.finance.models import FundingEntry
from renovation.projects.models import Project
from renovation.rules.lifecycle import Phase
from suitekit.timeutil import new_id


def seed_demo(session: Session) -> None:
    data = refdata.demo_projects()
    existing = set(session.exec(select(Project.demo_key).where(col(Project.demo_key).isnot(None))))
    new_projects = [
        _project(row, data["year"]) for row in data["projects"] if row["key"] not in existing
    ]
    if not new_projects:
        return
    session.add_all(new_projects)
    session.flush()
    session.add_all(_subsidy_receipts(new_projects, Decimal(data["central_subsidy_received_yuan"])))


def _project(row: dict, year: int) -> Project:
    return Project(
        id=new_id("pj"),
        programme_year=year,
        district=row["district"],
        name=row["name"],
        buildings=row["buildings"],
        households=row["households"],
        floor_area_m2=Decimal(row["floor_area_m2"]),
        content_class=row["content_class"],
        checklist=row["checklist"],
        demonstration=row["demonstration"],
        courtyard_investment_yuan=Decimal(row["courtyard_investment_yuan"]),
        building_investment_yuan=Decimal(row["building_investment_yuan"]),
        utility_facility_investment_yuan=Decimal(row["utility_facility_investment_yuan"]),
        weak_current_investment_yuan=Decimal(row["weak_current_investment_yuan"]),
        phase=Phase.PREPARATION.value,
        demo_key=row["key"],
    )


def _subsidy_receipts(projects: list[Project], total: Decimal) -> list[FundingEntry]:
    """Split the central subsidy by building-body investment; the last takes the rounding."""
    building = sum((p.building_investment_yuan for p in projects), Decimal(0))
    shares = [
        (total * p.building_investment_yuan / building).quantize(Decimal("0.01"), ROUND_DOWN)
        for p in projects
    ]
    shares[-1] += total - sum(shares)
    return [
        FundingEntry(
            id=new_id("fd"),
            project_id=p.id,
            source="central_subsidy",
            kind="receipt",
            amount_yuan=share,
            on_date=dt.date(2022, 6, 1),
            reference="demo",
        )
        for p, share in zip(projects, shares, strict=True)
    ]
