"""Request and response models of applications (no registry data in any of them but
`QueryResultPublic`, which only the acting officer receives)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lawyer_query.rules.scope import MatterType, Scope
from suitekit.inputs import JsonBool, JsonInt

MaterialKind = Literal[
    "application_form",
    "introduction_letter",
    "legal_aid_letter",
    "power_of_attorney",
    "practising_certificate",
    "practising_certificate_copy",
]
MAX_SIZE_BYTES = 2**31 - 1  # the INTEGER column of application_material (int4 on Postgres)


class MaterialIn(BaseModel):
    """Metadata and hash of one material; the paper stays at the station (art. 10)."""

    model_config = ConfigDict(extra="forbid")

    kind: MaterialKind
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the scanned material")
    filename: str | None = Field(default=None, max_length=200)
    media_type: str | None = Field(default=None, max_length=100)
    size_bytes: JsonInt | None = Field(default=None, ge=0, le=MAX_SIZE_BYTES)
    sealed: JsonBool = Field(default=False, description="the letter bears the firm's seal (art. 6)")
    states_purpose: JsonBool = Field(default=False, description="the letter states the purpose")
    named_persons: list[str] = Field(
        default_factory=list, max_length=50, description="persons the letter names (art. 6)"
    )


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=64)
    id_number: str | None = Field(default=None, max_length=32)


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    station_code: str = Field(min_length=1, max_length=16)
    lawyer_certificate_no: str = Field(pattern=r"^\d{17}$", description="律师执业证号")
    matter_type: MatterType
    scope: Scope
    purpose: str = Field(min_length=1, max_length=200, description="查询事由 / 仅供____使用")
    materials: list[MaterialIn] = Field(default_factory=list, max_length=20)
    persons: list[PersonIn] = Field(default_factory=list, max_length=20)


class ReasonPublic(BaseModel):
    code: str
    article: str
    text: str


class MaterialPublic(BaseModel):
    kind: str
    sha256: str
    filename: str | None
    media_type: str | None
    size_bytes: int | None
    sealed: bool
    states_purpose: bool


class PersonPublic(BaseModel):
    position: int
    name_masked: str
    id_number_masked: str | None
    outcome: str | None


class CertificatePublic(BaseModel):
    status: str
    checked_at: datetime


class ApplicationPublic(BaseModel):
    id: str
    status: str
    station_code: str
    officer_id: str
    lawyer_certificate_no: str
    firm_id: str | None
    matter_type: str
    scope: str
    scope_article: str
    reasons: list[ReasonPublic]
    allowed_fields: list[str]
    certificate: CertificatePublic
    materials: list[MaterialPublic]
    persons: list[PersonPublic]
    print_count: int
    allowed_actions: list[str]
    version: int
    created_at: datetime
    answered_at: datetime | None


class ApplicationsPublic(BaseModel):
    items: list[ApplicationPublic]
    next_cursor: str | None = None


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class PrintIn(BaseModel):
    """Body of a print; `reason` is required from the second copy on (annex 3)."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=500, description="required to reprint")


class PersonResultPublic(BaseModel):
    position: int
    outcome: str
    fields: dict[str, str | None] | None = Field(
        default=None, description="only the allowed fields; photo as a data: URI"
    )


class QueryResultPublic(BaseModel):
    application_id: str
    status: str
    allowed_fields: list[str]
    persons: list[PersonResultPublic]
