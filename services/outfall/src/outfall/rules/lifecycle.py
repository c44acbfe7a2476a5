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


# §六(一): an outfall in a drinking-water source protection zone, nature reserve or other
# specially protected area is banned (依法取缔). It never takes the "no remediation needed"
# path to standardisation, and one already standardised or rectified is planned for closure.
PROTECTED_REPLAN: dict[Status, Status] = {
    Status.REMEDIATED: Status.REMEDIATION_PLANNED,
    Status.STANDARDIZED: Status.REMEDIATION_PLANNED,
}
_COMPLETIONS = {
    "close": Action.COMPLETE_CLOSE,
    "merge": Action.COMPLETE_MERGE,
    "rectify": Action.COMPLETE_RECTIFY,
}


def _steps(state: Status, protected_area: str | None, planned: str | None) -> dict[Action, Status]:
    steps = dict(TRANSITIONS[state])
    if state is Status.REMEDIATION_PLANNED:
        # only the completion of the type that was planned (issue 16)
        completion = _COMPLETIONS.get(planned or "")
        steps = {a: t for a, t in steps.items() if a is Action.PLAN_REMEDIATION or a is completion}
    if protected_area:
        steps.pop(Action.STANDARDIZE, None)
        if state is Status.REMEDIATION_PLANNED and planned != "close":
            steps = {Action.PLAN_REMEDIATION: Status.REMEDIATION_PLANNED}
        if state in PROTECTED_REPLAN:
            steps[Action.PLAN_REMEDIATION] = PROTECTED_REPLAN[state]
    return steps


def allowed_actions(
    current: Status | str, *, protected_area: str | None = None, planned: str | None = None
) -> list[str]:
    """The actions that would succeed now: the state's steps, narrowed by the remediation type
    planned (``planned``) and by a protected area (§六(一))."""
    return [action.value for action in _steps(Status(current), protected_area, planned)]


def next_status(
    current: Status | str,
    action: Action | str,
    *,
    protected_area: str | None = None,
    planned: str | None = None,
) -> Status:
    """The state after ``action``; raises ``TransitionRefused`` with the allowed steps."""
    state = Status(current)
    allowed = allowed_actions(state, protected_area=protected_area, planned=planned)
    try:
        step = Action(action)
    except ValueError:
        raise TransitionRefused(state.value, str(action), allowed) from None
    target = _steps(state, protected_area, planned).get(step)
    if target is None:
        raise TransitionRefused(state.value, step.value, allowed)
    return target


def is_ended(current: Status | str) -> bool:
    return Status(current) in ENDED
