"""Art. 16: the contract's fees are recovered once; art. 17(一) needs a suspension and a failed
re-inspection after it."""

from datetime import date
from decimal import Decimal as D

import pytest

from labs.rules.errors import RuleError
from labs.rules.sanction_basis import (
    SuspensionOnRecord,
    check_art17_1_basis,
    check_no_art17_1_refs,
    fee_to_recover,
)

FEE = D("480000.00")
SUSPENDED = SuspensionOnRecord("vi_1", date(2022, 3, 1))


def test_art16_recovers_the_contract_fee_on_the_first_violation() -> None:
    assert fee_to_recover(recover_fees=True, contract_fee=FEE, recovered_under=None) == FEE


def test_art16_a_second_violation_under_the_contract_adds_no_second_fee() -> None:
    assert fee_to_recover(recover_fees=True, contract_fee=FEE, recovered_under="vi_1") is None


def test_articles_without_recovery_recover_nothing() -> None:
    assert fee_to_recover(recover_fees=False, contract_fee=FEE, recovered_under=None) is None


def test_art17_1_refused_for_a_lab_never_suspended() -> None:
    with pytest.raises(RuleError) as caught:
        check_art17_1_basis(decided_on=date(2022, 9, 1), suspension=None, reinspected_on=None)
    assert caught.value.field == "suspension_id"


def test_art17_1_needs_the_reinspection() -> None:
    with pytest.raises(RuleError) as caught:
        check_art17_1_basis(decided_on=date(2022, 9, 1), suspension=SUSPENDED, reinspected_on=None)
    assert caught.value.field == "reinspection_id"


@pytest.mark.parametrize(
    ("reinspected_on", "accepted"),
    [
        (date(2022, 2, 28), False),  # before the suspension: not a re-check after it
        (date(2022, 3, 1), True),  # on the day it began
        (date(2022, 6, 1), True),  # after
    ],
)
def test_art17_1_reinspection_comes_after_the_suspension(
    reinspected_on: date, accepted: bool
) -> None:
    def check() -> None:
        check_art17_1_basis(
            decided_on=date(2022, 9, 1), suspension=SUSPENDED, reinspected_on=reinspected_on
        )

    if accepted:
        check()
    else:
        with pytest.raises(RuleError):
            check()


def test_art17_1_decision_not_before_the_reinspection() -> None:
    with pytest.raises(RuleError) as caught:
        check_art17_1_basis(
            decided_on=date(2022, 5, 31), suspension=SUSPENDED, reinspected_on=date(2022, 6, 1)
        )
    assert caught.value.field == "decided_on"


@pytest.mark.parametrize(("article", "item"), [(17, 2), (18, 1), (16, 1)])
def test_suspension_refs_belong_only_to_art17_1(article: int, item: int) -> None:
    with pytest.raises(RuleError):
        check_no_art17_1_refs(article, item, has_refs=True)
    check_no_art17_1_refs(article, item, has_refs=False)
    check_no_art17_1_refs(17, 1, has_refs=True)
