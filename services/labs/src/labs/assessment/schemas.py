"""Request and response models of daily scores, re-tests and inspections."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from labs.common import DecimalStr
from labs.rules.inspection import FindingAction, Severity
from labs.rules.retest import RetestOutcome
from labs.rules.scoring import DailyItem, PeriodKind
from labs.rules.tasks import Conclusion
from suitekit.inputs import IsoDate, JsonInt

Score = Field(ge=0, le=100, max_digits=5, decimal_places=2)
Measured = Field(max_digits=24, decimal_places=10)


class DailyScoreCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: JsonInt = Field(ge=2000, le=2100)
    period_kind: PeriodKind
    period_index: JsonInt
    items: dict[DailyItem, Decimal] = Field(description="art. 12 items (1)-(6), 0-100 each")
    evidence: str = Field(min_length=1, max_length=20000)


class DailyScorePublic(BaseModel):
    id: str
    lab_id: str
    year: int
    period_kind: str
    period_index: int
    items: dict[str, str]
    score: DecimalStr
    evidence: str
    created_at: datetime


class DailyScoresPublic(BaseModel):
    items: list[DailyScorePublic]
    next_cursor: str | None = None


class RetestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    original_lab_id: str = Field(min_length=1, max_length=32)
    retest_lab_id: str = Field(min_length=1, max_length=32)
    sample_code: str = Field(min_length=1, max_length=64)
    food_category: str = Field(min_length=1, max_length=64)
    test_item: str = Field(min_length=1, max_length=128)
    method: str = Field(min_length=1, max_length=128, description="method of the original report")
    retest_method: str = Field(min_length=1, max_length=128)
    reproducibility_limit: Decimal = Field(gt=0, max_digits=24, decimal_places=10)
    original_value: Decimal = Measured
    original_conclusion: Conclusion
    retest_value: Decimal = Measured
    retest_conclusion: Conclusion
    tested_on: IsoDate


class RetestPublic(BaseModel):
    id: str
    year: int
    original_lab_id: str
    retest_lab_id: str
    sample_code: str
    food_category: str
    test_item: str
    method: str
    reproducibility_limit: DecimalStr
    original_value: DecimalStr
    original_conclusion: str
    retest_value: DecimalStr
    retest_conclusion: str
    outcome: str
    score: DecimalStr
    tested_on: date


class RetestsPublic(BaseModel):
    items: list[RetestPublic]
    next_cursor: str | None = None


@dataclass(frozen=True)
class RetestFilters:
    year: int | None = None
    lab_id: str | None = None  # original or re-testing lab
    original_lab_id: str | None = None
    sample_code: str | None = None
    outcome: RetestOutcome | None = None


class FindingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=5000)
    severity: Severity


class InspectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inspected_on: IsoDate = Field(le=date(2100, 12, 31))
    score: Decimal = Score
    summary: str = Field(min_length=1, max_length=20000)
    findings: list[FindingIn] = Field(default_factory=list, max_length=500)


class FindingPublic(BaseModel):
    id: str
    description: str
    severity: str
    found_on: date
    due_on: date
    state: str
    submitted_on: date | None
    approved_on: date | None
    note: str | None
    late: bool
    allowed_actions: list[str] = []


class InspectionPublic(BaseModel):
    id: str
    lab_id: str
    year: int
    inspected_on: date = Field(le=date(2100, 12, 31))
    score: DecimalStr
    summary: str
    findings: list[FindingPublic]


class InspectionsPublic(BaseModel):
    items: list[InspectionPublic]
    next_cursor: str | None = None


class RectificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    finding_id: str = Field(min_length=1, max_length=32)
    action: FindingAction
    on: IsoDate
    note: str | None = Field(default=None, max_length=5000)
