"""Request and response models of weights, evaluations and flags."""

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from labs.common import DecimalStr, OptionalDecimalStr
from labs.rules.scoring import DAILY_SHARE, TECHNICAL_SHARE
from suitekit.inputs import IsoDate


class WeightsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Art. 11 fixes 6:4: the shares may be omitted; any other value is refused (422).
    daily_share: Decimal = Field(default=DAILY_SHARE, ge=0, le=1)
    technical_share: Decimal = Field(default=TECHNICAL_SHARE, ge=0, le=1)
    daily_items: dict[str, Decimal]
    technical_parts: dict[str, Decimal]
    daily_pass_mark: Decimal = Field(ge=0, le=100)
    technical_pass_mark: Decimal = Field(ge=0, le=100)


class WeightsPublic(BaseModel):
    year: int
    frozen: bool
    daily_share: DecimalStr
    technical_share: DecimalStr
    daily_items: dict[str, str]
    technical_parts: dict[str, str]
    daily_pass_mark: DecimalStr
    technical_pass_mark: DecimalStr


class EvaluationRowPublic(BaseModel):
    lab_id: str
    lab_name: str
    daily: OptionalDecimalStr
    technical: OptionalDecimalStr
    composite: OptionalDecimalStr
    rank: int | None
    daily_passed: bool
    technical_passed: bool
    basis: dict[str, Any]


class EvaluationPublic(BaseModel):
    year: int
    state: str
    published_on: date | None
    weights: dict[str, Any]
    rows: list[EvaluationRowPublic]
    allowed_actions: list[str] = []


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published_on: IsoDate


class FlagsPublic(BaseModel):
    year: int
    on: date
    rate_test: str
    late_rectifications: list[dict[str, Any]]
    missing_retests: list[dict[str, Any]]
    abnormal_rates: list[dict[str, Any]]
    late_reports: list[dict[str, Any]]
    tasks_awaiting_reassignment: list[str]
    more_inspection: list[dict[str, Any]]


class RankedComposite(BaseModel):
    lab_id: str
    composite: DecimalStr
