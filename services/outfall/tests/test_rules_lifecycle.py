"""Lifecycle state machine (spec "Lifecycle"): every allowed and refused transition."""

import itertools

import pytest

from outfall.rules import Action, Status, TransitionRefused
from outfall.rules.lifecycle import TRANSITIONS, allowed_actions, next_status

ALLOWED = [
    (Status.DISCOVERED, Action.CONFIRM, Status.CONFIRMED),
    (Status.DISCOVERED, Action.DISMISS, Status.DISMISSED),
    (Status.CONFIRMED, Action.TRACE, Status.TRACED),
    (Status.TRACED, Action.PLAN_REMEDIATION, Status.REMEDIATION_PLANNED),
    (Status.TRACED, Action.STANDARDIZE, Status.STANDARDIZED),
    (Status.REMEDIATION_PLANNED, Action.PLAN_REMEDIATION, Status.REMEDIATION_PLANNED),
    (Status.REMEDIATION_PLANNED, Action.COMPLETE_CLOSE, Status.CLOSED),
    (Status.REMEDIATION_PLANNED, Action.COMPLETE_MERGE, Status.MERGED),
    (Status.REMEDIATION_PLANNED, Action.COMPLETE_RECTIFY, Status.REMEDIATED),
    (Status.REMEDIATED, Action.STANDARDIZE, Status.STANDARDIZED),
]
ALLOWED_PAIRS = {(s, a) for s, a, _ in ALLOWED}
REFUSED = [(s, a) for s, a in itertools.product(Status, Action) if (s, a) not in ALLOWED_PAIRS]


@pytest.mark.parametrize(("state", "action", "target"), ALLOWED)
def test_allowed_transition(state: Status, action: Action, target: Status) -> None:
    planned = action.value.removeprefix("complete_") if "complete_" in action.value else None
    assert next_status(state, action, planned=planned) is target


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_refused_transition_names_the_allowed_steps(state: Status, action: Action) -> None:
    with pytest.raises(TransitionRefused) as caught:
        next_status(state, action)
    assert caught.value.allowed == allowed_actions(state)
    assert caught.value.current == state.value


def test_table_covers_exactly_the_spec_transitions() -> None:
    table = {(s, a, t) for s, steps in TRANSITIONS.items() for a, t in steps.items()}
    assert table == set(ALLOWED)
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(
    "state", [Status.DISMISSED, Status.CLOSED, Status.MERGED, Status.STANDARDIZED]
)
def test_end_states_allow_nothing(state: Status) -> None:
    assert allowed_actions(state) == []


def test_unknown_action_is_refused() -> None:
    with pytest.raises(TransitionRefused):
        next_status(Status.DISCOVERED, "teleport")
