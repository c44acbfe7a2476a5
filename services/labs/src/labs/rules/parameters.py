"""Technical-assessment parameters (refdata/technical.json) as one value object."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from labs.rules.proficiency import ZBand
from labs.rules.retest import RetestOutcome


@dataclass(frozen=True)
class TechnicalParameters:
    retest_min_batches: int
    retest_outcome_scores: Mapping[RetestOutcome, Decimal]
    z_satisfactory_limit: Decimal
    z_unsatisfactory_limit: Decimal
    z_band_scores: Mapping[ZBand, Decimal]
    rectification_months: int
    abnormal_rate_alpha: Decimal
    abnormal_rate_min_tested: int
