"""Requests of the lifecycle actions."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from outfall.rules.remediation import RemediationType
from outfall.rules.river_chief import RiverChiefLevel
from outfall.rules.survey import SurveyMethod, SurveyOutcome
from outfall.rules.tracing import PartyBasis, PartyType
from outfall.schemas import AttachmentIn
from suitekit.inputs import IsoAwareDateTime, IsoDate, JsonBool, JsonInt


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SurveyIn(Strict):
    level: JsonInt = Field(ge=1, le=3)
    method: SurveyMethod
    outcome: SurveyOutcome
    surveyed_at: IsoAwareDateTime
    surveyor: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=2000)


class TraceIn(Strict):
    basis: PartyBasis = PartyBasis.DISCHARGER
    name: str | None = Field(default=None, max_length=200)
    party_type: PartyType | None = None
    uscc: str | None = Field(default=None, max_length=32)
    contact: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None, max_length=2000)
    discharge_channel: str | None = Field(default=None, max_length=300)
    discharging_unit: str | None = Field(default=None, max_length=300)


class RemediationIn(Strict):
    type: RemediationType
    plan: str = Field(min_length=1, max_length=5000)
    deadline: IsoDate
    responsible: str | None = Field(
        default=None, max_length=200, description="defaults to the traced responsible party"
    )
    merge_into: str | None = Field(default=None, max_length=32)
    reason: str | None = Field(default=None, max_length=2000)


class CompletionIn(Strict):
    note: str = Field(min_length=1, max_length=5000)
    evidence: list[AttachmentIn] = Field(min_length=1, max_length=50)
    completed_at: IsoAwareDateTime | None = None


class StandardizationIn(Strict):
    hardware: list[str] = Field(max_length=20)
    software: list[str] = Field(default_factory=list, max_length=20)
    paper_ledger: JsonBool = Field(description="the paper copy of the ledger is kept too (§五(四))")
    reason: str | None = Field(default=None, max_length=2000)


class DifficultIn(Strict):
    reason: str = Field(min_length=1, max_length=1000, description="why tracing is difficult")


class RiverChiefIn(Strict):
    name: str = Field(min_length=1, max_length=64)
    level: RiverChiefLevel | None = None
    river_section: str = Field(min_length=1, max_length=200)


class AnnualReportIn(Strict):
    year: JsonInt = Field(ge=2000, le=2100)
    usage: str = Field(min_length=1, max_length=5000)
    monitoring: str = Field(min_length=1, max_length=5000)


class AnnualReportPublic(BaseModel):
    id: str
    outfall_id: str
    year: int
    due: date
    submitted_at: datetime
    late: bool
    usage: str
    monitoring: str


class SurveyPublic(BaseModel):
    id: str
    level: int
    method: str
    outcome: str
    surveyed_at: datetime
    surveyor: str | None
    reason: str | None


class SurveysPublic(BaseModel):
    items: list[SurveyPublic]
    next_cursor: str | None = None


class AnnualReportsPublic(BaseModel):
    items: list[AnnualReportPublic]
    next_cursor: str | None = None


class RemediationPlanPublic(BaseModel):
    id: str
    type: str
    plan: str
    deadline: date
    responsible: str
    merge_into_id: str | None
    status: str
    completed_at: datetime | None
