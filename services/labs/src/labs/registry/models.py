"""Tables of the lab register: labs, their accredited scope and their own notices."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class Lab(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    uscc: str = Field(unique=True, max_length=18)
    jurisdiction_code: str = Field(max_length=16, index=True)
    contract_start: date
    contract_end: date
    contract_fee: Decimal = Field(max_digits=14, decimal_places=2)
    capacity: int
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class LabScopeItem(SQLModel, table=True):
    __tablename__ = "lab_scope_item"

    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    food_category: str = Field(max_length=64)
    test_item: str = Field(max_length=128)
    added_on: date
    removed_on: date | None = None
    removed_reason: str | None = Field(default=None, max_length=500)


class LabNotice(SQLModel, table=True):
    __tablename__ = "lab_notice"

    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    kind: str = Field(max_length=32)
    article: int
    item: int | None = None
    submitted_on: date
    description: str = Field(sa_type=Text)
    producer: str | None = Field(default=None, max_length=200)
    lost_items: list[list[str]] = Field(default_factory=list, sa_type=JSON)
    state: str = Field(max_length=16, index=True)
    decision: str | None = Field(default=None, max_length=16)
    handled_on: date | None = None
    handling_note: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
