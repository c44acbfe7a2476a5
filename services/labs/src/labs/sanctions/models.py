"""Violations on record; each carries the sanction derived from its article and item."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class Violation(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    lab_id: str = Field(foreign_key="lab.id", max_length=32, index=True)
    article: int
    item: int
    clause_text: str = Field(max_length=500)
    description: str = Field(sa_type=Text)
    evidence: str = Field(sa_type=Text)
    found_on: date
    decided_on: date
    consequence: str = Field(max_length=32)
    status: str | None = Field(default=None, max_length=32)
    starts_on: date
    ends_on: date | None = None
    recover_fees: bool = False
    fee_to_recover: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    # art. 16: the violation under which this contract's fees are already being recovered
    fees_recovered_under: str | None = Field(default=None, max_length=32)
    # art. 17(1): the art. 18 suspension and the failed re-inspection it rests on
    suspension_id: str | None = Field(default=None, max_length=32)
    reinspection_id: str | None = Field(default=None, max_length=32)
    end_entrustment: bool = False
    interview: bool = False
    rectify_by: date | None = None
    suspension_months: int | None = None
    referral: bool = False
    referred_to: str | None = Field(default=None, max_length=200)
    lifted_on: date | None = None
    lift_reason: str | None = Field(default=None, sa_type=Text)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
