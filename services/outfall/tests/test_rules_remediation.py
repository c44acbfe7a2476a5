"""§五(三) remediation types, §六(一) protected areas, merge checks."""

import pytest

from outfall.rules import RuleViolation
from outfall.rules.remediation import (
    ProtectedArea,
    RemediationType,
    check_merge_target,
    check_plan,
    creates_cycle,
)


@pytest.mark.parametrize("area", list(ProtectedArea))
@pytest.mark.parametrize("plan", ["merge", "rectify"])
def test_outfall_in_protected_area_can_only_be_closed_s6_1(area: ProtectedArea, plan: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_plan(plan_type=plan, protected_area=area.value)
    assert caught.value.code == "protected_area_must_close"


@pytest.mark.parametrize("area", list(ProtectedArea))
def test_closing_outfall_in_protected_area_is_accepted_s6_1(area: ProtectedArea) -> None:
    assert check_plan(plan_type="close", protected_area=area.value) is RemediationType.CLOSE


@pytest.mark.parametrize("plan", list(RemediationType))
def test_any_plan_outside_protected_areas_s5_3(plan: RemediationType) -> None:
    assert check_plan(plan_type=plan.value, protected_area=None) is plan


def test_unknown_plan_type_is_refused_s5_3() -> None:
    with pytest.raises(RuleViolation):
        check_plan(plan_type="ignore", protected_area=None)


@pytest.mark.parametrize(
    ("planned", "source", "target", "cycle"),
    [
        ({}, "a", "b", False),
        ({"b": "a"}, "a", "b", True),
        ({"b": "c", "c": "a"}, "a", "b", True),
        ({"b": "c", "c": "d"}, "a", "b", False),
        ({"c": "d", "d": "c"}, "a", "b", False),
    ],
)
def test_merge_cycles_are_detected_s5_3(
    planned: dict, source: str, target: str, cycle: bool
) -> None:
    assert creates_cycle(source, target, planned) is cycle


@pytest.mark.parametrize(
    ("target", "status", "code"),
    [
        (None, None, "merge_into_required"),
        ("a", "traced", "merge_cycle"),
        ("b", None, "merge_target_missing"),
        ("b", "closed", "merge_target_ended"),
        ("b", "merged", "merge_target_ended"),
        ("b", "dismissed", "merge_target_ended"),
    ],
)
def test_merge_target_must_exist_and_still_discharge_s5_3(
    target: str | None, status: str | None, code: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_merge_target(source_id="a", target_id=target, target_status=status, planned_merges={})
    assert caught.value.code == code


@pytest.mark.parametrize("status", ["confirmed", "traced", "remediation_planned", "standardized"])
def test_merge_into_active_outfall_is_accepted_s5_3(status: str) -> None:
    check_merge_target(source_id="a", target_id="b", target_status=status, planned_merges={})
