"""Request and response models of programmes, the year summary and the overdue report."""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from renovation.common import Area
from suitekit.inputs import IsoDate, JsonInt
from suitekit.money import DecimalStr, Yuan, YuanOut


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid")

    projects: JsonInt = Field(ge=0)
    buildings: JsonInt = Field(ge=0)
    households: JsonInt = Field(ge=0)
    floor_area_m2: Area
    investment_yuan: Yuan
    courtyard_investment_yuan: Yuan
    building_investment_yuan: Yuan


class PhaseDates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    preparation_until: IsoDate
    construction_from: IsoDate
    construction_until: IsoDate
    acceptance_from: IsoDate
    acceptance_until: IsoDate
    next_year_preparation_by: IsoDate


class ProgrammeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: JsonInt = Field(ge=2000, le=2100)
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
    floor_area_m2: DecimalStr
    investment_yuan: YuanOut
    courtyard_investment_yuan: YuanOut
    building_investment_yuan: YuanOut


class SourceTotal(BaseModel):
    source: str
    committed_yuan: YuanOut
    received_yuan: YuanOut


class SummaryFlags(BaseModel):
    satisfaction_below_target: list[str]
    surveyed_projects: int
    property_management_coverage_percent: DecimalStr
    property_management_coverage_met: bool
    approvals_overdue: list[str]
    archives_late: list[str]


class DistrictTotals(BaseModel):
    district: str
    district_name: str
    projects: int
    households: int
    floor_area_m2: DecimalStr


class ProgrammeSummary(BaseModel):
    year: int
    scope: list[str] = Field(description="districts covered by these totals ('*' = city)")
    targets: Targets
    computed: Totals
    matches_targets: bool
    phase: str
    funding: list[SourceTotal]
    central_subsidy_share_of_building_percent: DecimalStr | None
    by_district: list[DistrictTotals]
    flags: SummaryFlags


class LateItem(BaseModel):
    kind: str  # task | approval | archive
    ref: str
    title: str
    due: IsoDate | None


class OverdueReport(BaseModel):
    as_of: IsoDate
    year: int
    by_unit: dict[str, list[LateItem]]
