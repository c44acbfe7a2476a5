"""The graduation audit's response shapes."""

from pydantic import BaseModel, ConfigDict, Field

from credits.common import Credits


class AllocationPublic(BaseModel):
    source_id: str
    name: str
    credits: Credits


class LinePublic(BaseModel):
    key: str
    label: str
    required: Credits | None
    earned: Credits
    missing: Credits
    allocations: list[AllocationPublic]


class BucketPublic(BaseModel):
    key: str
    required: Credits
    earned: Credits
    missing: Credits
    lines: list[LinePublic]


class CheckPublic(BaseModel):
    key: str
    clause: str
    required: Credits
    earned: Credits
    missing: Credits
    met: bool


class NotCountedPublic(BaseModel):
    source_id: str
    name: str
    credits: Credits
    reason: str


class AuditPublic(BaseModel):
    student_id: str
    school_id: str
    variant: str
    eligible: bool
    total_required: Credits
    total_earned: Credits
    buckets: list[BucketPublic]
    checks: list[CheckPublic]
    not_counted: list[NotCountedPublic]
    ice_snow_credit: bool
    notes: list[str]
    hypothetical: list[str] = []


class WhatIf(BaseModel):
    model_config = ConfigDict(extra="forbid")

    module_ids: list[str] = Field(min_length=1, max_length=100)


class StudentStanding(BaseModel):
    student_id: str
    student_no: str
    name: str
    eligible: bool
    total_earned: Credits
    shortfalls: list[CheckPublic]


class SchoolAuditPublic(BaseModel):
    school_id: str
    students: int
    eligible: int
    short: int
    items: list[StudentStanding]
    next_cursor: str | None = None
