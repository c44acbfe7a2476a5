"""Earning a module's credit and what happens when a student fails (附件4 二(二)1, 二(四))."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from credits.rules.course_table import Category

# 附件4 二(二)1(1): a student must attend at least 4/5 of the module's periods.
MIN_ATTENDANCE_SHARE: Final = Fraction(4, 5)
# 附件4 二(四)2: one make-up exam after a failed exam.
MAKE_UP_EXAMS_ALLOWED: Final = 1
# 附件4 二(四)2: no switching for the selective-compulsory modules of these subjects
# when the student takes the national college-entrance exam.
NO_SWITCH_SUBJECTS_FOR_EXAM_TAKERS: Final = frozenset({"YW", "SX", "WY", "HYW", "CYW"})


class Outcome(StrEnum):
    in_progress = "in_progress"
    credit_eligible = "credit_eligible"  # all three conditions met
    retake_required = "retake_required"  # 重修: attendance short or process evaluation failed
    make_up_allowed = "make_up_allowed"  # 补考: exam failed once
    retake_or_switch = "retake_or_switch"  # make-up failed: 重修 or 改修
    retake_only = "retake_only"  # make-up failed, switching barred


class Remedy(StrEnum):
    make_up_periods = "make_up_periods"  # 补足学时
    make_up_exam = "make_up_exam"  # 重考/补考
    retake = "retake"  # 重修
    switch = "switch"  # 改修其他课程


@dataclass(frozen=True, slots=True)
class ModuleRecord:
    """What the teacher has logged for one enrollment."""

    periods: int
    periods_absent: int
    evaluation_passed: bool | None  # process evaluation (修习表现)
    exam_passed: bool | None
    make_up_passed: bool | None = None
    exempt: bool = False  # 附件4 二(四)4: exempted students still sit the exam


def attendance_sufficient(periods: int, periods_absent: int) -> bool:
    """附件4 二(二)1(1): attended periods >= 4/5 of the module's periods."""
    if periods <= 0 or periods_absent < 0 or periods_absent > periods:
        raise ValueError("periods must be positive and absences between 0 and periods")
    return Fraction(periods - periods_absent, periods) >= MIN_ATTENDANCE_SHARE


def max_absences_allowed(periods: int) -> int:
    """The largest number of absent periods that still satisfies the 4/5 rule."""
    return max(a for a in range(periods + 1) if attendance_sufficient(periods, a))


def exam_outcome(record: ModuleRecord) -> bool | None:
    """True/False once known: the exam or, after a failure, the single make-up exam."""
    if record.exam_passed is None:
        return None
    if record.exam_passed:
        return True
    return record.make_up_passed


def switch_allowed(*, category: Category, subject_code: str, takes_national_exam: bool) -> bool:
    """附件4 二(四)2: compulsory modules can't be switched, nor an exam-taker's 语数外
    selective-compulsory modules."""
    if category is Category.compulsory:
        return False
    return not (
        category is Category.selective
        and takes_national_exam
        and subject_code in NO_SWITCH_SUBJECTS_FOR_EXAM_TAKERS
    )


def module_outcome(
    record: ModuleRecord, *, category: Category, subject_code: str, takes_national_exam: bool
) -> Outcome:
    """Apply 附件4 二(二)1 and 二(四)1-2 (and 二(四)4 for exempted students)."""
    if not record.exempt:
        if not attendance_sufficient(record.periods, record.periods_absent):
            return Outcome.retake_required
        if record.evaluation_passed is False:
            return Outcome.retake_required
        if record.evaluation_passed is None:
            return Outcome.in_progress
    if record.exam_passed is None:
        return Outcome.in_progress
    if record.exam_passed:
        return Outcome.credit_eligible
    if record.make_up_passed is None:
        return Outcome.make_up_allowed
    if record.make_up_passed:
        return Outcome.credit_eligible
    if switch_allowed(
        category=category, subject_code=subject_code, takes_national_exam=takes_national_exam
    ):
        return Outcome.retake_or_switch
    return Outcome.retake_only


def can_sit_make_up(record: ModuleRecord) -> bool:
    """附件4 二(四)2: only after a failed exam, and only once."""
    return record.exam_passed is False and record.make_up_passed is None


def remedies_for(outcome: Outcome) -> tuple[Remedy, ...]:
    """The guidance a refused student gets (附件4 二(三)5)."""
    return {
        Outcome.retake_required: (Remedy.retake, Remedy.make_up_periods),
        Outcome.make_up_allowed: (Remedy.make_up_exam,),
        Outcome.retake_or_switch: (Remedy.retake, Remedy.switch),
        Outcome.retake_only: (Remedy.retake,),
    }.get(outcome, ())


def refusal_guidance(outcome: Outcome, *, switch_ok: bool) -> tuple[Remedy, ...]:
    """附件4 二(三)5: every refused student is helped to see why and guided to 补足学时、重考、
    重修或改修. When the module record itself passed (the committee refused on other grounds),
    the way to the credit is to take the module again, or another one where switching is
    allowed (二(四)2)."""
    remedies = remedies_for(outcome)
    if remedies:
        return remedies
    return (Remedy.retake, Remedy.switch) if switch_ok else (Remedy.retake,)


def credits_earned(outcome: Outcome, module_credits: Decimal) -> Decimal:
    """附件1 二(五)/附件4 二(四)4: credit only through a passed module, never as a reward."""
    return module_credits if outcome is Outcome.credit_eligible else Decimal(0)


class EnrollmentAction(StrEnum):
    attendance = "attendance"
    evaluation = "evaluation"
    exam = "exam"
    make_up_exam = "make_up_exam"
    retake = "retake"
    switch = "switch"


def allowed_enrollment_actions(
    outcome: Outcome, *, record: ModuleRecord, closed: bool
) -> list[EnrollmentAction]:
    """What may be recorded next on an enrollment (附件4 二(二)1, 二(四)1-2)."""
    if closed:
        return []
    if outcome is Outcome.in_progress:
        actions = [EnrollmentAction.attendance]
        if record.evaluation_passed is None and not record.exempt:
            actions.append(EnrollmentAction.evaluation)
        if record.exam_passed is None:
            actions.append(EnrollmentAction.exam)
        return actions
    return {
        Outcome.make_up_allowed: [EnrollmentAction.make_up_exam],
        Outcome.retake_required: [EnrollmentAction.retake],
        Outcome.retake_or_switch: [EnrollmentAction.retake, EnrollmentAction.switch],
        Outcome.retake_only: [EnrollmentAction.retake],
    }.get(outcome, [])


def outcome_final(outcome: Outcome) -> bool:
    """Recognition can start once the module's result can no longer change by itself."""
    return outcome not in (Outcome.in_progress, Outcome.make_up_allowed)
