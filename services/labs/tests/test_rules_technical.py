"""Art. 13: retained-sample re-tests, proficiency testing (z, Algorithm A), inspections."""

from datetime import date
from decimal import Decimal as D

import pytest

from labs.refdata import technical_parameters
from labs.rules.errors import InvalidTransition, RuleError
from labs.rules.inspection import (
    FindingAction,
    FindingState,
    is_rectification_late,
    next_finding_state,
    rectification_due,
)
from labs.rules.proficiency import ZBand, algorithm_a, band_score, z_band, z_score
from labs.rules.retest import (
    MIN_RETEST_BATCHES,
    RetestOutcome,
    check_retest_setup,
    count_batches,
    has_enough_retests,
    retest_outcome,
)
from labs.rules.tasks import Conclusion

C, N = Conclusion.CONFORMING, Conclusion.NONCONFORMING


@pytest.mark.parametrize(("batches", "enough"), [(2, False), (3, True), (4, True)])
def test_at_least_3_retest_batches_per_lab_art13_1(batches: int, enough: bool) -> None:
    assert MIN_RETEST_BATCHES == 3
    assert has_enough_retests(batches) is enough


@pytest.mark.parametrize(
    ("sample_codes", "batches"),
    [
        (["S-1", "S-1", "S-1"], 1),  # three re-tests of one sample are one batch
        (["S-1", "S-2", "S-1"], 2),  # below 3 distinct samples
        (["S-1", "S-2", "S-3"], 3),  # at
        (["S-1", "S-2", "S-3", "S-4"], 4),  # above
        (["s-1", " S-1 "], 1),  # one code, spelled twice
    ],
)
def test_batches_are_distinct_retained_samples_art13_1(
    sample_codes: list[str], batches: int
) -> None:
    assert count_batches(sample_codes) == batches


@pytest.mark.parametrize(
    ("retest_value", "expected"),
    [
        (D("10.49"), RetestOutcome.AGREE),  # just inside R
        (D("10.50"), RetestOutcome.AGREE),  # exactly R apart
        (D("10.51"), RetestOutcome.VALUE_OUTSIDE_LIMIT),  # just outside R
        (D("9.50"), RetestOutcome.AGREE),  # R apart the other way
        (D("9.49"), RetestOutcome.VALUE_OUTSIDE_LIMIT),
    ],
)
def test_retest_values_agree_within_reproducibility_limit_art13_1(
    retest_value: D, expected: RetestOutcome
) -> None:
    outcome = retest_outcome(
        original_conclusion=C,
        retest_conclusion=C,
        original_value=D(10),
        retest_value=retest_value,
        reproducibility_limit=D("0.5"),
    )
    assert outcome is expected


def test_retest_conclusions_that_differ_score_zero_art13_1() -> None:
    outcome = retest_outcome(
        original_conclusion=C,
        retest_conclusion=N,
        original_value=D(10),
        retest_value=D(10),
        reproducibility_limit=D("0.5"),
    )
    assert outcome is RetestOutcome.CONCLUSION_DIFFERS
    assert technical_parameters().retest_outcome_scores[outcome] == D(0)


def test_retest_by_the_same_lab_is_refused_art13_1() -> None:
    with pytest.raises(RuleError):
        check_retest_setup(
            original_lab_id="a",
            retest_lab_id="a",
            original_method="GB 5009.12",
            retest_method="GB 5009.12",
        )


def test_retest_with_another_method_is_refused_art13_1() -> None:
    with pytest.raises(RuleError):
        check_retest_setup(
            original_lab_id="a",
            retest_lab_id="b",
            original_method="GB 5009.12",
            retest_method="GB 5009.15",
        )


@pytest.mark.parametrize(
    ("result", "band"),
    [
        (D("11.99"), ZBand.SATISFACTORY),  # z = 1.99
        (D("12.00"), ZBand.SATISFACTORY),  # z = 2 exactly
        (D("12.01"), ZBand.QUESTIONABLE),  # z = 2.01
        (D("12.99"), ZBand.QUESTIONABLE),  # z = 2.99
        (D("13.00"), ZBand.UNSATISFACTORY),  # z = 3 exactly
        (D("13.01"), ZBand.UNSATISFACTORY),
        (D("8.00"), ZBand.SATISFACTORY),  # z = -2
        (D("7.00"), ZBand.UNSATISFACTORY),  # z = -3
        (D("7.50"), ZBand.QUESTIONABLE),  # z = -2.5
    ],
)
def test_z_bands_at_2_and_3_art13_2(result: D, band: ZBand) -> None:
    assert z_band(z_score(result, D(10), D(1))) is band


