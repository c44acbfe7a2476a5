"""Projects (one community each), their consultations and satisfaction surveys."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from renovation.common import AREA, JSON_TYPE, MONEY
from suitekit.timeutil import utcnow


class Project(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    programme_year: int = Field(foreign_key="programme.year", index=True)
    district: str = Field(max_length=6, index=True)
    name: str = Field(max_length=200)
    buildings: int
    households: int
    floor_area_m2: Decimal = Field(sa_type=AREA)
    content_class: str = Field(max_length=16)
    checklist: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    demonstration: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    courtyard_investment_yuan: Decimal = Field(sa_type=MONEY)
    building_investment_yuan: Decimal = Field(sa_type=MONEY)
    utility_facility_investment_yuan: Decimal = Field(sa_type=MONEY)
    weak_current_investment_yuan: Decimal = Field(sa_type=MONEY)
    phase: str = Field(max_length=16, index=True)
    approval_submitted_on: dt.date | None = None
    approval_completed_on: dt.date | None = None
    accepted_on: dt.date | None = None
    acceptance_parties: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    archived_on: dt.date | None = None
    property_mode: str | None = Field(default=None, max_length=32)
    contract_filing_ref: str | None = Field(default=None, max_length=100)
    demo_key: str | None = Field(default=None, max_length=64, unique=True)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    @property
    def total_investment_yuan(self) -> Decimal:
        return self.courtyard_investment_yuan + self.building_investment_yuan

    def touch(self) -> None:
        self.version += 1
        self.updated_at = utcnow()


class Consultation(SQLModel, table=True):
    """A resident consultation before design (§四(一)4)."""

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    held_on: dt.date
    households: int
    polled: int
    agree: int
    disagree: int
    abstain: int
    reached: bool
    created_at: dt.datetime = Field(default_factory=utcnow)


class SatisfactionSurvey(SQLModel, table=True):
    """Post-renovation satisfaction survey (§四(一)4, annex 3 no.44)."""

    __tablename__ = "satisfaction_survey"

    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    surveyed_on: dt.date
    surveyed: int
    satisfied: int
    created_at: dt.datetime = Field(default_factory=utcnow)
