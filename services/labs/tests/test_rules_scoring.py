"""Art. 11-12 and 14: daily, technical and composite scores, weights, ranking."""

from decimal import Decimal as D

import pytest

from labs.refdata import default_weights, parse_weights, weights_as_dict
from labs.rules.errors import RuleError
from labs.rules.scoring import (
    DailyItem,
    PeriodKind,
    TechnicalPart,
    check_period,
    competition_rank,
    composite_score,
    passes,
    period_daily_score,
    technical_score,
    year_daily_score,
)

WEIGHTS = default_weights()


@pytest.mark.parametrize(
    ("daily", "technical", "expected"),
    [
        (D(80), D(90), D("84.00")),  # 48 + 36
        (D(100), D(0), D("60.00")),
        (D(0), D(100), D("40.00")),
        (D("72.35"), D("88.10"), D("78.65")),  # 43.41 + 35.24
        (D(100), D(100), D("100.00")),
    ],
)
def test_composite_is_daily_06_plus_technical_04_art11(daily: D, technical: D, expected: D) -> None:
    assert composite_score(daily, technical, WEIGHTS) == expected


@pytest.mark.parametrize("score", [D("-0.01"), D("100.01")])
def test_composite_refuses_scores_outside_0_100_art11(score: D) -> None:
    with pytest.raises(RuleError):
        composite_score(score, D(50), WEIGHTS)


def test_period_daily_score_weights_the_six_items_art12() -> None:
    items = {
        DailyItem.TASK_COMPLETION: D(100),
        DailyItem.NONCONFORMITY_RATE: D(80),
        DailyItem.DATA_REPORTING: D(90),
        DailyItem.RISK_WARNING: D(60),
        DailyItem.DATA_SPOT_CHECK: D(70),
        DailyItem.OTHER_WORK: D(50),
    }
    # 25 + 16 + 18 + 9 + 7 + 5
    assert period_daily_score(items, WEIGHTS) == D("80.00")


def test_period_daily_score_needs_all_six_items_art12() -> None:
    items = {item: D(80) for item in DailyItem if item is not DailyItem.OTHER_WORK}
    with pytest.raises(RuleError):
        period_daily_score(items, WEIGHTS)


def test_year_daily_score_weights_periods_by_months() -> None:
    # a quarter at 90 and a month at 50: (270 + 50) / 4 = 80
    assert year_daily_score([(D(90), 3), (D(50), 1)]) == D("80.00")
    assert year_daily_score([]) is None


@pytest.mark.parametrize(
    ("kind", "index", "valid"),
    [
        (PeriodKind.MONTH, 0, False),
        (PeriodKind.MONTH, 1, True),
        (PeriodKind.MONTH, 12, True),
        (PeriodKind.MONTH, 13, False),
        (PeriodKind.QUARTER, 4, True),
        (PeriodKind.QUARTER, 5, False),
    ],
)
def test_period_index_bounds(kind: PeriodKind, index: int, valid: bool) -> None:
    if valid:
        assert check_period(kind, index) == index
    else:
        with pytest.raises(RuleError):
            check_period(kind, index)


def test_technical_score_weights_parts_art13() -> None:
    parts = {
        TechnicalPart.RETEST: D(100),
        TechnicalPart.PROFICIENCY: D(60),
        TechnicalPart.INSPECTION: D(80),
    }
    assert technical_score(parts, WEIGHTS) == D("78.00")  # 30 + 24 + 24


def test_technical_score_rescales_when_a_part_has_no_record_art13() -> None:
    parts = {
        TechnicalPart.RETEST: D(100),
        TechnicalPart.PROFICIENCY: D(50),
        TechnicalPart.INSPECTION: None,
    }
    assert technical_score(parts, WEIGHTS) == D("71.43")  # (30 + 20) / 0.7


@pytest.mark.parametrize(
    ("score", "expected"),
    [(D("59.99"), False), (D(60), True), (D("60.01"), True), (None, False)],
)
def test_pass_mark_at_below_above_art18_item7(score: D | None, expected: bool) -> None:
    assert passes(score, WEIGHTS.daily_pass_mark) is expected


def test_item_weights_must_sum_to_one_art12() -> None:
    raw = weights_as_dict(WEIGHTS)
    raw["daily_items"]["task_completion"] = "0.26"
    with pytest.raises(RuleError):
        parse_weights(raw)


@pytest.mark.parametrize(
    ("daily", "technical", "accepted"),
    [
        ("0.6", "0.4", True),  # at: 6:4
        ("0.60", "0.40", True),  # same numbers, other spelling
        ("0.59", "0.41", False),  # below
        ("0.61", "0.39", False),  # above
        ("0.5", "0.5", False),  # the split the black-box run got accepted
        ("0.7", "0.5", False),
    ],
)
def test_composite_split_is_fixed_at_6_to_4_art11(
    daily: str, technical: str, accepted: bool
) -> None:
    raw = weights_as_dict(WEIGHTS)
    raw["daily_share"], raw["technical_share"] = daily, technical
    if accepted:
        assert parse_weights(raw).daily_share == D("0.6")
    else:
        with pytest.raises(RuleError, match="6:4"):
            parse_weights(raw)


def test_weights_round_trip_through_json_form() -> None:
    assert parse_weights(weights_as_dict(WEIGHTS)) == WEIGHTS


def test_default_composite_shares_are_6_to_4_art11() -> None:
    assert (WEIGHTS.daily_share, WEIGHTS.technical_share) == (D("0.6"), D("0.4"))


def test_ranking_shares_ranks_on_ties_art14() -> None:
    ranks = competition_rank({"a": D(90), "b": D(85), "c": D(85), "d": D(70)})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}
