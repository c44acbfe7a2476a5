"""Violations and the sanctions they carry (牡市监规〔2022〕1号 art. 15-18).

A lab's status is never stored: it is derived from the sanctions on record at a date, the
harshest one in force winning.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from labs.rules.dates import add_months, add_years, last_day
from labs.rules.errors import RuleError


class LabStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BARRED_FOR_CONTRACT = "barred_for_contract"
    BARRED = "barred"
    BARRED_FOR_LIFE = "barred_for_life"


# Harsher statuses win (spec rule 7); a lifetime bar outranks every time-limited one.
SEVERITY: Mapping[LabStatus, int] = {
    LabStatus.ACTIVE: 0,
    LabStatus.SUSPENDED: 1,
    LabStatus.BARRED_FOR_CONTRACT: 2,
    LabStatus.BARRED: 3,
    LabStatus.BARRED_FOR_LIFE: 4,
}


class Consequence(StrEnum):
    REFERRAL = "referral"  # art. 15
    BARRED_FOR_LIFE = "barred_for_life"  # art. 16 items 1-2
    BARRED_YEARS = "barred_years"  # art. 16 items 3-7
    BARRED_FOR_CONTRACT = "barred_for_contract"  # art. 17
    SUSPENSION = "suspension"  # art. 18


CONSEQUENCE_STATUS: Mapping[Consequence, LabStatus | None] = {
    Consequence.REFERRAL: None,
    Consequence.BARRED_FOR_LIFE: LabStatus.BARRED_FOR_LIFE,
    Consequence.BARRED_YEARS: LabStatus.BARRED,
    Consequence.BARRED_FOR_CONTRACT: LabStatus.BARRED_FOR_CONTRACT,
    Consequence.SUSPENSION: LabStatus.SUSPENDED,
}


@dataclass(frozen=True)
class ViolationRule:
    """One group of items of one article that share a consequence (refdata/violations.json)."""

    article: int
    items: Mapping[int, str]
    consequence: Consequence
    recover_fees: bool
    end_entrustment: bool
    interview: bool
    bar_years: int | None = None
    min_months: int | None = None
    max_months: int | None = None


@dataclass(frozen=True)
class ViolationCatalogue:
    rules: tuple[ViolationRule, ...]

    def rule_for(self, article: int, item: int) -> ViolationRule:
        for rule in self.rules:
            if rule.article == article and item in rule.items:
                return rule
        raise RuleError(f"article {article} item {item} is not a sanctionable item", field="item")

    def describe(self, article: int, item: int) -> str:
        return self.rule_for(article, item).items[item]


@dataclass(frozen=True)
class SanctionDecision:
    """What a violation entails, derived from its article and item."""

    consequence: Consequence
    status: LabStatus | None
    starts_on: date
    ends_on: date | None  # exclusive (first day no longer in force); shown as last_day(ends_on)
    recover_fees: bool
    end_entrustment: bool
    interview: bool
    rectify_by: date | None
    suspension_months: int | None
    referral: bool


def check_suspension_months(rule: ViolationRule, months: int | None) -> int:
    """Art. 18: suspension of 3 to 6 months; anything else is refused."""
    low, high = rule.min_months, rule.max_months
    if months is None:
        raise RuleError(
            f"art. {rule.article} needs suspension_months ({low}-{high})", field="suspension_months"
        )
    if low is None or high is None or not low <= months <= high:
        raise RuleError(
            f"art. {rule.article}: suspension must be {low} to {high} months, got {months}",
            field="suspension_months",
        )
    return months


def derive_sanction(
    rule: ViolationRule,
    *,
    decided_on: date,
    contract_end: date,
    suspension_months: int | None = None,
    rectify_by: date | None = None,
) -> SanctionDecision:
    consequence = rule.consequence
    ends_on: date | None = None
    months: int | None = None
    if consequence is Consequence.SUSPENSION:
        months = check_suspension_months(rule, suspension_months)
        ends_on = add_months(decided_on, months)
        rectify_by = rectify_by or last_day(ends_on)  # by the suspension's last day
        if rectify_by is None or rectify_by < decided_on:
            raise RuleError("rectify_by is before the decision date", field="rectify_by")
    elif consequence is Consequence.BARRED_YEARS:
        ends_on = add_years(decided_on, rule.bar_years or 0)
    elif consequence is Consequence.BARRED_FOR_CONTRACT:
        ends_on = max(contract_end + timedelta(days=1), decided_on)  # through the last day
    if consequence is not Consequence.SUSPENSION:
        rectify_by = None
    return SanctionDecision(
        consequence=consequence,
        status=CONSEQUENCE_STATUS[consequence],
        starts_on=decided_on,
        ends_on=ends_on,
        recover_fees=rule.recover_fees,
        end_entrustment=rule.end_entrustment,
        interview=rule.interview,
        rectify_by=rectify_by,
        suspension_months=months,
        referral=consequence is Consequence.REFERRAL,
    )


@dataclass(frozen=True)
class SanctionPeriod:
    """A sanction on record as the status derivation sees it."""

    status: LabStatus
    starts_on: date
    ends_on: date | None
    lifted_on: date | None = None


def is_in_force(sanction: SanctionPeriod, on: date) -> bool:
    if on < sanction.starts_on:
        return False
    if sanction.ends_on is not None and on >= sanction.ends_on:
        return False
    return sanction.lifted_on is None or on < sanction.lifted_on


def harshest_in_force(sanctions: Iterable[SanctionPeriod], on: date) -> SanctionPeriod | None:
    in_force = [s for s in sanctions if is_in_force(s, on)]
    if not in_force:
        return None
    return max(in_force, key=lambda s: (SEVERITY[s.status], s.ends_on or date.max))


def derive_status(sanctions: Iterable[SanctionPeriod], on: date) -> tuple[LabStatus, date | None]:
    """Status of a lab on a date and the first day it is no longer in force (exclusive; None =
    open-ended or active). Shown as the last day included: see `last_day`."""
    harshest = harshest_in_force(sanctions, on)
    if harshest is None:
        return LabStatus.ACTIVE, None
    return harshest.status, harshest.ends_on


def takes_lab_off_tasks(status: LabStatus) -> bool:
    """Art. 19: a suspended or barred lab gives its open tasks back."""
    return status is not LabStatus.ACTIVE
