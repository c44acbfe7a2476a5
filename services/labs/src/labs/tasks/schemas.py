"""Request and response models of tasks and allocation."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from labs.common import CITY_CODE, OptionalDecimalStr
from labs.rules.tasks import Conclusion
from suitekit.inputs import IsoDate

TestItems = Field(min_length=1, max_length=50)


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lab_id: str = Field(min_length=1, max_length=32)
    jurisdiction_code: str = Field(default=CITY_CODE, pattern=r"^\d{6}$")
    food_category: str = Field(min_length=1, max_length=64)
    test_items: list[str] = TestItems
    producer: str | None = Field(default=None, min_length=1, max_length=200)
    assigned_on: IsoDate
    report_due_on: IsoDate

    @model_validator(mode="after")
    def due_after_assignment(self) -> "TaskCreate":
        if self.report_due_on < self.assigned_on:
            raise ValueError("report_due_on is before assigned_on")
        if any(not item.strip() for item in self.test_items):
            raise ValueError("test_items may not be blank")
        return self


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: IsoDate


class TestedIn(StepIn):
    conclusion: Conclusion


class TaskPublic(BaseModel):
    id: str
    lab_id: str
    jurisdiction_code: str
    food_category: str
    test_items: list[str]
    producer: str | None
    state: str
    allowed_actions: list[str]
    assigned_on: date
    report_due_on: date
    sampled_on: date | None
    tested_on: date | None
    reported_on: date | None
    conclusion: str | None
    late_report: bool
    needs_reassignment: bool
    version: int
    created_at: datetime
    updated_at: datetime


class TasksPublic(BaseModel):
    items: list[TaskPublic]
    next_cursor: str | None = None


class DemandIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ref: str = Field(min_length=1, max_length=64)
    food_category: str = Field(min_length=1, max_length=64)
    test_items: list[str] = TestItems
    producer: str | None = Field(default=None, min_length=1, max_length=200)


class AllocationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: IsoDate | None = None
    tasks: list[DemandIn] = Field(min_length=1, max_length=5000)

    @model_validator(mode="after")
    def refs_are_unique(self) -> "AllocationRequest":
        if len({t.ref for t in self.tasks}) != len(self.tasks):
            raise ValueError("task refs must be unique")
        return self


class Placement(BaseModel):
    ref: str
    lab_id: str
    lab_name: str
    composite: OptionalDecimalStr


class AllocationProposal(BaseModel):
    on: date
    placements: list[Placement]
    unplaced: list[str]
