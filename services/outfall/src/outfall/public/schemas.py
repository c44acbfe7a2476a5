"""Public (anonymous) views: signboard information only, no internal fields."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import JsonNumber


class SignboardPublic(BaseModel):
    """What the signboard shows (§六(七) 通过标识牌...主动向社会公开排污口相关信息)."""

    code: str
    name: str
    responsible_party: str | None
    water_body: str
    supervising_bureau: str
    jurisdiction: str
    longitude: float
    latitude: float
    public_url: str


class SignboardsPublic(BaseModel):
    items: list[SignboardPublic]
    next_cursor: str | None = None


class Signboard(SignboardPublic):
    """The internal signboard record, with its QR code (HJ 1314-2023)."""

    outfall_id: str
    qr_svg: str
    qr_png_url: str


class TipOffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    location: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=5, max_length=5000)
    longitude: JsonNumber | None = Field(default=None, ge=-180, le=180)
    latitude: JsonNumber | None = Field(default=None, ge=-90, le=90)
    contact: str | None = Field(
        default=None, max_length=200, description="optional; never shown publicly"
    )


class TipOffReceipt(BaseModel):
    id: str
    status: str
    received_at: datetime


class TipOffPublic(BaseModel):
    id: str
    location: str
    description: str
    longitude: float | None
    latitude: float | None
    contact: str | None
    status: str
    created_at: datetime
    outfall_code: str | None = None
    has_photo: bool = False
    forwarded_to: str | None = None
    handled_note: str | None = None


class TipOffsPublic(BaseModel):
    items: list[TipOffPublic]
    next_cursor: str | None = None
