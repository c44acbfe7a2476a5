"""Tables of the outfall register."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class Jurisdiction(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=64)
    kind: str = Field(max_length=32)


class OutfallBase(SQLModel):
    name: str = Field(max_length=200)
    jurisdiction_code: str = Field(foreign_key="jurisdiction.code", max_length=16, index=True)
    water_body_name: str = Field(max_length=100)
    water_body_code: str = Field(max_length=32)
    longitude: float
    latitude: float
    address: str | None = Field(default=None, max_length=300)
    category: str = Field(max_length=32, index=True)
    remarks: str | None = Field(default=None, max_length=2000)


class Outfall(OutfallBase, table=True):
    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(unique=True, max_length=64)
    status: str = Field(max_length=32, index=True)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
