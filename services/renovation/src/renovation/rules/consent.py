"""Resident consent before construction design, §四(一)4.

The gazette reads "在获得三分之二以上居民同意后" (two-thirds *or more*): by the statutory reading of
"以上" (Civil Code art. 1259, "以上…包括本数") exactly two-thirds qualifies.
Integer arithmetic only.
"""

from dataclasses import dataclass

CONSENT_NUMERATOR = 2  # §四(一)4: 三分之二以上
CONSENT_DENOMINATOR = 3


@dataclass(frozen=True)
class ConsultationTally:
    households: int
    polled: int
    agree: int
    disagree: int
    abstain: int


def tally_errors(tally: ConsultationTally) -> list[tuple[str, str]]:
    """Field errors of an impossible tally (empty when the tally is consistent)."""
    errors: list[tuple[str, str]] = []
    for field in ("households", "polled", "agree", "disagree", "abstain"):
        if getattr(tally, field) < 0:
            errors.append((field, "must not be negative"))
    if tally.polled > tally.households:
        errors.append(("polled", "cannot exceed the project's households"))
    if tally.agree + tally.disagree + tally.abstain != tally.polled:
        errors.append(("polled", "must equal agree + disagree + abstain"))
    return errors


def consent_reached(*, agree: int, households: int) -> bool:
    """§四(一)4: agree / households >= 2/3, i.e. agree * 3 >= households * 2."""
    if households <= 0:
        return False
    return agree * CONSENT_DENOMINATOR >= households * CONSENT_NUMERATOR


def agree_needed(households: int) -> int:
    """Smallest number of agreeing households that reaches two-thirds (ceil(2h/3))."""
    return -(-households * CONSENT_NUMERATOR // CONSENT_DENOMINATOR)


def agree_missing(*, agree: int, households: int) -> int:
    return max(agree_needed(households) - agree, 0)
