"""Daily quality scores, retained-sample re-tests and on-site inspections (art. 12-13)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class DailyScore(SQLModel, table=True):
    __tablename__ = "daily_score"
    __table_args__ = (UniqueConstraint("lab_id", "year", "period_kind", "period_index"),)

    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    year: int = Field(index=True)
    period_kind: str = Field(max_length=16)
    period_index: int
    items: dict[str, str] = Field(sa_type=JSON)
    score: Decimal = Field(max_digits=5, decimal_places=2)
    evidence: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


class Retest(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    year: int = Field(index=True)
    original_lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    retest_lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    sample_code: str = Field(max_length=64)
    food_category: str = Field(max_length=64)
    test_item: str = Field(max_length=128)
    method: str = Field(max_length=128)
    reproducibility_limit: Decimal = Field(max_digits=24, decimal_places=10)
    original_value: Decimal = Field(max_digits=24, decimal_places=10)
    original_conclusion: str = Field(max_length=16)
    retest_value: Decimal = Field(max_digits=24, decimal_places=10)
    retest_conclusion: str = Field(max_length=16)
    outcome: str = Field(max_length=32)
    score: Decimal = Field(max_digits=5, decimal_places=2)
    tested_on: date
    created_at: datetime = Field(default_factory=utcnow)


class Inspection(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    year: int = Field(index=True)
    inspected_on: date
    score: Decimal = Field(max_digits=5, decimal_places=2)
    summary: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


class InspectionFinding(SQLModel, table=True):
    __tablename__ = "inspection_finding"

    id: str = Field(primary_key=True, max_length=32)
    inspection_id: str = Field(foreign_key="inspection.id", max_length=32, index=True)
    lab_id: str = Field(max_length=32, index=True)
    description: str = Field(sa_type=Text)
    severity: str = Field(max_length=16)
    found_on: date
    due_on: date
    state: str = Field(max_length=16)
    submitted_on: date | None = None
    approved_on: date | None = None
    note: str | None = Field(default=None, sa_type=Text)
