"""The application state machine, as data (arts. 8-10)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    ACCEPTED = "accepted"  # art. 8 受理
    REFUSED = "refused"  # art. 8 不予受理 (kept, art. 10)
    ANSWERED = "answered"  # art. 9 查询, result produced
    WITHDRAWN = "withdrawn"  # the lawyer withdrew before the query


class Action(StrEnum):
    QUERY = "query"
    PRINT = "print"
    WITHDRAW = "withdraw"


TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.ACCEPTED: {Action.QUERY: Status.ANSWERED, Action.WITHDRAW: Status.WITHDRAWN},
    Status.ANSWERED: {Action.PRINT: Status.ANSWERED},
    Status.REFUSED: {},
    Status.WITHDRAWN: {},
}


def allowed_actions(status: Status) -> list[str]:
    return sorted(action.value for action in TRANSITIONS[status])


def next_status(status: Status, action: Action) -> Status | None:
    """The status after `action`, or None when the action is not allowed from `status`."""
    return TRANSITIONS[status].get(action)


def reprint_needs_reason(prints_so_far: int) -> bool:
    """Spec rule 6: the first print is free, every later print (reprint) needs a reason."""
    return prints_so_far >= 1
