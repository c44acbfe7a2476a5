"""Sampling-and-testing tasks and the history of which lab held each."""

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class Task(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    jurisdiction_code: str = Field(max_length=16, index=True)
    food_category: str = Field(max_length=64, index=True)
    test_items: list[str] = Field(sa_type=JSON)
    producer: str | None = Field(default=None, max_length=200)
    state: str = Field(max_length=16, index=True)
    assigned_on: date
    report_due_on: date
    sampled_on: date | None = None
    tested_on: date | None = None
    reported_on: date | None = None
    conclusion: str | None = Field(default=None, max_length=16)
    late_report: bool = False
    needs_reassignment: bool = Field(default=False, index=True)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TaskAssignment(SQLModel, table=True):
    __tablename__ = "task_assignment"

    id: str = Field(primary_key=True, max_length=32)
    task_id: str = Field(foreign_key="task.id", max_length=32, index=True)
    lab_id: str = Field(max_length=32)
    from_lab_id: str | None = Field(default=None, max_length=32)
    assigned_on: date
    reason: str = Field(max_length=500)
