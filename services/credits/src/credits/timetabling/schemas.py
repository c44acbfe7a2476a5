"""Timetables built from the course selection."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import JsonInt, JsonNumber


class TimetableCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    round_id: str
    periods_per_week: dict[str, JsonInt] = Field(
        description="weekly periods of each teaching class, per subject code"
    )
    teachers: dict[str, list[str]] = Field(description="teachers per subject code")
    rooms: list[str] = Field(min_length=1, max_length=200)
    days: JsonInt = Field(default=5, ge=1, le=7)
    periods_per_day: JsonInt = Field(default=7, ge=1, le=12)
    time_limit_seconds: JsonNumber = Field(default=10, gt=0, le=60)


class MeetingPublic(BaseModel):
    day: int
    period: int
    room: str


class ClassPublic(BaseModel):
    code: str
    subject_code: str
    teacher: str
    students: int
    meetings: list[MeetingPublic]


class TimetablePublic(BaseModel):
    id: str
    school_id: str
    round_id: str
    days: int
    periods_per_day: int
    solver_status: str
    solver_seconds: float
    created_at: datetime
    classes: list[ClassPublic]


class TimetablesPublic(BaseModel):
    items: list[TimetablePublic]
    next_cursor: str | None = None


class PersonalEntry(BaseModel):
    day: int
    period: int
    subject_code: str
    class_code: str
    teacher: str
    room: str


class PersonalTimetable(BaseModel):
    """一人一课表: a student's, a teacher's or a room's week."""

    timetable_id: str
    who: str
    entries: list[PersonalEntry]
