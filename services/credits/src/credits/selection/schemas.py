"""Course selection (附件3 三(一)5)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from credits.rules.selection import SelectionState
from suitekit.inputs import IsoDate, JsonInt


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cohort_year: JsonInt = Field(ge=2000, le=2100)
    hesitation_until: IsoDate = Field(description="last day of the hesitation period (犹豫期)")
    class_size: JsonInt = Field(default=45, ge=1, le=80)


class RoundPublic(BaseModel):
    id: str
    school_id: str
    cohort_year: int
    hesitation_until: date
    class_size: int
    created_at: datetime


class SelectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    round_id: str
    student_id: str
    subjects: list[str] = Field(min_length=1, max_length=6)


class ChangeRequest(BaseModel):
    """退、改选申请: a new combination, or withdrawal when `subjects` is empty."""

    model_config = ConfigDict(extra="forbid")

    subjects: list[str] = Field(default_factory=list, max_length=6)
    reason: str = Field(min_length=1, max_length=2000)


class ChangeDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=2000)


class SelectionPublic(BaseModel):
    id: str
    round_id: str
    school_id: str
    student_id: str
    subjects: list[str]
    requested_subjects: list[str] | None
    state: str
    allowed_actions: list[str]
    version: int
    created_at: datetime


class SelectionStatsPublic(BaseModel):
    round_id: str
    students: int
    per_subject: dict[str, int]
    per_combination: dict[str, int]
    teaching_classes: dict[str, int]
    rooms_needed: int
    class_size: int


class SelectionsPublic(BaseModel):
    items: list[SelectionPublic]
    next_cursor: str | None = None


class RoundsPublic(BaseModel):
    items: list[RoundPublic]
    next_cursor: str | None = None


@dataclass(frozen=True)
class SelectionFilters:
    school_id: str | None = None
    round_id: str | None = None
    student_id: str | None = None
    state: SelectionState | None = None