def test_z_score_needs_positive_sigma_art13_2() -> None:
    with pytest.raises(RuleError):
        z_score(D(1), D(1), D(0))


def test_band_scores_are_data_art13_2() -> None:
    scores = technical_parameters().z_band_scores
    assert band_score(ZBand.SATISFACTORY, scores) > band_score(ZBand.QUESTIONABLE, scores)
    assert band_score(ZBand.QUESTIONABLE, scores) > band_score(ZBand.UNSATISFACTORY, scores)


# ISO 13528:2022 Annex E.3 (Table E.4): atrazine in drinking water, 34 participants;
# printed Algorithm A result x* = 0.2570, s* = 0.0395.
ATRAZINE = [
    "0.040", "0.055", "0.178", "0.202", "0.206", "0.227", "0.228", "0.230", "0.230", "0.235",
    "0.236", "0.237", "0.243", "0.244", "0.245", "0.2555", "0.260", "0.264", "0.267", "0.270",
    "0.273", "0.274", "0.274", "0.278", "0.2811", "0.287", "0.287", "0.288", "0.289", "0.295",
    "0.296", "0.311", "0.331", "0.4246",
]  # fmt: skip
# IMEP-111 (mercury in feed), ISO 13528:2022 E.7: x* = 0.03161, s* = 0.0164 (21 participants).
IMEP_111 = [
    "0.013", "0.013", "0.0135", "0.014", "0.014", "0.016", "0.017", "0.019", "0.0239", "0.037",
    "0.039", "0.04", "0.04", "0.040", "0.0424", "0.044", "0.045", "0.045", "0.046", "0.049",
    "0.053",
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "x_star", "s_star", "x_places", "s_places"),
    [(ATRAZINE, D("0.2570"), D("0.0395"), 4, 4), (IMEP_111, D("0.03161"), D("0.0164"), 5, 4)],
)
def test_algorithm_a_reproduces_iso13528_worked_examples(
    data: list[str], x_star: D, s_star: D, x_places: int, s_places: int
) -> None:
    estimate = algorithm_a([D(v) for v in data])
    assert round(estimate.assigned_value, x_places) == x_star
    assert round(estimate.sigma_pt, s_places) == s_star


def test_algorithm_a_resists_an_outlier() -> None:
    clean = algorithm_a([D(v) for v in ("9.8", "9.9", "10.0", "10.1", "10.2", "10.0")])
    spoiled = algorithm_a([D(v) for v in ("9.8", "9.9", "10.0", "10.1", "10.2", "99.0")])
    assert abs(spoiled.assigned_value - clean.assigned_value) < D("0.2")


@pytest.mark.parametrize("data", [["1.0", "2.0"], ["5", "5", "5", "5"]])
def test_algorithm_a_refuses_too_few_or_identical_results(data: list[str]) -> None:
    with pytest.raises(RuleError):
        algorithm_a([D(v) for v in data])


@pytest.mark.parametrize(
    ("found_on", "due_on"),
    [
        (date(2022, 3, 15), date(2022, 4, 15)),
        (date(2022, 1, 31), date(2022, 2, 28)),  # clamped to the month's end
        (date(2022, 12, 20), date(2023, 1, 20)),
    ],
)
def test_rectification_due_one_month_after_finding_art13_3(found_on: date, due_on: date) -> None:
    assert rectification_due(found_on) == due_on


@pytest.mark.parametrize(
    ("submitted_on", "today", "late"),
    [
        (date(2022, 4, 14), date(2022, 5, 1), False),  # the day before
        (date(2022, 4, 15), date(2022, 5, 1), False),  # on the due day
        (date(2022, 4, 16), date(2022, 5, 1), True),  # the day after
        (None, date(2022, 4, 15), False),  # open, not yet due
        (None, date(2022, 4, 16), True),  # open and overdue
    ],
)
def test_rectification_late_after_one_month_art13_3(
    submitted_on: date | None, today: date, late: bool
) -> None:
    assert is_rectification_late(date(2022, 4, 15), submitted_on, today) is late


def test_finding_is_approved_only_after_submission_art13_3() -> None:
    assert next_finding_state(FindingState.OPEN, FindingAction.SUBMIT) is FindingState.SUBMITTED
    assert next_finding_state(FindingState.SUBMITTED, FindingAction.REJECT) is FindingState.OPEN
    with pytest.raises(InvalidTransition) as raised:
        next_finding_state(FindingState.OPEN, FindingAction.APPROVE)
    assert raised.value.allowed == ["submit"]
