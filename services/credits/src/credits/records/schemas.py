"""Activities (research, social practice, volunteer service) and transferred credits."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from credits.common import Credits, CreditsIn, Hours
from credits.rules.activities import ActivityKind
from credits.rules.course_table import Category
from credits.rules.transfers import TransferOrigin
from suitekit.inputs import IsoDate, JsonBool

Evidence = Literal["proposal", "records", "materials", "outcome"]


class ActivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ActivityKind
    title: str = Field(min_length=1, max_length=200)
    occurred_on: IsoDate
    hours: Hours | None = Field(default=None, description="social practice / volunteer service")
    interdisciplinary: JsonBool = False
    evidence: list[Evidence] = Field(default_factory=list, description="research projects")
    outside_class_time: JsonBool = True
    host_organisation: str | None = Field(default=None, max_length=200)
    host_confirmation: str | None = Field(
        default=None, max_length=200, description="the host's confirmation (证明/签章) reference"
    )


class ActivityPublic(BaseModel):
    id: str
    student_id: str
    kind: str
    title: str
    occurred_on: date
    hours: Credits
    interdisciplinary: bool
    evidence: list[str]
    completed: bool
    outside_class_time: bool
    host_organisation: str | None
    host_confirmation: str | None
    created_at: datetime


class ActivitySummary(BaseModel):
    research_projects_completed: int
    research_credits: Credits
    social_practice_hours: Credits
    social_practice_credits: Credits
    volunteer_hours_counted: Credits
    volunteer_credits: Credits
    items: list[ActivityPublic]


class TransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    origin: TransferOrigin
    origin_school: str = Field(min_length=1, max_length=200)
    original_course: str = Field(
        min_length=1, max_length=200, description="the module or course the credit rests on"
    )
    subject_code: str = Field(min_length=1, max_length=8)
    category: Category
    credits: CreditsIn
    extension: JsonBool = False
    labour_eligible: JsonBool = False
    approval_ref: str | None = Field(default=None, max_length=100)
    mapping_note: str | None = Field(default=None, max_length=1000)


class TransferPublic(BaseModel):
    id: str
    student_id: str
    origin: str
    origin_school: str
    original_course: str
    subject_code: str
    category: str
    credits: Credits
    extension: bool
    labour_eligible: bool
    approval_ref: str | None
    mapping_note: str | None
    created_at: datetime
