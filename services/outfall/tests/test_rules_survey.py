"""§五(一)1: three-level survey."""

import pytest

from outfall.rules import Action, RuleViolation, Status
from outfall.rules.survey import check_method, status_at_registration, survey_action


@pytest.mark.parametrize(
    ("level", "status"), [(1, Status.DISCOVERED), (2, Status.CONFIRMED), (3, Status.CONFIRMED)]
)
def test_level1_find_stays_discovered_level2_3_register_confirmed_s5_1_1(
    level: int, status: Status
) -> None:
    assert status_at_registration(level) is status


@pytest.mark.parametrize(
    ("level", "method", "ok"),
    [
        (1, "drone_remote_sensing", True),
        (1, "satellite_remote_sensing", True),
        (1, "unmanned_boat", True),
        (1, "robot", True),
        (1, "records", True),
        (1, "manual_field_check", False),
        (2, "manual_field_check", True),
        (2, "drone_remote_sensing", False),
        (3, "pipeline_survey", True),
        (4, "records", False),
        (0, "records", False),
    ],
)
def test_survey_methods_per_level_s5_1_1(level: int, method: str, ok: bool) -> None:
    if ok:
        check_method(level, method)
    else:
        with pytest.raises(RuleViolation):
            check_method(level, method)


@pytest.mark.parametrize(
    ("level", "outcome", "action"),
    [
        (2, "confirm", Action.CONFIRM),
        (3, "confirm", Action.CONFIRM),
        (2, "dismiss", Action.DISMISS),
        (3, "dismiss", Action.DISMISS),
        (2, "inconclusive", None),
    ],
)
def test_level2_or_3_survey_confirms_or_dismisses_s5_1_1(
    level: int, outcome: str, action: Action | None
) -> None:
    assert (
        survey_action(level=level, outcome=outcome, reason="现场核实", needs_level3=False) == action
    )


def test_level1_survey_cannot_confirm_s5_1_1() -> None:
    with pytest.raises(RuleViolation) as caught:
        survey_action(level=1, outcome="confirm", reason=None, needs_level3=False)
    assert caught.value.code == "invalid_survey_level"


def test_dismissal_needs_a_reason_s5_1_1() -> None:
    with pytest.raises(RuleViolation) as caught:
        survey_action(level=2, outcome="dismiss", reason="", needs_level3=False)
    assert caught.value.code == "reason_required"


def test_after_inconclusive_level2_only_level3_settles_s5_1_1() -> None:
    with pytest.raises(RuleViolation) as caught:
        survey_action(level=2, outcome="confirm", reason=None, needs_level3=True)
    assert caught.value.code == "level3_required"
    assert (
        survey_action(level=3, outcome="confirm", reason=None, needs_level3=True) is Action.CONFIRM
    )


def test_level3_must_conclude_s5_1_1() -> None:
    with pytest.raises(RuleViolation):
        survey_action(level=3, outcome="inconclusive", reason=None, needs_level3=True)
