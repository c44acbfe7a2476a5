"""附件4 二(二)1 and 二(四): earning a module's credit and the failure paths."""

from decimal import Decimal

import pytest

from credits.rules.course_table import Category, is_valid_module_periods, module_periods
from credits.rules.module_credit import (
    ModuleRecord,
    Outcome,
    Remedy,
    attendance_sufficient,
    can_sit_make_up,
    credits_earned,
    max_absences_allowed,
    module_outcome,
    remedies_for,
    switch_allowed,
)


@pytest.mark.parametrize(
    ("periods", "absent", "ok"),
    [
        (45, 9, True),  # exactly 4/5 attended
        (45, 10, False),  # just under 4/5
        (45, 8, True),  # just above
        (90, 18, True),
        (90, 19, False),
        (18, 3, True),  # 15/18 > 4/5
        (18, 4, False),  # 14/18 < 4/5
        (36, 7, True),  # 29/36 > 4/5
        (36, 8, False),  # 28/36 < 4/5
        (18, 0, True),
    ],
)
def test_attendance_at_least_four_fifths_s2_2_1(periods: int, absent: int, ok: bool) -> None:
    assert attendance_sufficient(periods, absent) is ok


def test_max_absences_for_an_18_period_module_is_3_s2_2_1() -> None:
    assert max_absences_allowed(18) == 3
    assert max_absences_allowed(36) == 7


@pytest.mark.parametrize(("periods", "absent"), [(0, 0), (18, -1), (18, 19)])
def test_attendance_rejects_impossible_numbers(periods: int, absent: int) -> None:
    with pytest.raises(ValueError):
        attendance_sufficient(periods, absent)


@pytest.mark.parametrize(
    ("credits", "periods"), [(Decimal(1), 18), (Decimal(2), 36), (Decimal("0.5"), 9)]
)
def test_18_periods_make_one_credit_annex1_1_2(credits: Decimal, periods: int) -> None:
    assert module_periods(credits) == periods


@pytest.mark.parametrize(("periods", "ok"), [(18, True), (36, True), (9, True), (17, False)])
def test_module_periods_are_multiples_of_18_annex1_1_4(periods: int, ok: bool) -> None:
    assert is_valid_module_periods(periods) is ok


def _outcome(record: ModuleRecord, category=Category.selective, subject="WL", exam_taker=False):
    return module_outcome(
        record, category=category, subject_code=subject, takes_national_exam=exam_taker
    )


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (ModuleRecord(18, 3, True, True), Outcome.credit_eligible),
        (ModuleRecord(18, 4, True, True), Outcome.retake_required),  # attendance short
        (ModuleRecord(18, 0, False, True), Outcome.retake_required),  # evaluation failed
        (ModuleRecord(18, 0, None, None), Outcome.in_progress),
        (ModuleRecord(18, 0, True, None), Outcome.in_progress),
        (ModuleRecord(18, 0, True, False), Outcome.make_up_allowed),
        (ModuleRecord(18, 0, True, False, True), Outcome.credit_eligible),
        (ModuleRecord(18, 0, True, False, False), Outcome.retake_or_switch),
        # 二(四)4: an exempted student needs only the exam
        (ModuleRecord(18, 18, None, True, exempt=True), Outcome.credit_eligible),
        (ModuleRecord(18, 18, None, False, exempt=True), Outcome.make_up_allowed),
        (ModuleRecord(18, 18, None, None, exempt=True), Outcome.in_progress),
    ],
)
def test_module_outcome_s2_2_1_and_s2_4(record: ModuleRecord, expected: Outcome) -> None:
    assert _outcome(record) is expected


def test_failed_make_up_of_compulsory_module_allows_only_retake_s2_4_2() -> None:
    failed = ModuleRecord(18, 0, True, False, False)
    assert _outcome(failed, category=Category.compulsory) is Outcome.retake_only


@pytest.mark.parametrize(
    ("category", "subject", "exam_taker", "allowed"),
    [
        (Category.compulsory, "WL", False, False),
        (Category.compulsory, "XB", False, False),
        (Category.selective, "YW", True, False),
        (Category.selective, "SX", True, False),
        (Category.selective, "WY", True, False),
        (Category.selective, "YW", False, True),  # not taking the national exam
        (Category.selective, "WL", True, True),
        (Category.elective, "YW", True, True),
    ],
)
def test_switching_module_restrictions_s2_4_2(category, subject, exam_taker, allowed) -> None:
    assert (
        switch_allowed(category=category, subject_code=subject, takes_national_exam=exam_taker)
        is allowed
    )


def test_make_up_exam_only_once_and_only_after_failure_s2_4_2() -> None:
    assert can_sit_make_up(ModuleRecord(18, 0, True, False)) is True
    assert can_sit_make_up(ModuleRecord(18, 0, True, True)) is False
    assert can_sit_make_up(ModuleRecord(18, 0, True, False, False)) is False
    assert can_sit_make_up(ModuleRecord(18, 0, True, None)) is False


def test_remedies_follow_the_failure_path_s2_3_5() -> None:
    assert Remedy.retake in remedies_for(Outcome.retake_required)
    assert remedies_for(Outcome.make_up_allowed) == (Remedy.make_up_exam,)
    assert Remedy.switch in remedies_for(Outcome.retake_or_switch)
    assert Remedy.switch not in remedies_for(Outcome.retake_only)
    assert remedies_for(Outcome.credit_eligible) == ()


@pytest.mark.parametrize("outcome", [o for o in Outcome if o is not Outcome.credit_eligible])
def test_no_credit_without_passing_the_module_annex1_2_5(outcome: Outcome) -> None:
    assert credits_earned(outcome, Decimal(2)) == 0
    assert credits_earned(Outcome.credit_eligible, Decimal(2)) == 2
