"""Request and response models of the annex-3 tasks and their progress entries."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import IsoDate
from suitekit.money import Yuan, YuanOut


class ProgressCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["weekly", "monthly"]
    period_start: IsoDate = Field(description="Monday of the week, or the 1st of the month")
    district: str | None = Field(default=None, pattern=r"^\d{6}$")
    quantity_done: str | None = Field(default=None, max_length=500)
    money_spent_yuan: Yuan = Field(default=Decimal("0.00"))
    note: str | None = Field(default=None, max_length=1000)
    status: Literal["in_progress", "done"] = "in_progress"


class ProgressPublic(BaseModel):
    id: str
    task_id: str
    kind: str
    period_start: IsoDate
    district: str | None
    quantity_done: str | None
    money_spent_yuan: YuanOut
    note: str | None
    status_after: str
    reported_by: str
    created_at: dt.datetime


class TaskPublic(BaseModel):
    id: str
    programme_year: int
    number: int
    section: str
    title: str
    main_tasks: str
    lead_units: list[str]
    cooperating_units: list[str]
    deadline: IsoDate
    deadline_inferred: bool
    status: str
    overdue: bool
    money_spent_yuan: YuanOut
    version: int


class TasksPublic(BaseModel):
    items: list[TaskPublic]
    next_cursor: str | None = None


class TaskDetail(TaskPublic):
    progress: list[ProgressPublic]
