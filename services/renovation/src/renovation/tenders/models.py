"""Tender sections bundling projects (§四(一)3)."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from renovation.common import AREA
from suitekit.timeutil import utcnow


class TenderSection(SQLModel, table=True):
    __tablename__ = "tender_section"

    id: str = Field(primary_key=True, max_length=32)
    programme_year: int = Field(foreign_key="programme.year", index=True)
    district: str = Field(max_length=6, index=True)
    name: str = Field(max_length=200)
    already_published: bool = False
    area_m2: Decimal = Field(sa_type=AREA)
    created_at: dt.datetime = Field(default_factory=utcnow)


class TenderSectionPart(SQLModel, table=True):
    """The part of a project's floor area that a section covers."""

    __tablename__ = "tender_section_part"

    section_id: str = Field(foreign_key="tender_section.id", primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", primary_key=True, max_length=32)
    area_m2: Decimal = Field(sa_type=AREA)
