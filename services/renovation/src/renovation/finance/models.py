"""Money of a project: resident contributions, demolitions, funding entries, change requests."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from renovation.common import MONEY
from suitekit.timeutil import utcnow


class Contribution(SQLModel, table=True):
    """A resident payment into the district escrow, or a hardship reduction (§五(一)3)."""

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    kind: str = Field(max_length=16)  # payment | reduction
    amount_yuan: Decimal = Field(sa_type=MONEY)
    household_ref: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=500)
    escrow_account: str | None = Field(default=None, max_length=64)
    on_date: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow)


class Demolition(SQLModel, table=True):
    """Sheds and other structures removed with their compensation (§四(一)6, §五(一)6)."""

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    kind: str = Field(max_length=32)
    count: int
    cost_amount_yuan: Decimal | None = Field(default=None, sa_type=MONEY)
    compensation_yuan: Decimal = Field(sa_type=MONEY)
    description: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime = Field(default_factory=utcnow)


class FundingEntry(SQLModel, table=True):
    """A commitment or a receipt of money from one source (§五(一))."""

    __tablename__ = "funding_entry"

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    source: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # commitment | receipt
    amount_yuan: Decimal = Field(sa_type=MONEY)
    on_date: dt.date
    reference: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ChangeRequest(SQLModel, table=True):
    """Added water/heat work outside the feasibility study (§五(一)5)."""

    __tablename__ = "change_request"

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    work: str = Field(max_length=16)
    description: str = Field(max_length=1000)
    new_investment_yuan: Decimal = Field(sa_type=MONEY)
    original_total_investment_yuan: Decimal = Field(sa_type=MONEY)
    in_feasibility_study: bool
    needs_application: bool
    utility_share_yuan: Decimal = Field(sa_type=MONEY)
    status: str = Field(max_length=32)
    approval_ref: str | None = Field(default=None, max_length=100)
    spent_yuan: Decimal | None = Field(default=None, sa_type=MONEY)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
