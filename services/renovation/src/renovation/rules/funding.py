"""Funding shares by source, §五(一) (4.43亿 programme) and §五(一)4."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from renovation.rules.money import share, yuan

UTILITY_SHARE = Decimal("0.20")  # §五(一)4 一: 水电热气专业经营单位承担20% (含小网供热企业)
WEAK_CURRENT_SHARE = Decimal("0.50")  # §五(一)4 二: 弱电管线产权单位承担50%


class FundingSource(StrEnum):
    CENTRAL_BUDGET = "central_budget"  # 庭院配套基础设施项目中央预算内投资
    CENTRAL_SUBSIDY = "central_subsidy"  # 中央财政城镇保障性安居工程补助资金
    PROVINCIAL_AWARD = "provincial_award"  # 省级财政“以奖代补”资金
    BONDS = "bonds"  # 债券资金 (demolition compensation from general bonds, §五(一)6)
    CITY_FINANCE = "city_finance"  # 市级财政配套
    DISTRICT_FINANCE = "district_finance"  # 区级财政配套
    UTILITIES = "utilities"  # 水电热气专业经营单位 (20%)
    WEAK_CURRENT = "weak_current"  # “弱电”管线产权单位 (50%)
    RESIDENTS = "residents"  # 居民出资 (10 yuan/m², §五(一)3)


class FundingKind(StrEnum):
    COMMITMENT = "commitment"
    RECEIPT = "receipt"


GOVERNMENT_SOURCES = (
    FundingSource.CENTRAL_BUDGET,
    FundingSource.CENTRAL_SUBSIDY,
    FundingSource.PROVINCIAL_AWARD,
    FundingSource.BONDS,
    FundingSource.CITY_FINANCE,
    FundingSource.DISTRICT_FINANCE,
)


@dataclass(frozen=True)
class InvestmentPlan:
    total: Decimal
    utility_facilities: Decimal  # investment in water/power/heat/gas facilities
    weak_current_lines: Decimal  # investment in telecom / cable line renovation
    resident_contribution: Decimal  # net contribution due after hardship reductions
    demolition_costs: Decimal  # §五(一)6, from general bonds


def utility_share(utility_facilities_investment: Decimal) -> Decimal:
    return share(utility_facilities_investment, UTILITY_SHARE)


def weak_current_share(weak_current_investment: Decimal) -> Decimal:
    return share(weak_current_investment, WEAK_CURRENT_SHARE)


def plan_errors(
    *, total: Decimal, utility_facilities: Decimal, weak_current_lines: Decimal
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if utility_facilities + weak_current_lines > total:
        errors.append(
            ("utility_facility_investment", "utility and weak-current parts exceed the total")
        )
    return errors


def required_by_source(plan: InvestmentPlan) -> dict[str, Decimal]:
    """What each source owes: fixed shares, residents, bonds for demolition, and the remainder
    that the government sources share as the city decides (§五(一)4 三/四)."""
    fixed = {
        FundingSource.UTILITIES.value: utility_share(plan.utility_facilities),
        FundingSource.WEAK_CURRENT.value: weak_current_share(plan.weak_current_lines),
        FundingSource.RESIDENTS.value: yuan(plan.resident_contribution),
        FundingSource.BONDS.value: yuan(plan.demolition_costs),
    }
    # §五(一)6: demolition costs are renovation cost, i.e. part of the total, paid from bonds.
    remainder = yuan(max(plan.total - sum(fixed.values()), Decimal(0)))
    return {**fixed, "government_remainder": remainder}


@dataclass(frozen=True)
class SourceLine:
    source: str
    required: Decimal | None
    committed: Decimal
    received: Decimal

    @property
    def gap(self) -> Decimal | None:
        if self.required is None:
            return None
        return yuan(max(self.required - self.received, Decimal(0)))


def funding_lines(
    plan: InvestmentPlan,
    committed: dict[str, Decimal],
    received: dict[str, Decimal],
) -> list[SourceLine]:
    """Required vs committed vs received per source; government sources have no fixed share
    each, so their requirement is reported as one remainder line."""
    required = required_by_source(plan)
    lines = [
        SourceLine(
            source=source.value,
            required=required.get(source.value),
            committed=yuan(committed.get(source.value, Decimal(0))),
            received=yuan(received.get(source.value, Decimal(0))),
        )
        for source in FundingSource
    ]
    lines.append(
        SourceLine(
            source="government_remainder",
            required=required["government_remainder"],
            committed=_government_beyond_demolition(committed, plan.demolition_costs),
            received=_government_beyond_demolition(received, plan.demolition_costs),
        )
    )
    return lines


def _government_beyond_demolition(amounts: dict[str, Decimal], demolition: Decimal) -> Decimal:
    """Government money towards the remainder: bonds count only beyond the demolition costs
    they must cover first."""
    government = sum((amounts.get(s.value, Decimal(0)) for s in GOVERNMENT_SOURCES), Decimal(0))
    bonds = amounts.get(FundingSource.BONDS.value, Decimal(0))
    return yuan(government - min(bonds, demolition))


def total_gap(plan: InvestmentPlan, received: dict[str, Decimal]) -> Decimal:
    return yuan(max(plan.total - sum(received.values(), Decimal(0)), Decimal(0)))
