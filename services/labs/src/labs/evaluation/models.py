"""Per-year weights and the published annual evaluations (art. 11, 14)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class YearWeightsRecord(SQLModel, table=True):
    __tablename__ = "year_weights"

    year: int = Field(primary_key=True)
    weights: dict[str, Any] = Field(sa_type=JSON)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class Evaluation(SQLModel, table=True):
    year: int = Field(primary_key=True)
    state: str = Field(max_length=16)
    published_on: date
    published_by: str = Field(max_length=128)
    weights: dict[str, Any] = Field(sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow)


class EvaluationRow(SQLModel, table=True):
    __tablename__ = "evaluation_row"

    id: str = Field(primary_key=True, max_length=32)
    year: int = Field(foreign_key="evaluation.year", index=True)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    daily: Decimal = Field(max_digits=5, decimal_places=2)
    technical: Decimal = Field(max_digits=5, decimal_places=2)
    composite: Decimal = Field(max_digits=5, decimal_places=2)
    rank: int
    daily_passed: bool
    technical_passed: bool
    basis: dict[str, Any] = Field(sa_type=JSON)
