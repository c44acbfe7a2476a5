"""Retained-sample re-tests (留样复核检验, art. 13 item 1)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from labs.rules.errors import RuleError
from labs.rules.tasks import Conclusion

MIN_RETEST_BATCHES = 3  # art. 13(1): "每家承检机构至少抽取3批次的备份样品"


class RetestOutcome(StrEnum):
    AGREE = "agree"
    VALUE_OUTSIDE_LIMIT = "value_outside_limit"
    CONCLUSION_DIFFERS = "conclusion_differs"


def values_agree(original: Decimal, retest: Decimal, reproducibility_limit: Decimal) -> bool:
    """Two results of one method agree when they differ by no more than its limit R."""
    return abs(original - retest) <= reproducibility_limit


def retest_outcome(
    *,
    original_conclusion: Conclusion,
    retest_conclusion: Conclusion,
    original_value: Decimal,
    retest_value: Decimal,
    reproducibility_limit: Decimal,
) -> RetestOutcome:
    if original_conclusion is not retest_conclusion:
        return RetestOutcome.CONCLUSION_DIFFERS
    if not values_agree(original_value, retest_value, reproducibility_limit):
        return RetestOutcome.VALUE_OUTSIDE_LIMIT
    return RetestOutcome.AGREE


def check_retest_setup(
    *, original_lab_id: str, retest_lab_id: str, original_method: str, retest_method: str
) -> None:
    """Art. 13(1): sent to *another* lab, tested with the method of the original report."""
    if original_lab_id == retest_lab_id:
        raise RuleError("the re-test must be done by another lab", field="retest_lab_id")
    if original_method.strip() != retest_method.strip():
        raise RuleError("the re-test must use the method of the original report", field="method")


def check_reproducibility_limit(limit: Decimal) -> Decimal:
    if limit <= 0:
        raise RuleError("reproducibility_limit must be positive", field="reproducibility_limit")
    return limit


def outcome_score(outcome: RetestOutcome, scores: Mapping[RetestOutcome, Decimal]) -> Decimal:
    """The same score goes to the original and to the re-testing lab (art. 13(1))."""
    return scores[outcome]


def count_batches(sample_codes: Iterable[str]) -> int:
    """Art. 13(1) counts batches of retained samples: re-tests of one sample (several items, or
    the same item again) are one batch; only distinct samples add up."""
    return len({code.strip().upper() for code in sample_codes})


def has_enough_retests(batches: int, minimum: int = MIN_RETEST_BATCHES) -> bool:
    return batches >= minimum
