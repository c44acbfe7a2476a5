"""Request and response models."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Category = Literal["industrial", "urban_wastewater", "agricultural", "other"]


class JurisdictionPublic(BaseModel):
    code: str
    name: str
    kind: str


class OutfallCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    jurisdiction_code: str = Field(min_length=1, max_length=16)
    water_body_name: str = Field(min_length=1, max_length=100)
    water_body_code: str = Field(pattern=r"^[A-Z0-9]{2,16}$")
    longitude: float = Field(ge=-180, le=180, description="WGS84")
    latitude: float = Field(ge=-90, le=90, description="WGS84")
    address: str | None = Field(default=None, max_length=300)
    category: Category
    remarks: str | None = Field(default=None, max_length=2000)


class OutfallPublic(BaseModel):
    id: str
    code: str
    name: str
    jurisdiction_code: str
    water_body_name: str
    water_body_code: str
    longitude: float
    latitude: float
    address: str | None
    category: str
    status: str
    remarks: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class OutfallsPublic(BaseModel):
    items: list[OutfallPublic]
    next_cursor: str | None = None
