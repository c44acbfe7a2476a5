"""Progress report and overdue lists."""

from datetime import date, datetime

from pydantic import BaseModel


class MilestonePublic(BaseModel):
    key: str
    due: date
    label_zh: str
    passed: bool
    form: str | None = None


class GroupPublic(BaseModel):
    jurisdiction_code: str
    category: str | None
    total: int
    by_status: dict[str, int]
    past_milestones: dict[str, int]
    overdue_remediation_plans: int
    enforcement_flagged: int
    missing_river_chief: int
    abnormal: int


class FlaggedOutfall(BaseModel):
    id: str
    code: str
    name: str
    jurisdiction_code: str
    category: str | None
    status: str
    reason: str | None


class ProgressReport(BaseModel):
    campaign: str
    as_of: date
    milestones: list[MilestonePublic]
    submissions: list[MilestonePublic]
    groups: list[GroupPublic]
    totals: GroupPublic
    enforcement: list[FlaggedOutfall]
    enforcement_listed_all: bool


class OverdueItem(BaseModel):
    id: str
    code: str
    name: str
    jurisdiction_code: str
    category: str | None
    status: str
    why: str


class OverduePage(BaseModel):
    kind: str
    as_of: date
    items: list[OverdueItem]
    next_cursor: str | None = None


class DifficultItem(BaseModel):
    id: str
    code: str
    name: str
    jurisdiction_code: str
    status: str
    reason: str
    marked_by: str
    marked_at: datetime
    traced_at: datetime | None
    past_milestone: bool


class DifficultReport(BaseModel):
    """The §三3 milestone for difficult and complex outfalls: who is still to be traced."""

    campaign: str
    milestone: MilestonePublic
    as_of: date
    total: int
    traced: int
    past_milestone: int
    items: list[DifficultItem]
    next_cursor: str | None = None
