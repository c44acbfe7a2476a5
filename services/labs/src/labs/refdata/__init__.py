"""Reference data from the gazette, kept as JSON beside this module, parsed into rule objects."""

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from labs.rules.notices import NoticeKind
from labs.rules.parameters import TechnicalParameters
from labs.rules.proficiency import ZBand
from labs.rules.retest import RetestOutcome
from labs.rules.sanctions import Consequence, ViolationCatalogue, ViolationRule
from labs.rules.scoring import DailyItem, TechnicalPart, YearWeights, check_weights


def read_json(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@cache
def violation_catalogue() -> ViolationCatalogue:
    rules = tuple(
        ViolationRule(
            article=entry["article"],
            items={int(key): text for key, text in entry["items"].items()},
            consequence=Consequence(entry["consequence"]),
            recover_fees=entry["recover_fees"],
            end_entrustment=entry["end_entrustment"],
            interview=entry["interview"],
            bar_years=entry.get("bar_years"),
            min_months=entry.get("min_months"),
            max_months=entry.get("max_months"),
        )
        for entry in read_json("violations.json")["articles"]
    )
    return ViolationCatalogue(rules=rules)


def parse_weights(raw: dict[str, Any]) -> YearWeights:
    """Weights from their JSON form (refdata or a stored year); checks that they sum to 1."""
    return check_weights(
        YearWeights(
            daily_share=Decimal(str(raw["daily_share"])),
            technical_share=Decimal(str(raw["technical_share"])),
            daily_items={DailyItem(k): Decimal(str(v)) for k, v in raw["daily_items"].items()},
            technical_parts={
                TechnicalPart(k): Decimal(str(v)) for k, v in raw["technical_parts"].items()
            },
            daily_pass_mark=Decimal(str(raw["daily_pass_mark"])),
            technical_pass_mark=Decimal(str(raw["technical_pass_mark"])),
        )
    )


def weights_as_dict(weights: YearWeights) -> dict[str, Any]:
    return {
        "daily_share": str(weights.daily_share),
        "technical_share": str(weights.technical_share),
        "daily_items": {item.value: str(w) for item, w in weights.daily_items.items()},
        "technical_parts": {part.value: str(w) for part, w in weights.technical_parts.items()},
        "daily_pass_mark": str(weights.daily_pass_mark),
        "technical_pass_mark": str(weights.technical_pass_mark),
    }


@cache
def default_weights() -> YearWeights:
    return parse_weights(read_json("weights.json"))


@cache
def technical_parameters() -> TechnicalParameters:
    raw = read_json("technical.json")
    return TechnicalParameters(
        retest_min_batches=raw["retest_min_batches"],
        retest_outcome_scores={
            RetestOutcome(k): Decimal(v) for k, v in raw["retest_outcome_scores"].items()
        },
        z_satisfactory_limit=Decimal(raw["z_satisfactory_limit"]),
        z_unsatisfactory_limit=Decimal(raw["z_unsatisfactory_limit"]),
        z_band_scores={ZBand(k): Decimal(v) for k, v in raw["z_band_scores"].items()},
        rectification_months=raw["rectification_months"],
        abnormal_rate_alpha=Decimal(raw["abnormal_rate_alpha"]),
        abnormal_rate_min_tested=raw["abnormal_rate_min_tested"],
    )


@cache
def notice_kinds() -> dict[NoticeKind, dict[str, Any]]:
    return {NoticeKind(k): v for k, v in read_json("notice_kinds.json")["kinds"].items()}
