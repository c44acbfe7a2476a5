"""Taking a module: enrollments, the absence log, evaluation, exams, exemptions."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import IsoDate, JsonBool, JsonInt


class EnrollmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    student_id: str
    module_id: str
    term: str = Field(pattern=r"^\d{4}-[12]$", description="school year and term, e.g. 2022-1")
    teacher: str = Field(min_length=1, max_length=64)


class AbsenceCreate(BaseModel):
    """One line of 《学生模块修习缺席登记表》."""

    model_config = ConfigDict(extra="forbid")

    on_date: IsoDate
    periods: JsonInt = Field(ge=1, le=35)
    reason: str | None = Field(default=None, max_length=500)


class ResultCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passed: JsonBool
    note: str | None = Field(default=None, max_length=2000)


class RetakeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: str = Field(pattern=r"^\d{4}-[12]$")
    teacher: str = Field(min_length=1, max_length=64)


class SwitchCreate(RetakeCreate):
    module_id: str


class AbsencePublic(BaseModel):
    id: str
    on_date: date
    periods: int
    reason: str | None
    recorded_by: str


class EnrollmentPublic(BaseModel):
    id: str
    school_id: str
    student_id: str
    module_id: str
    term: str
    teacher: str
    kind: str
    previous_id: str | None
    periods: int
    periods_absent: int
    max_absences_allowed: int
    evaluation_passed: bool | None
    exam_passed: bool | None
    make_up_passed: bool | None
    exempt: bool
    outcome: str
    closed: bool
    allowed_actions: list[str]
    remedies: list[str]
    version: int
    created_at: datetime
    absences: list[AbsencePublic] = []


class EnrollmentsPublic(BaseModel):
    items: list[EnrollmentPublic]
    next_cursor: str | None = None


class ExemptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enrollment_id: str
    reason: str = Field(min_length=1, max_length=2000)


class ExemptionDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "refuse"]
    decided_by: str = Field(min_length=1, max_length=64)
    note: str | None = Field(default=None, max_length=2000)


class ExemptionPublic(BaseModel):
    id: str
    enrollment_id: str
    school_id: str
    reason: str
    state: str
    decided_by: str | None
    decision_note: str | None
    created_at: datetime
    decided_at: datetime | None
    allowed_actions: list[str] = []


class ExemptionsPublic(BaseModel):
    items: list[ExemptionPublic]
    next_cursor: str | None = None
