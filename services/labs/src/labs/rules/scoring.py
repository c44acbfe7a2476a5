"""Scores: daily quality (art. 12), technical (art. 13), composite (art. 11), ranking (art. 14)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from labs.rules.errors import RuleError

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)
CENT = Decimal("0.01")
# Art. 11: 日常动态质量考核和技术考核分值比例为6：4 -- fixed by the gazette, not yearly data.
DAILY_SHARE = Decimal("0.6")
TECHNICAL_SHARE = Decimal("0.4")


class DailyItem(StrEnum):
    """Art. 12 items (1)-(6)."""

    TASK_COMPLETION = "task_completion"  # (一) completion, coverage, balance, soundness
    NONCONFORMITY_RATE = "nonconformity_rate"  # (二) problem-finding rate
    DATA_REPORTING = "data_reporting"  # (三) data reported, national system entry
    RISK_WARNING = "risk_warning"  # (四) risk warning and communication
    DATA_SPOT_CHECK = "data_spot_check"  # (五) data spot checks
    OTHER_WORK = "other_work"  # (六) other work


class TechnicalPart(StrEnum):
    """Art. 13 (1)-(3)."""

    RETEST = "retest"
    PROFICIENCY = "proficiency"
    INSPECTION = "inspection"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


PERIOD_MONTHS: Mapping[PeriodKind, int] = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3}
PERIODS_PER_YEAR: Mapping[PeriodKind, int] = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}


@dataclass(frozen=True)
class YearWeights:
    daily_share: Decimal
    technical_share: Decimal
    daily_items: Mapping[DailyItem, Decimal]
    technical_parts: Mapping[TechnicalPart, Decimal]
    daily_pass_mark: Decimal
    technical_pass_mark: Decimal


def round_score(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_score(value: Decimal, *, field: str) -> Decimal:
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise RuleError(f"{field} must be between 0 and 100, got {value}", field=field)
    return value


def check_composite_shares(daily_share: Decimal, technical_share: Decimal) -> None:
    """Art. 11 fixes daily:technical at 6:4; only the weights inside each part are yearly data."""
    if (daily_share, technical_share) != (DAILY_SHARE, TECHNICAL_SHARE):
        raise RuleError(
            f"art. 11 fixes the daily:technical split at 6:4 ({DAILY_SHARE}/{TECHNICAL_SHARE}), "
            f"got {daily_share}/{technical_share}",
            field="daily_share",
        )


def check_weights(weights: YearWeights) -> YearWeights:
    """The composite split is art. 11's 6:4; item and part weights are non-negative and each
    group sums to exactly 1."""
    check_composite_shares(weights.daily_share, weights.technical_share)
    groups = {
        "daily_items": list(weights.daily_items.values()),
        "technical_parts": list(weights.technical_parts.values()),
    }
    if set(weights.daily_items) != set(DailyItem):
        raise RuleError("daily_items must weight every art. 12 item", field="daily_items")
    if set(weights.technical_parts) != set(TechnicalPart):
        raise RuleError("technical_parts must weight every art. 13 part", field="technical_parts")
    for name, values in groups.items():
        if any(value < 0 for value in values) or sum(values) != Decimal(1):
            raise RuleError(f"{name} weights must be non-negative and sum to 1", field=name)
    check_score(weights.daily_pass_mark, field="daily_pass_mark")
    check_score(weights.technical_pass_mark, field="technical_pass_mark")
    return weights


def check_period(kind: PeriodKind, index: int) -> int:
    last = PERIODS_PER_YEAR[kind]
    if not 1 <= index <= last:
        raise RuleError(
            f"{kind.value} index must be 1 to {last}, got {index}", field="period_index"
        )
    return index


def period_daily_score(items: Mapping[DailyItem, Decimal], weights: YearWeights) -> Decimal:
    """Art. 12: weighted sum of the six item scores for one period."""
    missing = sorted(set(DailyItem) - set(items))
    if missing:
        raise RuleError(f"missing art. 12 items: {', '.join(missing)}", field="items")
    for item, score in items.items():
        check_score(score, field=f"items.{item.value}")
    return round_score(sum(weights.daily_items[item] * items[item] for item in DailyItem))


def year_daily_score(periods: Sequence[tuple[Decimal, int]]) -> Decimal | None:
    """Year's daily score: mean of the period scores weighted by the months each covers."""
    months = sum(length for _, length in periods)
    if months == 0:
        return None
    return round_score(sum(score * length for score, length in periods) / months)


def mean_score(scores: Sequence[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return round_score(sum(scores) / len(scores))


def technical_score(
    parts: Mapping[TechnicalPart, Decimal | None], weights: YearWeights
) -> Decimal | None:
    """Art. 13: weighted mean of the parts on record; a part with no record that year is left
    out and the remaining weights are rescaled (the gazette fixes no part weights)."""
    present = {part: score for part, score in parts.items() if score is not None}
    total_weight = sum(weights.technical_parts[part] for part in present)
    if not present or total_weight == 0:
        return None
    weighted = sum(weights.technical_parts[part] * score for part, score in present.items())
    return round_score(weighted / total_weight)


def composite_score(daily: Decimal, technical: Decimal, weights: YearWeights) -> Decimal:
    """Art. 11: daily and technical in the ratio 6:4."""
    check_score(daily, field="daily")
    check_score(technical, field="technical")
    return round_score(daily * weights.daily_share + technical * weights.technical_share)


def passes(score: Decimal | None, pass_mark: Decimal) -> bool:
    """Art. 18 item 7 reads 'below the pass mark' as failing: a score equal to it passes."""
    return score is not None and score >= pass_mark


def competition_rank(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Art. 14 ranking, highest first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    ranks: dict[str, int] = {}
    for position, (lab_id, score) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        if previous is not None and previous[1] == score:
            ranks[lab_id] = ranks[previous[0]]
        else:
            ranks[lab_id] = position
    return ranks
