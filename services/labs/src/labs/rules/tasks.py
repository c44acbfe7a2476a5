"""Sampling-and-testing tasks: lifecycle, scope and eligibility (spec rule 2, art. 7, 19)."""

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from labs.rules.errors import InvalidTransition, RuleError
from labs.rules.sanctions import LabStatus


class TaskState(StrEnum):
    ASSIGNED = "assigned"
    SAMPLED = "sampled"
    TESTED = "tested"
    REPORTED = "reported"


class TaskAction(StrEnum):
    SAMPLED = "sampled"
    TESTED = "tested"
    REPORTED = "reported"


TRANSITIONS: Mapping[TaskState, Mapping[TaskAction, TaskState]] = {
    TaskState.ASSIGNED: {TaskAction.SAMPLED: TaskState.SAMPLED},
    TaskState.SAMPLED: {TaskAction.TESTED: TaskState.TESTED},
    TaskState.TESTED: {TaskAction.REPORTED: TaskState.REPORTED},
    TaskState.REPORTED: {},
}

# Art. 19: tasks already issued, "including those sampled but not yet tested", go to another lab.
REASSIGNABLE_STATES = frozenset({TaskState.ASSIGNED, TaskState.SAMPLED})


class Conclusion(StrEnum):
    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"


ScopeItem = tuple[str, str]  # (food category, test item)


def allowed_actions(state: TaskState) -> list[str]:
    return [action.value for action in TRANSITIONS[state]]


# Art. 19: a suspended or barred lab's tasks are completed by other labs; it does not sample or
# test. A task it already tested stays with it for the report.
WORK_ACTIONS = frozenset({TaskAction.SAMPLED, TaskAction.TESTED})


def task_actions_now(state: TaskState, *, lab_active: bool) -> list[str]:
    """The steps that would succeed now: none of the work steps for a lab taken off tasks."""
    return [a.value for a in TRANSITIONS[state] if lab_active or a not in WORK_ACTIONS]


def next_state(state: TaskState, action: TaskAction) -> TaskState:
    target = TRANSITIONS[state].get(action)
    if target is None:
        raise InvalidTransition(state.value, action.value, allowed_actions(state))
    return target


def check_step_date(previous_on: date, step_on: date, *, field: str) -> None:
    if step_on < previous_on:
        raise RuleError(
            f"{field} {step_on} is before the previous step ({previous_on})", field=field
        )


def scope_covers(scope: Iterable[ScopeItem], food_category: str, test_items: Iterable[str]) -> bool:
    held = {item for category, item in scope if category == food_category}
    wanted = set(test_items)
    return bool(wanted) and wanted <= held


def missing_scope(
    scope: Iterable[ScopeItem], food_category: str, test_items: Iterable[str]
) -> list[str]:
    held = {item for category, item in scope if category == food_category}
    return sorted(set(test_items) - held)


def is_eligible(
    status: LabStatus, scope: Iterable[ScopeItem], food_category: str, test_items: Iterable[str]
) -> bool:
    """Spec rule 2: only an active lab whose accredited scope covers every test item."""
    return status is LabStatus.ACTIVE and scope_covers(scope, food_category, test_items)


def producer_key(producer: str) -> str:
    """One producer however its name is spaced or cased in a notice or a task."""
    return " ".join(producer.split()).casefold()


def is_recused(conflicts: Iterable[str], producer: str | None) -> bool:
    """Art. 4 (回避制度), art. 8(3), art. 18(3): a lab that declared a conflict of interest with
    a producer never tests that producer's samples."""
    return producer is not None and producer_key(producer) in {producer_key(c) for c in conflicts}


def remove_from_scope(scope: Iterable[ScopeItem], lost: Iterable[ScopeItem]) -> set[ScopeItem]:
    """Art. 8 item 2: a qualification no longer held leaves the scope at once."""
    return set(scope) - set(lost)


def is_late_nonconforming_report(conclusion: Conclusion, reported_on: date, due_on: date) -> bool:
    """Art. 16 item 6 / spec rule 2: a nonconforming result reported after its due date."""
    return conclusion is Conclusion.NONCONFORMING and reported_on > due_on
