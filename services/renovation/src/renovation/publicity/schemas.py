"""Request and response models of public boards, the QR code and the public page."""

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import IsoDate, JsonBool
from suitekit.money import DecimalStr, YuanOut

PHONE = r"^(1\d{10}|0\d{2,3}-?\d{7,8})$"


class BoardUnit(BaseModel):
    """A unit the board names (工程公告: 建设、设计、施工、监理单位)."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["owner", "designer", "builder", "supervisor"]
    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, pattern=PHONE)


class BoardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["effect_drawings", "content_schedule", "announcement"]
    title: str = Field(min_length=1, max_length=200)
    supervisor_phones: list[str] = Field(
        default_factory=list, description="resident supervisors' phones (content board)"
    )
    shows_qr: JsonBool = False
    installed_on: IsoDate
    content: str | None = Field(default=None, max_length=5000, description="the board's text")
    units: list[BoardUnit] = Field(
        default_factory=list, max_length=20, description="construction, supervision ... units"
    )

    def phone_errors(self) -> list[tuple[str, str]]:
        return [
            (f"supervisor_phones.{i}", "not a mainland mobile or landline number")
            for i, phone in enumerate(self.supervisor_phones)
            if not re.fullmatch(PHONE, phone)
        ]


class BoardPublic(BaseModel):
    id: str
    kind: str
    title: str
    supervisor_phones: list[str]
    shows_qr: bool
    installed_on: IsoDate
    content: str | None = None
    units: list[BoardUnit] = []


class PublicityStatus(BaseModel):
    boards: list[BoardPublic]
    public_url: str
    ready_to_start: bool
    missing: list[str]


class PublicProjectPage(BaseModel):
    """What anyone scanning the project's QR code sees (§五(四)5: 接受社会各界监督)."""

    id: str
    name: str
    district_name: str
    programme_year: int
    content_class: str
    checklist: list[str]
    floor_area_m2: DecimalStr
    buildings: int
    households: int
    total_investment_yuan: YuanOut
    phase: str
    boards: list[BoardPublic]
    supervisor_phones: list[str]
