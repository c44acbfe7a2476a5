"""Proficiency-testing rounds (art. 13 item 2): analytes and each lab's results."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class PtRound(SQLModel, table=True):
    __tablename__ = "pt_round"

    id: str = Field(primary_key=True, max_length=32)
    year: int = Field(index=True)
    name: str = Field(max_length=200)
    food_category: str = Field(max_length=64)
    source: str = Field(max_length=16)
    state: str = Field(max_length=16)
    evaluated_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PtAnalyte(SQLModel, table=True):
    __tablename__ = "pt_analyte"
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: str = Field(primary_key=True, max_length=32)
    round_id: str = Field(foreign_key="pt_round.id", max_length=32, index=True)
    name: str = Field(max_length=128)
    unit: str = Field(max_length=32)
    assigned_value: Decimal | None = Field(default=None, max_digits=24, decimal_places=10)
    sigma_pt: Decimal | None = Field(default=None, max_digits=24, decimal_places=10)
    iterations: int | None = None


class PtResult(SQLModel, table=True):
    __tablename__ = "pt_result"
    __table_args__ = (UniqueConstraint("analyte_id", "lab_id"),)

    id: str = Field(primary_key=True, max_length=32)
    round_id: str = Field(foreign_key="pt_round.id", max_length=32, index=True)
    analyte_id: str = Field(foreign_key="pt_analyte.id", max_length=32, index=True)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    value: Decimal = Field(max_digits=24, decimal_places=10)
    z: Decimal | None = Field(default=None, max_digits=14, decimal_places=4)
    band: str | None = Field(default=None, max_length=16)
    score: Decimal | None = Field(default=None, max_digits=5, decimal_places=2)
