"""The 44 tasks of annex 3 and their weekly / monthly progress entries."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from renovation.common import JSON_TYPE, MONEY
from suitekit.timeutil import utcnow


class Task(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=16)  # e.g. "2022-07"
    programme_year: int = Field(foreign_key="programme.year", index=True)
    number: int
    section: str = Field(max_length=8)
    title: str = Field(max_length=200)
    main_tasks: str = Field(max_length=2000)
    lead_units: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    cooperating_units: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    deadline: dt.date
    deadline_inferred: bool = False
    status: str = Field(max_length=16, index=True)
    version: int = 1
    updated_at: dt.datetime = Field(default_factory=utcnow)


class TaskProgress(SQLModel, table=True):
    __tablename__ = "task_progress"

    id: str = Field(primary_key=True, max_length=32)
    task_id: str = Field(foreign_key="task.id", index=True, max_length=16)
    kind: str = Field(max_length=16)  # weekly | monthly
    period_start: dt.date
    district: str | None = Field(default=None, max_length=6)
    quantity_done: str | None = Field(default=None, max_length=500)
    money_spent_yuan: Decimal = Field(default=Decimal(0), sa_type=MONEY)
    note: str | None = Field(default=None, max_length=1000)
    status_after: str = Field(max_length=16)
    reported_by: str = Field(max_length=128)
    created_at: dt.datetime = Field(default_factory=utcnow)
