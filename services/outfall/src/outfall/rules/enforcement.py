"""Persistent exceedance flag (issue 4, after the US EPA significant-noncompliance rule).

An outfall is flagged for enforcement when, among its last ``window`` tests, at least
``magnitude_min_count`` exceed a limit by 40 % or more, or at least ``chronic_min_count``
exceed any limit. pH has no meaningful "40 % above" and only counts for the chronic test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from outfall.reference import load
from outfall.rules.water_quality import Exceedance


@dataclass(frozen=True)
class EnforcementConfig:
    window: int
    magnitude_factor: Decimal
    magnitude_min_count: int
    chronic_min_count: int
    magnitude_excludes: frozenset[str]


@dataclass(frozen=True)
class EnforcementVerdict:
    flagged: bool
    magnitude_count: int
    chronic_count: int
    tests_considered: int
    reason: str | None


@cache
def config() -> EnforcementConfig:
    raw = load("enforcement")
    return EnforcementConfig(
        window=raw["window"],
        magnitude_factor=Decimal(raw["magnitude_factor"]),
        magnitude_min_count=raw["magnitude_min_count"],
        chronic_min_count=raw["chronic_min_count"],
        magnitude_excludes=frozenset(raw["magnitude_excludes"]),
    )


def is_magnitude_exceedance(exceedance: Exceedance, cfg: EnforcementConfig) -> bool:
    if exceedance.parameter in cfg.magnitude_excludes or exceedance.bound != "upper":
        return False
    return exceedance.value >= exceedance.limit * cfg.magnitude_factor


def test_flags(
    exceedances: Sequence[Exceedance], cfg: EnforcementConfig | None = None
) -> tuple[bool, bool]:
    """(exceeds any limit, exceeds a limit by >= 40 %) for one test."""
    cfg = cfg or config()
    return bool(exceedances), any(is_magnitude_exceedance(e, cfg) for e in exceedances)


def assess(
    recent_tests: Sequence[Sequence[Exceedance]], cfg: EnforcementConfig | None = None
) -> EnforcementVerdict:
    """``recent_tests``: the exceedances of each test, newest first."""
    cfg = cfg or config()
    return assess_flags([test_flags(test, cfg) for test in recent_tests], cfg)


def assess_flags(
    recent: Sequence[tuple[bool, bool]], cfg: EnforcementConfig | None = None
) -> EnforcementVerdict:
    """``recent``: ``test_flags`` of each test, newest first (as stored with each test)."""
    cfg = cfg or config()
    window = list(recent)[: cfg.window]
    magnitude = sum(1 for _exceeds, by_40pct in window if by_40pct)
    chronic = sum(1 for exceeds, _by_40pct in window if exceeds)
    reasons = []
    if magnitude >= cfg.magnitude_min_count:
        reasons.append(f"{magnitude} of last {len(window)} tests exceed a limit by >= 40%")
    if chronic >= cfg.chronic_min_count:
        reasons.append(f"{chronic} of last {len(window)} tests exceed a limit")
    return EnforcementVerdict(
        flagged=bool(reasons),
        magnitude_count=magnitude,
        chronic_count=chronic,
        tests_considered=len(window),
        reason="; ".join(reasons) or None,
    )


RecentTest = tuple[str, str, bool, bool, bool]  # sampled_at ISO (UTC), test id, abnormal,
# exceeds, exceeds by >= 40 %


def merge_recent(
    kept: Sequence[RecentTest], new: Sequence[RecentTest], cfg: EnforcementConfig | None = None
) -> list[RecentTest]:
    """The outfall's last ``window`` tests after adding ``new``, newest first.

    Keeping only the newest ``window`` is exact: a test older than all of them can never
    come back into the window, whatever arrives later.
    """
    cfg = cfg or config()
    if not kept and len(new) == 1:  # the common case of a first test
        return [tuple(new[0])]  # type: ignore[list-item]
    merged = sorted({*map(tuple, kept), *map(tuple, new)}, key=lambda t: (t[0], t[1]), reverse=True)
    return [tuple(t) for t in merged[: cfg.window]]  # type: ignore[misc]


def assess_recent(
    recent: Sequence[RecentTest], cfg: EnforcementConfig | None = None
) -> EnforcementVerdict:
    return assess_flags([(t[3], t[4]) for t in recent], cfg)
