"""Campaign milestones (§三3-4), annual reports (§五(四)) and ledger retention (§五(四))."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from outfall.reference import load
from outfall.rules.errors import RuleViolation


@dataclass(frozen=True)
class Milestone:
    key: str
    due: date
    label_zh: str
    per_outfall: bool
    done_statuses: frozenset[str]
    # §三3: difficult and complex outfalls (疑难复杂) are traced by 7/15 instead of 6/30
    applies_to: str = "all"  # "all", "ordinary" (not marked difficult) or "difficult"

    def applies(self, difficult: bool) -> bool:
        if self.applies_to == "all":
            return True
        return (self.applies_to == "difficult") is difficult


@dataclass(frozen=True)
class Submission:
    key: str
    due: date
    label_zh: str
    form: str | None


def _campaign(campaign: str | None) -> dict:
    raw = load("milestones")
    wanted = campaign or raw["default_campaign"]
    for entry in raw["campaigns"]:
        if entry["campaign"] == wanted:
            return entry
    raise RuleViolation("unknown_campaign", f"no campaign '{wanted}'", "campaign")


def campaigns() -> list[str]:
    return [entry["campaign"] for entry in load("milestones")["campaigns"]]


def work_milestones(campaign: str | None = None) -> list[Milestone]:
    return [
        Milestone(
            m["key"],
            date.fromisoformat(m["due"]),
            m["label_zh"],
            m["per_outfall"],
            frozenset(m["done_statuses"]),
            m.get("applies_to", "all"),
        )
        for m in _campaign(campaign)["work"]
    ]


def submissions(campaign: str | None = None) -> list[Submission]:
    return [
        Submission(s["key"], date.fromisoformat(s["due"]), s["label_zh"], s["form"])
        for s in _campaign(campaign)["submissions"]
    ]


def is_past(milestone: Milestone, status: str, as_of: date, difficult: bool = False) -> bool:
    """An outfall is past a milestone when the day after it came and it had not reached it.

    "6月30日前" is read as "by the end of 30 June": the due day itself is still on time. An
    outfall marked difficult is held to the difficult-tracing milestone only (§三3).
    """
    return (
        milestone.per_outfall
        and milestone.applies(difficult)
        and as_of > milestone.due
        and status not in milestone.done_statuses
    )


def milestones_past(
    status: str, as_of: date, campaign: str | None = None, difficult: bool = False
) -> list[str]:
    return [m.key for m in work_milestones(campaign) if is_past(m, status, as_of, difficult)]


def annual_report_due(report_year: int) -> date:
    """The report on year Y is due by 31 January of Y+1 (§五(四) 每年1月31日前报送上年度)."""
    cfg = load("milestones")["annual_report"]
    return date(report_year + 1, cfg["due_month"], cfg["due_day"])


def check_report_year(report_year: int, today: date) -> None:
    if report_year >= today.year:
        raise RuleViolation(
            "report_year_not_over",
            f"the report covers a finished year; {report_year} is not over",
            "year",
            "§五(四)",
        )


def overdue_report_years(
    *, monitored_since: date, reported_years: Iterable[int], as_of: date
) -> list[int]:
    """Years whose report is past due: each full or partial year monitored before ``as_of``."""
    reported = set(reported_years)
    return [
        year
        for year in range(monitored_since.year, as_of.year)
        if as_of > annual_report_due(year) and year not in reported
    ]


def retention_until(recorded_on: date) -> date:
    """Earliest date a ledger record may be discarded (§五(四) 保存期限不得少于5年)."""
    years = load("milestones")["ledger_retention"]["min_years"]
    try:
        return recorded_on.replace(year=recorded_on.year + years)
    except ValueError:  # 29 February
        return recorded_on.replace(year=recorded_on.year + years, day=28)
