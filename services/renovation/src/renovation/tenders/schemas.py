"""Request and response models of tender sections and the bundling proposal."""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from renovation.common import Area
from renovation.projects.schemas import District
from suitekit.inputs import JsonBool, JsonInt
from suitekit.money import DecimalStr


class PartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: str
    area_m2: Area | None = Field(default=None, description="default: the project's remainder")


class SectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_year: JsonInt = Field(ge=2000, le=2100)
    district: District
    name: str = Field(min_length=1, max_length=200)
    already_published: JsonBool = Field(
        default=False, description="tender already announced: exempt from the m² range"
    )
    parts: list[PartIn] = Field(min_length=1)


class PartPublic(BaseModel):
    project_id: str
    area_m2: DecimalStr


class SectionPublic(BaseModel):
    id: str
    programme_year: int
    district: str
    name: str
    already_published: bool
    area_m2: DecimalStr
    parts: list[PartPublic]
    created_at: dt.datetime


class SectionsPublic(BaseModel):
    items: list[SectionPublic]
    next_cursor: str | None = None


class ProposeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_year: JsonInt = Field(ge=2000, le=2100)
    district: District
    allow_split: JsonBool = Field(
        default=True, description="may cut projects across sections when whole ones cannot fit"
    )


class ProposedSectionPublic(BaseModel):
    area_m2: DecimalStr
    parts: list[PartPublic]


class ProposalPublic(BaseModel):
    district: str
    programme_year: int
    feasible: bool
    reason: str | None
    min_m2: DecimalStr
    max_m2: DecimalStr
    sections: list[ProposedSectionPublic]
    divided_projects: list[str]
