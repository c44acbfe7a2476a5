"""Demolition (§四(一)6, §五(一)6), contributions (§五(一)3), funding shares (§五(一)4) and
change control (§五(一)5)."""

from decimal import Decimal

import pytest

from renovation.rules.change_control import (
    ChangeStatus,
    allowed_change_actions,
    assess_change,
    needs_new_application,
)
from renovation.rules.contribution import (
    contribution_due,
    contribution_status,
    reduction_errors,
)
from renovation.rules.demolition import (
    SHED_COMPENSATION_YUAN,
    DemolitionKind,
    demolition_compensation,
    demolition_errors,
)
from renovation.rules.funding import (
    InvestmentPlan,
    funding_lines,
    required_by_source,
    total_gap,
    utility_share,
    weak_current_share,
)

D = Decimal


@pytest.mark.parametrize(("count", "amount"), [(1, "2000.00"), (2, "4000.00"), (37, "74000.00")])
def test_shed_compensation_2000_yuan_each_s4_1_6(count: int, amount: str) -> None:
    assert D("2000") == SHED_COMPENSATION_YUAN
    got = demolition_compensation(kind=DemolitionKind.SHED, count=count, cost_amount=None)
    assert got == D(amount)


@pytest.mark.parametrize(
    "kind", [DemolitionKind.BICYCLE_SHED, DemolitionKind.PUMP_ROOM, DemolitionKind.SIGNBOARD]
)
def test_bicycle_sheds_pump_rooms_signboards_at_cost_price_s4_1_6(kind: DemolitionKind) -> None:
    got = demolition_compensation(kind=kind, count=1, cost_amount=D("12345.675"))
    assert got == D("12345.68")
    assert demolition_errors(kind=kind, count=1, cost_amount=None)
    assert demolition_errors(kind=kind, count=1, cost_amount=D("0"))


def test_shed_takes_no_entered_amount_and_needs_a_count_s4_1_6() -> None:
    assert demolition_errors(kind=DemolitionKind.SHED, count=1, cost_amount=D("1"))
    assert demolition_errors(kind=DemolitionKind.SHED, count=0, cost_amount=None)
    assert not demolition_errors(kind=DemolitionKind.SHED, count=1, cost_amount=None)


@pytest.mark.parametrize(
    ("area", "due"),
    [("0.01", "0.10"), ("100", "1000.00"), ("958500", "9585000.00"), ("72.345", "723.45")],
)
def test_resident_contribution_10_yuan_per_m2_s5_1_3(area: str, due: str) -> None:
    assert contribution_due(D(area)) == D(due)


@pytest.mark.parametrize(
    ("collected", "gap", "complete"),
    [("8999.99", "0.01", False), ("9000", "0.00", True), ("9000.01", "0.00", True)],
)
def test_contributions_collected_before_start_s4_1_8(
    collected: str, gap: str, complete: bool
) -> None:
    status = contribution_status(
        floor_area_m2=D("1000"), reductions=D("1000"), collected=D(collected)
    )
    assert status.due == D("10000.00")
    assert status.net_due == D("9000.00")
    assert status.gap == D(gap)
    assert status.fully_collected is complete


@pytest.mark.parametrize(
    ("amount", "reason", "household", "already", "bad"),
    [
        ("100", "低保户", "3-2-101", "0", []),
        ("1", " ", "3-2-101", "0", ["reason"]),
        ("1", "低保户", None, "0", ["household_ref"]),
        ("0.01", "x", "1-1", "100", ["amount"]),  # just above what is due
        ("0.01", "x", "1-1", "99.99", []),  # exactly what is due
    ],
)
def test_hardship_reduction_per_household_with_reason_within_due_s5_1_3(
    amount: str, reason: str, household: str | None, already: str, bad: list[str]
) -> None:
    errors = reduction_errors(
        amount=D(amount),
        reason=reason,
        household_ref=household,
        already_reduced=D(already),
        due=D("100"),
    )
    assert [field for field, _ in errors] == bad


@pytest.mark.parametrize(
    ("investment", "share"),
    [("100", "20.00"), ("1000000", "200000.00"), ("0.04", "0.01"), ("0.02", "0.00")],
)
def test_utilities_bear_20_percent_of_their_facilities_s5_1_4(investment: str, share: str) -> None:
    assert utility_share(D(investment)) == D(share)


@pytest.mark.parametrize(("investment", "share"), [("100", "50.00"), ("333.33", "166.67")])
def test_weak_current_owners_bear_50_percent_s5_1_4(investment: str, share: str) -> None:
    assert weak_current_share(D(investment)) == D(share)


def _plan() -> InvestmentPlan:
    return InvestmentPlan(
        total=D("10000000"),
        utility_facilities=D("4000000"),
        weak_current_lines=D("200000"),
        resident_contribution=D("500000"),
        demolition_costs=D("60000"),
    )


def test_required_by_source_splits_fixed_shares_and_government_remainder_s5_1_4() -> None:
    required = required_by_source(_plan())
    assert required == {
        "utilities": D("800000.00"),
        "weak_current": D("100000.00"),
        "residents": D("500000.00"),
        "bonds": D("60000.00"),
        "government_remainder": D("8540000.00"),
    }
    assert sum(required.values()) == _plan().total


def test_funding_lines_show_required_committed_received_and_gap_s5_1_4() -> None:
    lines = {
        line.source: line
        for line in funding_lines(
            _plan(),
            committed={"utilities": D("800000"), "bonds": D("100000")},
            received={"utilities": D("300000"), "bonds": D("100000"), "central_budget": D("1")},
        )
    }
    assert lines["utilities"].gap == D("500000.00")
    assert lines["bonds"].gap == D("0.00")
    assert lines["central_budget"].required is None and lines["central_budget"].gap is None
    # 100,000 of bonds: 60,000 cover demolition, 40,000 + 1 go to the remainder
    assert lines["government_remainder"].received == D("40001.00")
    assert total_gap(_plan(), {"utilities": D("300000"), "bonds": D("100000")}) == D("9600000.00")


@pytest.mark.parametrize(
    ("new", "original", "needs"),
    [
        ("4999999.99", "100000000", False),
        ("5000000", "100000000", False),  # exactly 5,000,000 is not 超过
        ("5000000.01", "100000000", True),
        ("999999.99", "10000000", False),  # just below 10% of 10,000,000
        ("1000000", "10000000", False),  # exactly 10%
        ("1000000.01", "10000000", True),  # just above 10%
    ],
)
def test_change_above_5m_or_10_percent_needs_new_application_s5_1_5(
    new: str, original: str, needs: bool
) -> None:
    got = needs_new_application(
        new_investment=D(new), original_total_investment=D(original), in_feasibility_study=False
    )
    assert got is needs


def test_change_within_feasibility_study_needs_no_application_s5_1_5() -> None:
    assert not needs_new_application(
        new_investment=D("9000000"), original_total_investment=D("1"), in_feasibility_study=True
    )


def test_change_utilities_bear_20_percent_first_s5_1_5() -> None:
    a = assess_change(
        new_investment=D("6000000"),
        original_total_investment=D("100000000"),
        in_feasibility_study=False,
    )
    assert a.needs_application and a.initial_status is ChangeStatus.PENDING_APPROVAL
    assert a.utility_share == D("1200000.00")
    assert a.remainder_for_city_decision == D("4800000.00")
    assert allowed_change_actions(a.initial_status) == ["approve", "reject"]
    assert allowed_change_actions(ChangeStatus.APPROVED) == ["spend"]
