"""Request and response models of the lab register."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from labs.common import CITY_CODE
from labs.rules.notices import NoticeDecision, NoticeKind
from labs.rules.uscc import normalise_uscc
from suitekit.inputs import IsoDate, JsonInt
from suitekit.money import Yuan, YuanOut

Category = Field(min_length=1, max_length=64)
LAST_DAY = date(2100, 12, 31)  # keeps date arithmetic (bars, suspensions) within range
TestItem = Field(min_length=1, max_length=128)


class ScopeItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    food_category: str = Category
    test_item: str = TestItem


class LabCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    uscc: str = Field(description="unified social credit code (GB 32100)")
    jurisdiction_code: str = Field(default=CITY_CODE, pattern=r"^\d{6}$")
    contract_start: IsoDate = Field(le=LAST_DAY)
    contract_end: IsoDate = Field(le=LAST_DAY)
    contract_fee: Yuan
    capacity: JsonInt = Field(ge=0, le=100_000, description="open tasks the lab can hold at once")
    scope: list[ScopeItemIn] = Field(default_factory=list, max_length=2000)

    @field_validator("uscc")
    @classmethod
    def uscc_has_valid_check_character(cls, value: str) -> str:
        normalised = normalise_uscc(value)
        if normalised is None:
            raise ValueError("not a valid GB 32100 unified social credit code")
        return normalised

    @model_validator(mode="after")
    def contract_ends_after_start(self) -> "LabCreate":
        if self.contract_end < self.contract_start:
            raise ValueError("contract_end is before contract_start")
        return self


class LabUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    contract_end: IsoDate | None = Field(default=None, le=LAST_DAY)
    contract_fee: Yuan | None = None
    capacity: JsonInt | None = Field(default=None, ge=0, le=100_000)


class ScopeAdd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ScopeItemIn] = Field(min_length=1, max_length=2000)
    added_on: IsoDate


class ScopeItemPublic(BaseModel):
    food_category: str
    test_item: str
    added_on: date


class LabPublic(BaseModel):
    id: str
    name: str
    uscc: str
    jurisdiction_code: str
    contract_start: date
    contract_end: date
    contract_fee: YuanOut
    capacity: int
    status: str
    status_until: date | None
    status_on: date
    open_tasks: int
    scope: list[ScopeItemPublic]
    version: int
    created_at: datetime
    updated_at: datetime


class LabsPublic(BaseModel):
    items: list[LabPublic]
    next_cursor: str | None = None


class NoticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: NoticeKind
    submitted_on: IsoDate
    description: str = Field(min_length=1, max_length=5000)
    producer: str | None = Field(default=None, min_length=1, max_length=200)
    lost_items: list[ScopeItemIn] = Field(default_factory=list, max_length=2000)


class NoticeHandle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: NoticeDecision
    handled_on: IsoDate
    note: str = Field(min_length=1, max_length=5000)


class ReassignmentPublic(BaseModel):
    moved: list[dict[str, str]]
    unplaced: list[str]


class NoticePublic(BaseModel):
    id: str
    lab_id: str
    kind: str
    article: int
    item: int | None
    submitted_on: date
    description: str
    producer: str | None
    lost_items: list[list[str]]
    state: str
    decision: str | None
    handled_on: date | None
    handling_note: str | None
    reassignment: ReassignmentPublic | None = None
    allowed_actions: list[str] = []


class NoticesPublic(BaseModel):
    items: list[NoticePublic]
    next_cursor: str | None = None
