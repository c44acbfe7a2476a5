"""Persistent exceedance (issue 4, after the US EPA significant-noncompliance rule)."""

from decimal import Decimal

import pytest

from outfall.rules.enforcement import assess
from outfall.rules.water_quality import Exceedance, evaluate

D = Decimal
NORMAL: list[Exceedance] = []


def cod(value: str) -> list[Exceedance]:
    return evaluate({"cod_mg_l": D(value)}).exceedances


@pytest.mark.parametrize(
    ("value", "counts"),
    [("139.99", False), ("140", True), ("140.01", True)],
)
def test_two_of_six_tests_40_percent_above_cod_limit_flags(value: str, counts: bool) -> None:
    verdict = assess([cod(value), NORMAL, cod(value), NORMAL, NORMAL, NORMAL])
    assert verdict.flagged is counts
    assert verdict.magnitude_count == (2 if counts else 0)


def test_one_test_40_percent_above_does_not_flag() -> None:
    verdict = assess([cod("200"), NORMAL, NORMAL, NORMAL, NORMAL, NORMAL])
    assert not verdict.flagged


@pytest.mark.parametrize(("exceeding", "flagged"), [(3, False), (4, True), (5, True)])
def test_four_of_six_tests_exceeding_any_limit_flags(exceeding: int, flagged: bool) -> None:
    tests = [cod("101")] * exceeding + [NORMAL] * (6 - exceeding)
    verdict = assess(tests)
    assert verdict.chronic_count == exceeding
    assert verdict.magnitude_count == 0
    assert verdict.flagged is flagged


def test_only_the_last_six_tests_count() -> None:
    tests = [NORMAL] * 6 + [cod("500")] * 6
    verdict = assess(tests)
    assert verdict.tests_considered == 6
    assert not verdict.flagged


def test_ph_never_counts_as_40_percent_exceedance() -> None:
    ph = evaluate({"ph": D("13")}).exceedances
    verdict = assess([ph, ph, NORMAL])
    assert verdict.magnitude_count == 0
    assert verdict.chronic_count == 2
    assert not verdict.flagged


@pytest.mark.parametrize(("tp", "counts"), [("1.39", False), ("1.4", True)])
def test_tp_40_percent_threshold_is_1_4_mg_l(tp: str, counts: bool) -> None:
    tests = [evaluate({"tp_mg_l": D(tp)}).exceedances] * 2
    assert assess(tests).flagged is counts


def test_merge_keeps_the_newest_six_whatever_the_arrival_order() -> None:
    from outfall.rules.enforcement import merge_recent

    def t(day: int, by40: bool = False) -> tuple:
        return (f"2022-06-{day:02d}T00:00:00+00:00", f"wt_{day}", by40, by40, by40)

    kept = merge_recent([], [t(d) for d in range(1, 7)])
    assert [x[1] for x in kept] == ["wt_6", "wt_5", "wt_4", "wt_3", "wt_2", "wt_1"]
    late_old = merge_recent(kept, [t(0, by40=True)])
    assert late_old == kept  # older than the whole window: never counts again
    newer = merge_recent(kept, [t(10, True), t(9, True)])
    assert [x[1] for x in newer][:2] == ["wt_10", "wt_9"] and len(newer) == 6
    assert assess([]).flagged is False
    from outfall.rules.enforcement import assess_recent

    assert assess_recent(newer).flagged is True
