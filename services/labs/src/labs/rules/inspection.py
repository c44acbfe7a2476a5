"""On-site inspections (现场检查, art. 13 item 3): findings and their 1-month rectification."""

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from labs.rules.dates import add_months
from labs.rules.errors import InvalidTransition

RECTIFICATION_MONTHS = 1  # art. 13(3): "承检机构应在1个月内完成整改"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    SERIOUS = "serious"


class FindingState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"  # the lab says it has rectified
    APPROVED = "approved"  # the bureau has approved (整改情况由市局审定)


class FindingAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"


FINDING_TRANSITIONS: Mapping[FindingState, Mapping[FindingAction, FindingState]] = {
    FindingState.OPEN: {FindingAction.SUBMIT: FindingState.SUBMITTED},
    FindingState.SUBMITTED: {
        FindingAction.APPROVE: FindingState.APPROVED,
        FindingAction.REJECT: FindingState.OPEN,
    },
    FindingState.APPROVED: {},
}


def next_finding_state(state: FindingState, action: FindingAction) -> FindingState:
    target = FINDING_TRANSITIONS[state].get(action)
    if target is None:
        allowed = [a.value for a in FINDING_TRANSITIONS[state]]
        raise InvalidTransition(state.value, action.value, allowed)
    return target


def rectification_due(found_on: date, months: int = RECTIFICATION_MONTHS) -> date:
    """Last day on which the rectification is still on time."""
    return add_months(found_on, months)


def is_rectification_late(due_on: date, submitted_on: date | None, today: date) -> bool:
    """Late when submitted after the due date, or still not submitted once it has passed."""
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on
