"""Satisfaction and property-management coverage targets.

§四(一)4: 确保改造后居民满意度达到90%以上 (90% or more); annex 3 no.44: 物业管理覆盖率100%.
"""

from decimal import Decimal

SATISFACTION_TARGET_PERCENT = 90  # §四(一)4, annex 3 no.44
PROPERTY_MANAGEMENT_COVERAGE_TARGET_PERCENT = 100  # §四(一)5, annex 3 no.44


def survey_errors(*, surveyed: int, satisfied: int) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if surveyed <= 0:
        errors.append(("surveyed", "must be at least 1"))
    if satisfied < 0:
        errors.append(("satisfied", "must not be negative"))
    if satisfied > surveyed:
        errors.append(("satisfied", "cannot exceed surveyed"))
    return errors


def satisfaction_percent(*, surveyed: int, satisfied: int) -> Decimal:
    return (Decimal(satisfied) * 100 / Decimal(surveyed)).quantize(Decimal("0.01"))


def satisfaction_meets_target(*, surveyed: int, satisfied: int) -> bool:
    """satisfied / surveyed >= 90%, compared exactly in integers."""
    return satisfied * 100 >= surveyed * SATISFACTION_TARGET_PERCENT


def coverage_meets_target(*, projects: int, managed: int) -> bool:
    return projects > 0 and managed * 100 >= projects * PROPERTY_MANAGEMENT_COVERAGE_TARGET_PERCENT
