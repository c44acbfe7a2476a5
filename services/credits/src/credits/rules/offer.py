"""The school's elective offer (附件2 二(一)2, 二(二)2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from credits.rules.course_table import SchoolType

# 附件2 二(一)2: at least 28 elective credits offered; provincial model schools 36.
MIN_OFFER_ORDINARY: Final = Decimal(28)
MIN_OFFER_PROVINCIAL_MODEL: Final = Decimal(36)


def min_elective_offer(school_type: SchoolType) -> Decimal:
    if school_type is SchoolType.provincial_model:
        return MIN_OFFER_PROVINCIAL_MODEL
    return MIN_OFFER_ORDINARY


def committee_approves(*, votes_for: int, committee_size: int) -> bool:
    """附件2 二(二)2: more than half of the course committee's members approve."""
    if committee_size <= 0 or not 0 <= votes_for <= committee_size:
        raise ValueError("votes must be between 0 and a positive committee size")
    return 2 * votes_for > committee_size


@dataclass(frozen=True, slots=True)
class OfferCheck:
    required: Decimal
    offered: Decimal

    @property
    def met(self) -> bool:
        return self.offered >= self.required

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), self.required - self.offered)


def check_offer(school_type: SchoolType, opened_credits: Iterable[Decimal]) -> OfferCheck:
    return OfferCheck(min_elective_offer(school_type), sum(opened_credits, Decimal(0)))
