"""Progress report arithmetic (§三3 milestones): pure combination of grouped counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from outfall.rules.lifecycle import Status
from outfall.rules.milestones import is_past, work_milestones


@dataclass(frozen=True)
class GroupRow:
    """One ``GROUP BY jurisdiction, category, status`` row with its conditional sums."""

    jurisdiction_code: str
    category: str | None
    status: str
    count: int
    overdue_plans: int = 0
    enforcement_flagged: int = 0
    missing_river_chief: int = 0
    abnormal: int = 0
    difficult: bool = False  # marked 疑难复杂 (§三3)


@dataclass
class GroupSummary:
    jurisdiction_code: str
    category: str | None
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    past_milestones: dict[str, int] = field(default_factory=dict)
    overdue_remediation_plans: int = 0
    enforcement_flagged: int = 0
    missing_river_chief: int = 0
    abnormal: int = 0

    def add(self, row: GroupRow, past: list[str]) -> None:
        self.total += row.count
        self.by_status[row.status] = self.by_status.get(row.status, 0) + row.count
        for key in past:
            self.past_milestones[key] = self.past_milestones.get(key, 0) + row.count
        self.overdue_remediation_plans += row.overdue_plans
        self.enforcement_flagged += row.enforcement_flagged
        self.missing_river_chief += row.missing_river_chief
        self.abnormal += row.abnormal


def statuses_past(
    milestone_key: str, as_of: date, campaign: str | None = None, difficult: bool = False
) -> list[str]:
    """Statuses whose outfalls are past the milestone on ``as_of`` (for SQL filters)."""
    milestone = next(m for m in work_milestones(campaign) if m.key == milestone_key)
    return [s.value for s in Status if is_past(milestone, s.value, as_of, difficult)]


def summarise(
    rows: Iterable[GroupRow], as_of: date, campaign: str | None = None
) -> tuple[list[GroupSummary], GroupSummary]:
    """Per (jurisdiction, category) summaries and the overall total."""
    milestones = work_milestones(campaign)
    past_by_status = {
        (s.value, difficult): [m.key for m in milestones if is_past(m, s.value, as_of, difficult)]
        for s in Status
        for difficult in (False, True)
    }
    groups: dict[tuple[str, str | None], GroupSummary] = {}
    total = GroupSummary(jurisdiction_code="*", category=None)
    for row in rows:
        key = (row.jurisdiction_code, row.category)
        group = groups.setdefault(key, GroupSummary(row.jurisdiction_code, row.category))
        past = past_by_status.get((row.status, row.difficult), [])
        group.add(row, past)
        total.add(row, past)
    ordered = sorted(groups.values(), key=lambda g: (g.jurisdiction_code, g.category or ""))
    return ordered, total
