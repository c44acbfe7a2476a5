"""Proficiency testing (能力验证, art. 13 item 2): z-scores and ISO 13528 Algorithm A."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pt13528 import robust

from labs.rules.errors import RuleError

Z_SATISFACTORY_LIMIT = Decimal(2)  # |z| <= 2 (ISO/IEC 17043 practice)
Z_UNSATISFACTORY_LIMIT = Decimal(3)  # |z| >= 3
MIN_PARTICIPANTS_FOR_CONSENSUS = 3
SIGNIFICANT = Decimal("1e-12")


class ZBand(StrEnum):
    SATISFACTORY = "satisfactory"
    QUESTIONABLE = "questionable"
    UNSATISFACTORY = "unsatisfactory"


class AssignedValueSource(StrEnum):
    SCHEME = "scheme"
    ALGORITHM_A = "algorithm_a"


@dataclass(frozen=True)
class RobustEstimate:
    assigned_value: Decimal
    sigma_pt: Decimal
    iterations: int


def z_score(result: Decimal, assigned_value: Decimal, sigma_pt: Decimal) -> Decimal:
    if sigma_pt <= 0:
        raise RuleError("sigma_pt must be positive", field="sigma_pt")
    return (result - assigned_value) / sigma_pt


def z_band(
    z: Decimal,
    satisfactory_limit: Decimal = Z_SATISFACTORY_LIMIT,
    unsatisfactory_limit: Decimal = Z_UNSATISFACTORY_LIMIT,
) -> ZBand:
    size = abs(z)
    if size <= satisfactory_limit:
        return ZBand.SATISFACTORY
    if size < unsatisfactory_limit:
        return ZBand.QUESTIONABLE
    return ZBand.UNSATISFACTORY


def band_score(band: ZBand, scores: Mapping[ZBand, Decimal]) -> Decimal:
    return scores[band]


def _to_decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(SIGNIFICANT).normalize()


def algorithm_a(results: Sequence[Decimal]) -> RobustEstimate:
    """ISO 13528 Annex C.3 Algorithm A: robust mean x* (assigned value) and robust standard
    deviation s* (used as sigma_pt) from the participants' results."""
    if len(results) < MIN_PARTICIPANTS_FOR_CONSENSUS:
        raise RuleError(
            f"Algorithm A needs at least {MIN_PARTICIPANTS_FOR_CONSENSUS} results, "
            f"got {len(results)}",
            field="results",
        )
    estimate = robust.algorithm_a([float(value) for value in results])
    if estimate["degenerate"] or estimate["scale"] <= 0:
        raise RuleError("the results have no spread: no robust sigma_pt", field="results")
    return RobustEstimate(
        assigned_value=_to_decimal(estimate["location"]),
        sigma_pt=_to_decimal(estimate["scale"]),
        iterations=int(estimate["iterations"]),
    )
