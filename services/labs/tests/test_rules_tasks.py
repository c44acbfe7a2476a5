"""Spec rule 2, art. 8 and 19: task lifecycle, scope, eligibility, allocation, reassignment."""

from datetime import date
from decimal import Decimal as D

import pytest

from labs.rules.allocation import LabCandidate, TaskDemand, allocate
from labs.rules.errors import InvalidTransition, RuleError
from labs.rules.sanctions import LabStatus
from labs.rules.tasks import (
    REASSIGNABLE_STATES,
    Conclusion,
    TaskAction,
    TaskState,
    check_step_date,
    is_eligible,
    is_late_nonconforming_report,
    is_recused,
    next_state,
    remove_from_scope,
    scope_covers,
    task_actions_now,
)

SCOPE = frozenset({("dairy", "aflatoxin_m1"), ("dairy", "melamine"), ("meat", "clenbuterol")})


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        (TaskState.ASSIGNED, TaskAction.SAMPLED, TaskState.SAMPLED),
        (TaskState.SAMPLED, TaskAction.TESTED, TaskState.TESTED),
        (TaskState.TESTED, TaskAction.REPORTED, TaskState.REPORTED),
    ],
)
def test_task_goes_assigned_sampled_tested_reported(
    state: TaskState, action: TaskAction, target: TaskState
) -> None:
    assert next_state(state, action) is target


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (TaskState.ASSIGNED, TaskAction.TESTED),
        (TaskState.ASSIGNED, TaskAction.REPORTED),
        (TaskState.REPORTED, TaskAction.SAMPLED),
        (TaskState.TESTED, TaskAction.TESTED),
    ],
)
def test_task_steps_cannot_be_skipped_or_repeated(state: TaskState, action: TaskAction) -> None:
    with pytest.raises(InvalidTransition):
        next_state(state, action)


def test_step_date_before_previous_step_is_refused() -> None:
    check_step_date(date(2022, 5, 1), date(2022, 5, 1), field="sampled_on")
    with pytest.raises(RuleError):
        check_step_date(date(2022, 5, 1), date(2022, 4, 30), field="sampled_on")


@pytest.mark.parametrize(
    ("category", "items", "covered"),
    [
        ("dairy", ["aflatoxin_m1"], True),
        ("dairy", ["aflatoxin_m1", "melamine"], True),
        ("dairy", ["aflatoxin_m1", "clenbuterol"], False),  # item held only for meat
        ("meat", ["melamine"], False),
        ("dairy", [], False),
    ],
)
def test_scope_must_cover_category_and_every_item(
    category: str, items: list[str], covered: bool
) -> None:
    assert scope_covers(SCOPE, category, items) is covered


@pytest.mark.parametrize("status", [s for s in LabStatus if s is not LabStatus.ACTIVE])
def test_only_active_labs_are_eligible(status: LabStatus) -> None:
    assert is_eligible(LabStatus.ACTIVE, SCOPE, "dairy", ["melamine"])
    assert not is_eligible(status, SCOPE, "dairy", ["melamine"])


def test_lost_qualification_leaves_scope_at_once_art8_2() -> None:
    remaining = remove_from_scope(SCOPE, [("dairy", "melamine")])
    assert not scope_covers(remaining, "dairy", ["melamine"])
    assert scope_covers(remaining, "dairy", ["aflatoxin_m1"])


@pytest.mark.parametrize(
    ("conclusion", "reported_on", "late"),
    [
        (Conclusion.NONCONFORMING, date(2022, 6, 9), False),
        (Conclusion.NONCONFORMING, date(2022, 6, 10), False),
        (Conclusion.NONCONFORMING, date(2022, 6, 11), True),
        (Conclusion.CONFORMING, date(2022, 6, 11), False),
    ],
)
def test_late_nonconforming_report_is_recorded_art16_6(
    conclusion: Conclusion, reported_on: date, late: bool
) -> None:
    assert is_late_nonconforming_report(conclusion, reported_on, date(2022, 6, 10)) is late


