"""Remediation by category (§五(三) 取缔关闭、清理合并、整改规范; §六(一) protected areas)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from outfall.rules.errors import RuleViolation
from outfall.rules.lifecycle import Action, Status

CLAUSE = "§五(三)"
PROTECTED_CLAUSE = "§六(一)"


class RemediationType(StrEnum):
    CLOSE = "close"
    MERGE = "merge"
    RECTIFY = "rectify"


class ProtectedArea(StrEnum):
    DRINKING_WATER_SOURCE = "drinking_water_source"
    NATURE_PROTECTED_AREA = "nature_protected_area"
    OTHER_SPECIAL_PROTECTION = "other_special_protection"


COMPLETION_ACTION: dict[RemediationType, Action] = {
    RemediationType.CLOSE: Action.COMPLETE_CLOSE,
    RemediationType.MERGE: Action.COMPLETE_MERGE,
    RemediationType.RECTIFY: Action.COMPLETE_RECTIFY,
}

MERGE_TARGET_REFUSED: frozenset[Status] = frozenset(
    {Status.CLOSED, Status.MERGED, Status.DISMISSED}
)


def check_protected_area(protected_area: str | None, plan: RemediationType) -> None:
    """An outfall in a protected area can only be closed (依法取缔)."""
    if protected_area and plan is not RemediationType.CLOSE:
        raise RuleViolation(
            "protected_area_must_close",
            f"an outfall in a {protected_area} area can only be closed ({PROTECTED_CLAUSE})",
            "type",
            PROTECTED_CLAUSE,
        )


def check_merge_target(
    *,
    source_id: str,
    target_id: str | None,
    target_status: str | None,
    planned_merges: Mapping[str, str],
) -> None:
    """``planned_merges``: outfall id -> id it plans to merge into (open plans only)."""
    if not target_id:
        raise RuleViolation(
            "merge_into_required",
            "a merge plan names the outfall it merges into",
            "merge_into",
            CLAUSE,
        )
    if target_id == source_id:
        raise RuleViolation(
            "merge_cycle", "an outfall cannot merge into itself", "merge_into", CLAUSE
        )
    if target_status is None:
        raise RuleViolation(
            "merge_target_missing", "the outfall to merge into does not exist", "merge_into", CLAUSE
        )
    if Status(target_status) in MERGE_TARGET_REFUSED:
        raise RuleViolation(
            "merge_target_ended",
            f"cannot merge into an outfall that is {target_status}",
            "merge_into",
            CLAUSE,
        )
    if creates_cycle(source_id, target_id, planned_merges):
        raise RuleViolation(
            "merge_cycle", "this merge would create a cycle of merge plans", "merge_into", CLAUSE
        )


def creates_cycle(source_id: str, target_id: str, planned_merges: Mapping[str, str]) -> bool:
    seen: set[str] = set()
    node: str | None = target_id
    while node is not None and node not in seen:
        if node == source_id:
            return True
        seen.add(node)
        node = planned_merges.get(node)
    return False


def check_plan(*, plan_type: str, protected_area: str | None) -> RemediationType:
    try:
        plan = RemediationType(plan_type)
    except ValueError:
        raise RuleViolation(
            "invalid_remediation_type", "type must be close, merge or rectify", "type", CLAUSE
        ) from None
    check_protected_area(protected_area, plan)
    return plan
