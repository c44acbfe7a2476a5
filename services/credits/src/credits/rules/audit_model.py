"""The audit's data: credit sources in, buckets / lines / checks out (no rules here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, NamedTuple

from credits.rules.course_table import Category

ZERO: Final = Decimal(0)


class CreditItem(NamedTuple):
    """One recognised credit source: a module, a transfer or an activity."""

    source_id: str
    source_kind: str  # module / transfer / research_project / social_practice / volunteer_service
    subject_code: str
    category: Category
    credits: Decimal
    name: str = ""
    extension: bool = False
    series: str | None = None
    labour_eligible: bool = False
    ice_snow: bool = False


class Allocation(NamedTuple):
    source_id: str
    name: str
    credits: Decimal


@dataclass(slots=True)
class Line:
    key: str
    label: str
    required: Decimal | None
    allocations: list[Allocation] = field(default_factory=list)

    @property
    def earned(self) -> Decimal:
        return sum((a.credits for a in self.allocations), ZERO)

    @property
    def missing(self) -> Decimal:
        return ZERO if self.required is None else max(ZERO, self.required - self.earned)


@dataclass(slots=True)
class Bucket:
    key: str
    required: Decimal
    lines: list[Line]

    @property
    def earned(self) -> Decimal:
        return sum((line.earned for line in self.lines), ZERO)

    @property
    def missing(self) -> Decimal:
        return max(ZERO, self.required - self.earned)


@dataclass(frozen=True, slots=True)
class Check:
    key: str
    clause: str
    required: Decimal
    earned: Decimal

    @property
    def met(self) -> bool:
        return self.earned >= self.required


@dataclass(frozen=True, slots=True)
class NotCounted:
    source_id: str
    name: str
    credits: Decimal
    reason: str


@dataclass(slots=True)
class AuditResult:
    variant: str
    buckets: list[Bucket]
    checks: list[Check]
    not_counted: list[NotCounted]
    ice_snow_credit: bool

    @property
    def total_earned(self) -> Decimal:
        return sum((b.earned for b in self.buckets), ZERO)

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def shortfalls(self) -> list[Check]:
        return [c for c in self.checks if not c.met]


def aggregate(items: Iterable[CreditItem]) -> list[CreditItem]:
    """Merge credit sources that the audit treats alike (same subject, category and flags)
    into one per kind, for verdicts that need no per-module detail (the school audit).

    The 通用技术 modules that can carry labour credits stay apart: that line counts modules.
    """
    merged: dict[tuple, CreditItem] = {}
    for item in items:
        social = item.source_kind == "social_practice"
        key = (
            item.subject_code,
            item.category,
            item.extension,
            item.series,
            item.ice_snow,
            social,
            item.source_id if item.labour_eligible else None,
        )
        current = merged.get(key)
        if current is None:
            source = item.source_id if item.labour_eligible else "|".join(map(str, key[:6]))
            merged[key] = item._replace(source_id=source, name="")
        else:
            merged[key] = current._replace(credits=current.credits + item.credits)
    return list(merged.values())