def test_sampled_but_untested_tasks_are_reassignable_art19() -> None:
    assert TaskState.SAMPLED in REASSIGNABLE_STATES
    assert TaskState.ASSIGNED in REASSIGNABLE_STATES
    assert TaskState.REPORTED not in REASSIGNABLE_STATES


def lab(lab_id: str, score: str | None, free: int, scope=SCOPE, status=LabStatus.ACTIVE):
    composite = D(score) if score is not None else None
    return LabCandidate(lab_id, status, frozenset(scope), composite, free)


def demand(ref: str, category: str = "dairy", items=("melamine",)) -> TaskDemand:
    return TaskDemand(ref, category, frozenset(items))


def test_allocation_prefers_higher_composite_then_capacity_art14() -> None:
    labs = [lab("a", "80", 5), lab("b", "90", 1), lab("c", "80", 9)]
    result = allocate([demand("t1"), demand("t2"), demand("t3")], labs)
    assert result.placements == {"t1": "b", "t2": "c", "t3": "c"}
    assert result.unplaced == []


def test_allocation_never_uses_a_lab_without_the_scope() -> None:
    labs = [lab("a", "99", 5, scope={("meat", "clenbuterol")}), lab("b", "50", 5)]
    result = allocate([demand("t1"), demand("t2", "meat", ("clenbuterol",))], labs)
    assert result.placements == {"t1": "b", "t2": "a"}


def test_allocation_lists_tasks_no_lab_can_take() -> None:
    labs = [lab("a", "80", 1), lab("b", "90", 3, status=LabStatus.SUSPENDED)]
    result = allocate([demand("t1"), demand("t2"), demand("t3", "fish", ("histamine",))], labs)
    assert result.placements == {"t1": "a"}
    assert result.unplaced == ["t2", "t3"]


def test_reassignment_excludes_the_sanctioned_lab_art19() -> None:
    labs = [lab("a", "95", 5), lab("b", None, 5)]
    result = allocate([demand("t1")], labs, excluded=frozenset({"a"}))
    assert result.placements == {"t1": "b"}


def test_recusal_is_by_producer_whatever_its_spacing_or_case_art8_3() -> None:
    assert is_recused(["北方乳业 有限公司"], " 北方乳业  有限公司 ")
    assert is_recused(["Dairy Co"], "dairy co")
    assert not is_recused(["北方乳业有限公司"], "南方乳业有限公司")
    assert not is_recused(["北方乳业有限公司"], None)  # a task without a producer


def test_allocation_and_reassignment_skip_a_recused_lab_art8_3_art19() -> None:
    conflicted = LabCandidate("a", LabStatus.ACTIVE, frozenset(SCOPE), D(99), 9, frozenset({"P"}))
    labs = [conflicted, lab("b", "50", 1)]
    tasks = [TaskDemand("t1", "dairy", frozenset({"melamine"}), "P"), demand("t2")]
    result = allocate(tasks, labs)
    assert result.placements == {"t1": "b", "t2": "a"}  # the best lab, except for P's task
    alone = allocate([TaskDemand("t3", "dairy", frozenset({"melamine"}), "P")], [conflicted])
    assert alone.unplaced == ["t3"]


@pytest.mark.parametrize(
    ("state", "active", "actions"),
    [
        (TaskState.ASSIGNED, True, ["sampled"]),
        (TaskState.ASSIGNED, False, []),  # art. 19: other labs complete it
        (TaskState.SAMPLED, False, []),
        (TaskState.TESTED, False, ["reported"]),  # a tested task is reported by its lab
        (TaskState.REPORTED, True, []),
    ],
)
def test_a_lab_off_tasks_neither_samples_nor_tests_art19(
    state: TaskState, active: bool, actions: list[str]
) -> None:
    assert task_actions_now(state, lab_active=active) == actions
