"""Request and response models of the register (outfalls, reference data, history)."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from outfall.rules.categories import categories
from outfall.rules.remediation import ProtectedArea
from outfall.rules.survey import SurveyMethod
from suitekit.inputs import IsoAwareDateTime, JsonBool, JsonNumber


def known_category(value: str | None) -> str | None:
    if value is not None and value not in categories():
        raise ValueError(f"unknown category; one of {sorted(categories())}")
    return value


def known_subtype(value: str | None) -> str | None:
    codes = {s.code for c in categories().values() for s in c.subtypes}
    if value is not None and value not in codes:
        raise ValueError("unknown subtype; see GET /v1/categories")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JurisdictionPublic(BaseModel):
    code: str
    name: str
    kind: str


class SubtypePublic(BaseModel):
    code: str
    name_zh: str
    lead_bureau: str
    lead_bureau_name: str
    assisting_bureaus: list[str]


class CategoryPublic(BaseModel):
    code: str
    name_zh: str
    type_code: str
    subtypes: list[SubtypePublic]


class AttachmentIn(Strict):
    file_name: str = Field(min_length=1, max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    taken_at: IsoAwareDateTime | None = None


class AttachmentPublic(BaseModel):
    id: str
    file_name: str
    sha256: str
    taken_at: datetime | None


class OutfallCreate(Strict):
    """Registration from a survey (§五(一)1)."""

    survey_level: Literal[1, 2, 3]
    survey_method: SurveyMethod
    surveyed_at: IsoAwareDateTime
    surveyor: str | None = Field(default=None, max_length=100)
    jurisdiction_code: str = Field(min_length=1, max_length=16)
    water_body_name: str = Field(min_length=1, max_length=100)
    water_body_code: str = Field(min_length=1, max_length=32)
    location_name: str = Field(
        min_length=1,
        max_length=100,
        description="place or responsible party, used in the standard name",
    )
    longitude: JsonNumber = Field(ge=-180, le=180, description="WGS84")
    latitude: JsonNumber = Field(ge=-90, le=90, description="WGS84")
    address: str | None = Field(default=None, max_length=300)
    category: str | None = Field(default=None, max_length=32)
    subtype: str | None = Field(default=None, max_length=48)
    protected_area: ProtectedArea | None = None
    remarks: str | None = Field(default=None, max_length=2000)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=50)

    _category = field_validator("category")(known_category)
    _subtype = field_validator("subtype")(known_subtype)


class OutfallUpdate(Strict):
    """Descriptive fields only; state, code and party change through actions."""

    address: str | None = Field(default=None, max_length=300)
    category: str | None = Field(default=None, max_length=32)
    subtype: str | None = Field(default=None, max_length=48)
    protected_area: ProtectedArea | None = None
    remarks: str | None = Field(default=None, max_length=2000)
    paper_ledger: JsonBool | None = None

    _category = field_validator("category")(known_category)
    _subtype = field_validator("subtype")(known_subtype)

    @field_validator("paper_ledger", mode="before")
    @classmethod
    def paper_ledger_is_not_null(cls, value: object) -> object:
        """The flag is kept or not; null would blank a required column."""
        if value is None:
            raise ValueError("cannot be null: true or false")
        return value


class PartyPublic(BaseModel):
    basis: str
    name: str | None
    type: str | None
    uscc: str | None
    contact: str | None
    reason: str | None
    discharge_channel: str | None
    discharging_unit: str | None


class RiverChiefPublic(BaseModel):
    name: str
    level: str | None
    river_section: str | None


class DifficultPublic(BaseModel):
    """The 疑难复杂 mark: tracing is due by the difficult-outfall milestone (§三3, 7/15)."""

    reason: str
    marked_by: str
    marked_at: datetime


class OutfallPublic(BaseModel):
    id: str
    code: str
    name: str
    status: str
    allowed_actions: list[str]
    jurisdiction_code: str
    water_body_name: str
    water_body_code: str
    longitude: float
    latitude: float
    address: str | None
    category: str | None
    subtype: str | None
    lead_bureau: str | None
    protected_area: str | None
    survey_level: int
    survey_method: str
    needs_level3: bool
    dismissed_reason: str | None
    responsible_party: PartyPublic | None
    traced_at: datetime | None
    difficult: DifficultPublic | None
    remediation_type: str | None
    remediation_deadline: date | None
    merge_into_id: str | None
    hardware: list[str]
    software: list[str]
    paper_ledger: bool
    standardized_at: datetime | None
    river_chief: RiverChiefPublic | None
    tests_count: int
    latest_abnormal: bool | None
    open_lab_tasks: int
    enforcement_flag: bool
    enforcement_reason: str | None
    remarks: str | None
    attachments: list[AttachmentPublic] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


class OutfallsPublic(BaseModel):
    items: list[OutfallPublic]
    next_cursor: str | None = None


class HistoryEntry(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    reason: str | None
    data: dict[str, Any]
    request_id: str | None


class History(BaseModel):
    outfall_id: str
    items: list[HistoryEntry]
