"""Request and response models of projects, consultations, surveys and phase actions."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from renovation.common import Area
from suitekit.inputs import IsoDate, JsonInt
from suitekit.money import DecimalStr, Yuan, YuanOut

ContentClass = Literal["basic", "complete", "upgrade"]
PropertyMode = Literal["professional_company", "owners_self_management", "state_fallback"]
District = Literal["231002", "231003", "231004", "231005"]


class ProjectBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    buildings: JsonInt = Field(ge=1)
    households: JsonInt = Field(ge=1)
    floor_area_m2: Area
    content_class: ContentClass
    checklist: list[str] = Field(default_factory=list, description="annex 2 items")
    demonstration: list[str] = Field(default_factory=list, description="§三(三) flags")
    courtyard_investment_yuan: Yuan
    building_investment_yuan: Yuan
    utility_facility_investment_yuan: Yuan = Field(default=Decimal("0.00"))
    weak_current_investment_yuan: Yuan = Field(default=Decimal("0.00"))
    approval_submitted_on: IsoDate | None = None
    approval_completed_on: IsoDate | None = None


class ProjectCreate(ProjectBase):
    programme_year: JsonInt = Field(ge=2000, le=2100)
    district: District


# fields every project has: a PATCH may change them but not clear them
REQUIRED_ON_PROJECT = (
    "name",
    "buildings",
    "households",
    "floor_area_m2",
    "content_class",
    "checklist",
    "demonstration",
    "courtyard_investment_yuan",
    "building_investment_yuan",
    "utility_facility_investment_yuan",
    "weak_current_investment_yuan",
)


class ProjectUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    buildings: JsonInt | None = Field(default=None, ge=1)
    households: JsonInt | None = Field(default=None, ge=1)
    floor_area_m2: Area | None = None
    content_class: ContentClass | None = None
    checklist: list[str] | None = None
    demonstration: list[str] | None = None
    courtyard_investment_yuan: Yuan | None = None
    building_investment_yuan: Yuan | None = None
    utility_facility_investment_yuan: Yuan | None = None
    weak_current_investment_yuan: Yuan | None = None
    approval_submitted_on: IsoDate | None = None
    approval_completed_on: IsoDate | None = None
    property_mode: PropertyMode | None = None
    contract_filing_ref: str | None = Field(default=None, min_length=1, max_length=100)

    @field_validator(*REQUIRED_ON_PROJECT, mode="before")
    @classmethod
    def present_fields_are_not_null(cls, value: object) -> object:
        """A field sent as null would blank a required column (a 500 the fuzzer found)."""
        if value is None:
            raise ValueError("cannot be null: leave the field out to keep its value")
        return value


class ProjectFlags(BaseModel):
    approval_deadline: IsoDate | None
    approval_overdue: bool | None = Field(
        description="null when the statutory calendar has no data for the dates involved"
    )
    archive_deadline: IsoDate | None
    archive_late: bool
    satisfaction_below_target: bool | None


class ProjectPublic(BaseModel):
    id: str
    programme_year: int
    district: str
    district_name: str
    name: str
    buildings: int
    households: int
    floor_area_m2: DecimalStr
    content_class: str
    checklist: list[str]
    demonstration: list[str]
    courtyard_investment_yuan: YuanOut
    building_investment_yuan: YuanOut
    total_investment_yuan: YuanOut
    utility_facility_investment_yuan: YuanOut
    weak_current_investment_yuan: YuanOut
    phase: str
    allowed_actions: list[str]
    approval_submitted_on: IsoDate | None
    approval_completed_on: IsoDate | None
    accepted_on: IsoDate | None
    acceptance_parties: list[str]
    archived_on: IsoDate | None
    property_mode: str | None
    contract_filing_ref: str | None
    flags: ProjectFlags
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ProjectsPublic(BaseModel):
    items: list[ProjectPublic]
    next_cursor: str | None = None


class ConsultationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: IsoDate
    polled: JsonInt = Field(ge=0)
    agree: JsonInt = Field(ge=0)
    disagree: JsonInt = Field(ge=0)
    abstain: JsonInt = Field(ge=0)


class ConsultationPublic(BaseModel):
    id: str
    project_id: str
    held_on: IsoDate
    households: int
    polled: int
    agree: int
    disagree: int
    abstain: int
    reached: bool
    created_at: dt.datetime


class ConsentResult(BaseModel):
    households: int
    agree_needed: int
    latest: ConsultationPublic | None
    reached: bool
    agree_missing: int
    consultations: list[ConsultationPublic]


class SurveyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    surveyed_on: IsoDate
    surveyed: JsonInt = Field(ge=1)
    satisfied: JsonInt = Field(ge=0)


class SurveyPublic(BaseModel):
    id: str
    project_id: str
    surveyed_on: IsoDate
    surveyed: int
    satisfied: int
    satisfaction_percent: DecimalStr
    meets_target: bool


class SurveysPublic(BaseModel):
    items: list[SurveyPublic]
    next_cursor: str | None = None


class ActionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=1000)
    on_date: IsoDate | None = Field(default=None, description="acceptance date (accept)")
    parties: list[str] | None = Field(default=None, description="acceptance parties (accept)")
    property_mode: PropertyMode | None = Field(default=None, description="handover")
    contract_filing_ref: str | None = Field(default=None, max_length=100, description="handover")


class ArchiveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    archived_on: IsoDate
