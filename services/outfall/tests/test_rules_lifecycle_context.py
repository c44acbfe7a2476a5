"""What an outfall may do next depends on more than its state (issue 16): the remediation type
planned, and whether it lies in a protected area (§六(一) 依法取缔)."""

import pytest

from outfall.rules import Action, Status, TransitionRefused
from outfall.rules.lifecycle import allowed_actions, next_status
from outfall.rules.remediation import ProtectedArea

PROTECTED = [area.value for area in ProtectedArea]


@pytest.mark.parametrize(
    ("planned", "completion"),
    [("close", "complete_close"), ("merge", "complete_merge"), ("rectify", "complete_rectify")],
)
def test_a_planned_outfall_offers_only_the_completion_of_its_plan(
    planned: str, completion: str
) -> None:
    assert allowed_actions(Status.REMEDIATION_PLANNED, planned=planned) == [
        "plan_remediation",
        completion,
    ]
    for other in {"complete_close", "complete_merge", "complete_rectify"} - {completion}:
        with pytest.raises(TransitionRefused) as caught:
            next_status(Status.REMEDIATION_PLANNED, other, planned=planned)
        assert caught.value.allowed == ["plan_remediation", completion]


@pytest.mark.parametrize("area", PROTECTED)
def test_protected_outfall_has_no_no_remediation_path_s6_1(area: str) -> None:
    assert allowed_actions(Status.TRACED, protected_area=area) == ["plan_remediation"]
    with pytest.raises(TransitionRefused):
        next_status(Status.TRACED, Action.STANDARDIZE, protected_area=area)


@pytest.mark.parametrize("area", PROTECTED)
@pytest.mark.parametrize("planned", ["merge", "rectify"])
def test_protected_outfall_planned_otherwise_must_be_replanned_for_closure_s6_1(
    area: str, planned: str
) -> None:
    allowed = allowed_actions(Status.REMEDIATION_PLANNED, protected_area=area, planned=planned)
    assert allowed == ["plan_remediation"]


@pytest.mark.parametrize("area", PROTECTED)
def test_protected_outfall_planned_for_closure_can_be_closed_s6_1(area: str) -> None:
    closed = next_status(
        Status.REMEDIATION_PLANNED, Action.COMPLETE_CLOSE, protected_area=area, planned="close"
    )
    assert closed is Status.CLOSED


@pytest.mark.parametrize("state", [Status.STANDARDIZED, Status.REMEDIATED])
def test_standardised_outfall_found_protected_is_planned_for_closure_s6_1(state: Status) -> None:
    area = ProtectedArea.DRINKING_WATER_SOURCE.value
    assert allowed_actions(state, protected_area=area) == ["plan_remediation"]
    assert next_status(state, Action.PLAN_REMEDIATION, protected_area=area) is (
        Status.REMEDIATION_PLANNED
    )


def test_unprotected_outfall_keeps_the_direct_standardisation_s5_4() -> None:
    assert allowed_actions(Status.TRACED) == ["plan_remediation", "standardize"]
