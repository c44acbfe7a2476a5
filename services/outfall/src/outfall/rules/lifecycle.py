"""Outfall lifecycle as data (spec "Lifecycle"; gazette §五 排查-溯源-整治-规范化建设)."""

from __future__ import annotations

from enum import StrEnum

from outfall.rules.errors import TransitionRefused


class Status(StrEnum):
    DISCOVERED = "discovered"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    TRACED = "traced"
    REMEDIATION_PLANNED = "remediation_planned"
    REMEDIATED = "remediated"
    CLOSED = "closed"
    MERGED = "merged"
    STANDARDIZED = "standardized"


class Action(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    TRACE = "trace"
    PLAN_REMEDIATION = "plan_remediation"
    COMPLETE_CLOSE = "complete_close"
    COMPLETE_MERGE = "complete_merge"
    COMPLETE_RECTIFY = "complete_rectify"
    STANDARDIZE = "standardize"


TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.DISCOVERED: {Action.CONFIRM: Status.CONFIRMED, Action.DISMISS: Status.DISMISSED},
    Status.CONFIRMED: {Action.TRACE: Status.TRACED},
    # §五(四): outfalls that need no remediation after survey, tracing and monitoring
    # are standardised directly.
    Status.TRACED: {
        Action.PLAN_REMEDIATION: Status.REMEDIATION_PLANNED,
        Action.STANDARDIZE: Status.STANDARDIZED,
    },
    # A plan may be revised until it is completed; completion ends in the plan's type.
    Status.REMEDIATION_PLANNED: {
        Action.PLAN_REMEDIATION: Status.REMEDIATION_PLANNED,
        Action.COMPLETE_CLOSE: Status.CLOSED,
        Action.COMPLETE_MERGE: Status.MERGED,
        Action.COMPLETE_RECTIFY: Status.REMEDIATED,
    },
    Status.REMEDIATED: {Action.STANDARDIZE: Status.STANDARDIZED},
    Status.DISMISSED: {},
    Status.CLOSED: {},
    Status.MERGED: {},
    Status.STANDARDIZED: {},
}

# States in which the outfall no longer discharges or never was an outfall.
ENDED: frozenset[Status] = frozenset({Status.DISMISSED, Status.CLOSED, Status.MERGED})

# Confirmed outfalls still discharging: they need a river chief (§六(一)).
ACTIVE_CONFIRMED: frozenset[Status] = frozenset(
    {
        Status.CONFIRMED,
        Status.TRACED,
        Status.REMEDIATION_PLANNED,
        Status.REMEDIATED,
        Status.STANDARDIZED,
    }
)


def allowed_actions(current: Status | str) -> list[str]:
    return [action.value for action in TRANSITIONS[Status(current)]]


def next_status(current: Status | str, action: Action | str) -> Status:
    """The state after ``action``; raises ``TransitionRefused`` with the allowed steps."""
    state = Status(current)
    try:
        step = Action(action)
    except ValueError:
        raise TransitionRefused(state.value, str(action), allowed_actions(state)) from None
    target = TRANSITIONS[state].get(step)
    if target is None:
        raise TransitionRefused(state.value, step.value, allowed_actions(state))
    return target


def is_ended(current: Status | str) -> bool:
    return Status(current) in ENDED
