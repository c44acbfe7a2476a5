"""The lab's own written reports (art. 7-8) and the bureau's handling of them."""

from collections.abc import Mapping
from enum import StrEnum

from labs.rules.errors import InvalidTransition, RuleError


class NoticeKind(StrEnum):
    RESTRUCTURING = "restructuring"  # art. 8(1)
    QUALIFICATION_LOST = "qualification_lost"  # art. 8(2)
    CONFLICT_OF_INTEREST = "conflict_of_interest"  # art. 8(3)
    OTHER = "other"  # art. 8(4)
    SUBCONTRACT_REQUEST = "subcontract_request"  # art. 7: subcontracting needs permission


class NoticeState(StrEnum):
    RECEIVED = "received"
    HANDLED = "handled"


class NoticeDecision(StrEnum):
    NOTED = "noted"
    APPROVED = "approved"
    REFUSED = "refused"


NOTICE_TRANSITIONS: Mapping[NoticeState, tuple[NoticeState, ...]] = {
    NoticeState.RECEIVED: (NoticeState.HANDLED,),
    NoticeState.HANDLED: (),
}

DECISIONS_BY_KIND: Mapping[NoticeKind, frozenset[NoticeDecision]] = {
    NoticeKind.SUBCONTRACT_REQUEST: frozenset({NoticeDecision.APPROVED, NoticeDecision.REFUSED}),
    **{
        kind: frozenset({NoticeDecision.NOTED})
        for kind in NoticeKind
        if kind is not NoticeKind.SUBCONTRACT_REQUEST
    },
}


def check_notice_payload(
    kind: NoticeKind, lost_items: list[tuple[str, str]], producer: str | None
) -> None:
    if kind is NoticeKind.QUALIFICATION_LOST and not lost_items:
        raise RuleError("a lost qualification must name the lost scope items", field="lost_items")
    if kind is not NoticeKind.QUALIFICATION_LOST and lost_items:
        raise RuleError("lost_items belong only to a qualification_lost notice", field="lost_items")
    if kind is NoticeKind.CONFLICT_OF_INTEREST and not producer:
        raise RuleError("a conflict of interest must name the producer", field="producer")


def check_handling(state: NoticeState, kind: NoticeKind, decision: NoticeDecision) -> NoticeState:
    if NoticeState.HANDLED not in NOTICE_TRANSITIONS[state]:
        raise InvalidTransition(state.value, "handle", [])
    if decision not in DECISIONS_BY_KIND[kind]:
        allowed = sorted(d.value for d in DECISIONS_BY_KIND[kind])
        raise RuleError(
            f"{kind.value} can be handled as {', '.join(allowed)}, not {decision.value}",
            field="decision",
        )
    return NoticeState.HANDLED
