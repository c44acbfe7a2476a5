"""Art. 15-18 violations -> sanctions; derived status (harshest in force wins)."""

from datetime import date, timedelta

import pytest

from labs.refdata import violation_catalogue
from labs.rules.errors import RuleError
from labs.rules.sanctions import (
    Consequence,
    LabStatus,
    SanctionPeriod,
    derive_sanction,
    derive_status,
)

DECIDED = date(2022, 7, 1)
CONTRACT_END = date(2023, 6, 30)


def decide(article: int, item: int, months: int | None = None):
    rule = violation_catalogue().rule_for(article, item)
    return derive_sanction(
        rule, decided_on=DECIDED, contract_end=CONTRACT_END, suspension_months=months
    )


@pytest.mark.parametrize("item", [1, 2])
def test_art16_items_1_2_bar_for_life_and_recover_fees(item: int) -> None:
    decision = decide(16, item)
    assert decision.consequence is Consequence.BARRED_FOR_LIFE
    assert decision.status is LabStatus.BARRED_FOR_LIFE
    assert decision.ends_on is None
    assert decision.recover_fees and decision.end_entrustment


@pytest.mark.parametrize("item", [3, 4, 5, 6, 7])
def test_art16_items_3_to_7_bar_for_5_years_and_recover_fees(item: int) -> None:
    decision = decide(16, item)
    assert decision.status is LabStatus.BARRED
    assert decision.ends_on == date(2027, 7, 1)
    assert decision.recover_fees and decision.end_entrustment


@pytest.mark.parametrize("item", [1, 2, 3, 4, 5])
def test_art17_items_1_to_5_bar_for_rest_of_contract(item: int) -> None:
    decision = decide(17, item)
    assert decision.status is LabStatus.BARRED_FOR_CONTRACT
    assert decision.ends_on == CONTRACT_END + timedelta(days=1)  # exclusive: barred on the last day
    assert not decision.recover_fees


@pytest.mark.parametrize("item", range(1, 10))
def test_art18_items_1_to_9_interview_rectify_and_suspend(item: int) -> None:
    decision = decide(18, item, months=4)
    assert decision.status is LabStatus.SUSPENDED
    assert decision.interview
    assert decision.ends_on == date(2022, 11, 1)
    assert decision.rectify_by == date(2022, 10, 31)  # the suspension's last day


def test_art15_referral_changes_no_status() -> None:
    decision = decide(15, 0)
    assert decision.referral and decision.status is None and decision.ends_on is None


@pytest.mark.parametrize(
    ("months", "ends_on"),
    [(3, date(2022, 10, 1)), (6, date(2023, 1, 1))],
)
def test_art18_suspension_of_3_and_6_months_is_accepted(months: int, ends_on: date) -> None:
    assert decide(18, 1, months=months).ends_on == ends_on


@pytest.mark.parametrize("months", [2, 7, None])
def test_art18_suspension_of_2_or_7_months_or_none_is_refused(months: int | None) -> None:
    with pytest.raises(RuleError) as raised:
        decide(18, 1, months=months)
    assert raised.value.field == "suspension_months"


@pytest.mark.parametrize(("article", "item"), [(16, 8), (17, 6), (18, 10), (18, 0), (14, 1)])
def test_unknown_article_item_is_refused(article: int, item: int) -> None:
    with pytest.raises(RuleError):
        violation_catalogue().rule_for(article, item)


def test_harshest_sanction_in_force_wins() -> None:
    sanctions = [
        SanctionPeriod(LabStatus.SUSPENDED, date(2022, 1, 1), date(2022, 7, 1)),
        SanctionPeriod(LabStatus.BARRED, date(2022, 3, 1), date(2027, 3, 1)),
    ]
    assert derive_status(sanctions, date(2022, 4, 1)) == (LabStatus.BARRED, date(2027, 3, 1))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2022, 6, 30), LabStatus.SUSPENDED),  # last day of the suspension
        (date(2022, 7, 1), LabStatus.ACTIVE),  # ends_on is exclusive
        (date(2021, 12, 31), LabStatus.ACTIVE),  # before it starts
    ],
)
def test_status_ends_with_the_sanction(on: date, expected: LabStatus) -> None:
    sanctions = [SanctionPeriod(LabStatus.SUSPENDED, date(2022, 1, 1), date(2022, 7, 1))]
    assert derive_status(sanctions, on)[0] is expected


def test_lifted_sanction_no_longer_counts() -> None:
    sanction = SanctionPeriod(LabStatus.BARRED_FOR_LIFE, date(2022, 1, 1), None, date(2022, 2, 1))
    assert derive_status([sanction], date(2022, 1, 31))[0] is LabStatus.BARRED_FOR_LIFE
    assert derive_status([sanction], date(2022, 2, 1))[0] is LabStatus.ACTIVE


def test_life_bar_outranks_every_other_sanction() -> None:
    sanctions = [
        SanctionPeriod(LabStatus.BARRED, date(2022, 1, 1), date(2027, 1, 1)),
        SanctionPeriod(LabStatus.BARRED_FOR_LIFE, date(2022, 2, 1), None),
        SanctionPeriod(LabStatus.BARRED_FOR_CONTRACT, date(2022, 2, 1), date(2023, 1, 1)),
    ]
    assert derive_status(sanctions, date(2022, 3, 1)) == (LabStatus.BARRED_FOR_LIFE, None)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2027, 6, 30), LabStatus.BARRED),  # the day before 5 years have passed
        (date(2027, 7, 1), LabStatus.ACTIVE),  # 5 years after the decision
        (date(2027, 7, 2), LabStatus.ACTIVE),
    ],
)
def test_art16_5_year_bar_ends_after_exactly_5_years(on: date, expected: LabStatus) -> None:
    decision = decide(16, 4)
    assert decision.status is not None
    period = SanctionPeriod(decision.status, decision.starts_on, decision.ends_on)
    assert derive_status([period], on)[0] is expected


def test_art17_bar_lasts_until_the_contract_ends() -> None:
    decision = decide(17, 3)
    assert decision.status is not None
    period = SanctionPeriod(decision.status, decision.starts_on, decision.ends_on)
    assert derive_status([period], CONTRACT_END)[0] is LabStatus.BARRED_FOR_CONTRACT
    assert derive_status([period], CONTRACT_END + timedelta(days=1))[0] is LabStatus.ACTIVE
