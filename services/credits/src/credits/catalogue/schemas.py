"""Course table, schools and students."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from credits.common import Credits, CreditsIn
from credits.rules.course_table import ArtsMode, Category, SchoolType
from suitekit.inputs import JsonBool, JsonInt


class SubjectPublic(BaseModel):
    code: str
    name: str
    table_ref: str
    compulsory_credits: Credits
    range_group: str
    selective_max: Credits
    elective_max: Credits | None
    variant: str


class ModuleCreate(BaseModel):
    """A school's own module (校本课程 or a further module of a subject)."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    subject_code: str = Field(min_length=1, max_length=8)
    category: Category
    name: str = Field(min_length=1, max_length=200)
    credits: CreditsIn
    extension: JsonBool = False
    labour_eligible: JsonBool = False
    ice_snow: JsonBool = False


class ModulePublic(BaseModel):
    id: str
    school_id: str | None
    subject_code: str
    category: str
    name: str
    credits: Credits
    periods: int
    extension: bool
    series: str | None
    labour_eligible: bool
    ice_snow: bool


class ModulesPublic(BaseModel):
    items: list[ModulePublic]
    next_cursor: str | None = None


class SchoolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[0-9A-Za-z-]{4,32}$")
    name: str = Field(min_length=1, max_length=200)
    county_code: str = Field(pattern=r"^\d{6}$")
    school_type: SchoolType
    arts_mode: ArtsMode = ArtsMode.music_and_fine_art

    @field_validator("code")
    @classmethod
    def _not_a_division_code(cls, code: str) -> str:
        """Clients are scoped by division codes and school codes: one must never read as the
        other, or a school coded `231003` would fall within the 231003 bureau's reach."""
        if len(code) == 6 and code.isdigit():
            raise ValueError("a school code cannot be six digits alone (that is a division code)")
        return code


class SchoolPublic(BaseModel):
    id: str
    code: str
    name: str
    county_code: str
    school_type: str
    arts_mode: str
    version: int
    created_at: datetime


class SchoolsPublic(BaseModel):
    items: list[SchoolPublic]
    next_cursor: str | None = None


class StudentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: str
    student_no: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)
    cohort_year: JsonInt = Field(ge=2000, le=2100)
    takes_national_exam: JsonBool = True


class StudentPublic(BaseModel):
    id: str
    school_id: str
    student_no: str
    name: str
    cohort_year: int
    takes_national_exam: bool
    status: str
    version: int
    created_at: datetime


class StudentsPublic(BaseModel):
    items: list[StudentPublic]
    next_cursor: str | None = None


class LeaveAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class ElectiveVoteCreate(BaseModel):
    """附件2 二(二)2: the course committee's vote on opening an elective module."""

    model_config = ConfigDict(extra="forbid")

    module_id: str
    votes_for: JsonInt = Field(ge=0)
    committee_size: JsonInt = Field(ge=1, le=200)


class ElectiveVotePublic(BaseModel):
    id: str
    school_id: str
    module_id: str
    votes_for: int
    committee_size: int
    opened: bool
    created_at: datetime


class ElectiveOfferPublic(BaseModel):
    school_id: str
    school_type: str
    required: Credits
    offered: Credits
    missing: Credits
    met: bool
    clause: str = "附件2 二(一)2, 二(二)2"
    opened: list[ElectiveVotePublic]


class IntegrityRecordCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(min_length=1, max_length=64)
    role: Literal["teacher", "committee_member", "office_member", "group_member"]
    finding: str = Field(min_length=1, max_length=2000)


class IntegrityRecordPublic(BaseModel):
    id: str
    school_id: str
    person: str
    role: str
    finding: str
    recorded_by: str
    created_at: datetime
