"""Request and response models of contributions, demolitions, funding and change requests."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from suitekit.inputs import IsoDate, JsonBool, JsonInt
from suitekit.money import DecimalStr, PositiveYuan, YuanOut

DemolitionKindIn = Literal["shed", "bicycle_shed", "pump_room", "illegal_building", "signboard"]
SourceIn = Literal[
    "central_budget",
    "central_subsidy",
    "provincial_award",
    "bonds",
    "city_finance",
    "district_finance",
    "utilities",
    "weak_current",
    "residents",
]


class ContributionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["payment", "reduction"]
    amount_yuan: PositiveYuan
    on_date: IsoDate
    household_ref: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=500, description="needed for reductions")
    escrow_account: str | None = Field(default=None, max_length=64)


class ContributionPublic(BaseModel):
    id: str
    kind: str
    amount_yuan: YuanOut
    on_date: IsoDate
    household_ref: str | None
    reason: str | None
    escrow_account: str | None


class ContributionSummary(BaseModel):
    rate_yuan_per_m2: YuanOut
    floor_area_m2: DecimalStr
    due_yuan: YuanOut
    reduced_yuan: YuanOut
    net_due_yuan: YuanOut
    collected_yuan: YuanOut
    gap_yuan: YuanOut
    fully_collected: bool
    entries: list[ContributionPublic]


class DemolitionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DemolitionKindIn
    count: JsonInt = Field(default=1, ge=1)
    cost_amount_yuan: PositiveYuan | None = Field(
        default=None, description="cost price, for everything but sheds"
    )
    description: str | None = Field(default=None, max_length=500)


class DemolitionPublic(BaseModel):
    id: str
    kind: str
    count: int
    cost_amount_yuan: YuanOut | None
    compensation_yuan: YuanOut
    description: str | None


class DemolitionSummary(BaseModel):
    funding_source: str
    total_compensation_yuan: YuanOut
    items: list[DemolitionPublic]


class FundingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: SourceIn
    kind: Literal["commitment", "receipt"]
    amount_yuan: PositiveYuan
    on_date: IsoDate
    reference: str | None = Field(default=None, max_length=100)


class FundingEntryPublic(BaseModel):
    id: str
    source: str
    kind: str
    amount_yuan: YuanOut
    on_date: IsoDate
    reference: str | None


class FundingEntriesPublic(BaseModel):
    items: list[FundingEntryPublic]
    next_cursor: str | None = None


class FundingLine(BaseModel):
    source: str
    required_yuan: YuanOut | None
    committed_yuan: YuanOut
    received_yuan: YuanOut
    gap_yuan: YuanOut | None


class FundingView(BaseModel):
    total_investment_yuan: YuanOut
    received_yuan: YuanOut
    gap_yuan: YuanOut
    lines: list[FundingLine]
    entries: list[FundingEntryPublic]


class ChangeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    work: Literal["water", "heat"]
    description: str = Field(min_length=1, max_length=1000)
    new_investment_yuan: PositiveYuan
    in_feasibility_study: JsonBool = False


class ChangeDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approval_ref: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=1000)
    amount_yuan: PositiveYuan | None = Field(default=None, description="spend: amount spent")


class ChangePublic(BaseModel):
    id: str
    project_id: str
    work: str
    description: str
    new_investment_yuan: YuanOut
    original_total_investment_yuan: YuanOut
    in_feasibility_study: bool
    needs_application: bool
    utility_share_yuan: YuanOut
    remainder_for_city_decision_yuan: YuanOut
    status: str
    allowed_actions: list[str]
    approval_ref: str | None
    spent_yuan: YuanOut | None
    version: int
