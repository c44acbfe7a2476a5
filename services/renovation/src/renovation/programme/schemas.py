"""Request and response models of programmes, the year summary and the overdue report."""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from renovation.common import Area, DecimalOut, Yuan


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid")

    projects: int = Field(ge=0)
    buildings: int = Field(ge=0)
    households: int = Field(ge=0)
    floor_area_m2: Area
    investment_yuan: Yuan
    courtyard_investment_yuan: Yuan
    building_investment_yuan: Yuan


class PhaseDates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    preparation_until: dt.date
    construction_from: dt.date
    construction_until: dt.date
    acceptance_from: dt.date
    acceptance_until: dt.date
    next_year_preparation_by: dt.date


class ProgrammeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)
    targets: Targets
    phases: PhaseDates


class ProgrammePublic(BaseModel):
    year: int
    targets: Targets
    phases: PhaseDates
    created_at: dt.datetime


class Totals(BaseModel):
    projects: int
    buildings: int
    households: int
    floor_area_m2: DecimalOut
    investment_yuan: DecimalOut
    courtyard_investment_yuan: DecimalOut
    building_investment_yuan: DecimalOut


class SourceTotal(BaseModel):
    source: str
    committed_yuan: DecimalOut
    received_yuan: DecimalOut


class SummaryFlags(BaseModel):
    satisfaction_below_target: list[str]
    surveyed_projects: int
    property_management_coverage_percent: DecimalOut
    property_management_coverage_met: bool
    approvals_overdue: list[str]
    archives_late: list[str]


class DistrictTotals(BaseModel):
    district: str
    district_name: str
    projects: int
    households: int
    floor_area_m2: DecimalOut


class ProgrammeSummary(BaseModel):
    year: int
    scope: list[str] = Field(description="districts covered by these totals ('*' = city)")
    targets: Targets
    computed: Totals
    matches_targets: bool
    phase: str
    funding: list[SourceTotal]
    central_subsidy_share_of_building_percent: DecimalOut | None
    by_district: list[DistrictTotals]
    flags: SummaryFlags


class LateItem(BaseModel):
    kind: str  # task | approval | archive
    ref: str
    title: str
    due: dt.date | None


class OverdueReport(BaseModel):
    as_of: dt.date
    year: int
    by_unit: dict[str, list[LateItem]]
