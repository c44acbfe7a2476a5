"""Request and response models of violations and their sanctions."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from labs.registry.schemas import ReassignmentPublic
from suitekit.inputs import IsoDate, JsonInt
from suitekit.money import YuanOut


class ViolationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: JsonInt = Field(ge=15, le=18, description="article 15-18 of 牡市监规〔2022〕1号")
    item: JsonInt = Field(ge=0, le=9, description="item of the article (0 for art. 15)")
    description: str = Field(min_length=1, max_length=5000)
    evidence: str = Field(min_length=1, max_length=20000)
    found_on: IsoDate
    decided_on: IsoDate
    suspension_months: JsonInt | None = Field(default=None, description="art. 18 only: 3 to 6")
    rectify_by: IsoDate | None = Field(default=None, description="art. 18 only")
    referred_to: str | None = Field(default=None, min_length=1, max_length=200)
    suspension_id: str | None = Field(
        default=None, min_length=1, max_length=32, description="art. 17(1) only"
    )
    reinspection_id: str | None = Field(
        default=None, min_length=1, max_length=32, description="art. 17(1) only: an inspection"
    )

    @model_validator(mode="after")
    def decided_after_found(self) -> "ViolationCreate":
        if self.decided_on < self.found_on:
            raise ValueError("decided_on is before found_on")
        return self


class ViolationLift(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lifted_on: IsoDate
    reason: str = Field(min_length=1, max_length=5000)


class ViolationPublic(BaseModel):
    id: str
    lab_id: str
    article: int
    item: int
    clause_text: str
    description: str
    evidence: str
    found_on: date
    decided_on: date
    consequence: str
    status: str | None
    starts_on: date
    ends_on: date | None = Field(description="last day the sanction is in force; null: no end")
    recover_fees: bool
    fee_to_recover: YuanOut | None
    fees_recovered_under: str | None
    suspension_id: str | None
    reinspection_id: str | None
    end_entrustment: bool
    interview: bool
    rectify_by: date | None
    suspension_months: int | None
    referral: bool
    referred_to: str | None
    lifted_on: date | None
    lift_reason: str | None
    created_at: datetime
    allowed_actions: list[str] = []


class ViolationOutcome(BaseModel):
    violation: ViolationPublic
    lab_status: str
    lab_status_until: date | None
    reassignment: ReassignmentPublic


class ViolationsPublic(BaseModel):
    items: list[ViolationPublic]
    next_cursor: str | None = None
