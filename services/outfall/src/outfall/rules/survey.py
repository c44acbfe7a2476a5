"""Three-level survey (§五(一)1 开展三级排查)."""

from __future__ import annotations

from enum import StrEnum

from outfall.reference import load
from outfall.rules.errors import RuleViolation
from outfall.rules.lifecycle import Action, Status

CLAUSE = "§五(一)1"


class SurveyOutcome(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    # "第二级排查仍无法明确的入河排污口，需要开展第三级排查"
    INCONCLUSIVE = "inconclusive"


class SurveyMethod(StrEnum):
    """§五(一)1 and §六(二): the ways an outfall is surveyed (refdata/surveys.json per level)."""

    DRONE_REMOTE_SENSING = "drone_remote_sensing"  # 无人机航测
    SATELLITE_REMOTE_SENSING = "satellite_remote_sensing"  # 卫星遥感
    UNMANNED_BOAT = "unmanned_boat"  # 无人船
    ROBOT = "robot"  # 机器人
    RECORDS = "records"  # 资料核查
    MANUAL_FIELD_CHECK = "manual_field_check"  # 人工现场排查
    PIPELINE_SURVEY = "pipeline_survey"  # 管线排查
    UNDERWATER_DETECTION = "underwater_detection"  # 水下探测
    WATER_SURFACE_SURVEY = "water_surface_survey"  # 水面航测


def _levels() -> dict[int, dict]:
    return {entry["level"]: entry for entry in load("surveys")["levels"]}


def methods_for_level(level: int) -> list[str]:
    return list(_levels()[level]["methods"])


def check_method(level: int, method: str) -> None:
    levels = _levels()
    if level not in levels:
        raise RuleViolation(
            "invalid_survey_level", f"survey level must be 1, 2 or 3 ({CLAUSE})", "level", CLAUSE
        )
    if method not in levels[level]["methods"]:
        allowed = ", ".join(levels[level]["methods"])
        raise RuleViolation(
            "invalid_survey_method",
            f"method '{method}' is not a level-{level} survey method (allowed: {allowed})",
            "method",
            CLAUSE,
        )


def status_at_registration(level: int) -> Status:
    """A level-1 find stays ``discovered``; a level-2/3 field record registers confirmed."""
    return Status(_levels()[level]["registers_as"])


def survey_action(
    *, level: int, outcome: str, reason: str | None, needs_level3: bool
) -> Action | None:
    """Validate a follow-up survey; the lifecycle action it triggers, or None if inconclusive."""
    if level not in (2, 3):
        raise RuleViolation(
            "invalid_survey_level",
            f"only a level-2 or level-3 survey confirms or dismisses an outfall ({CLAUSE})",
            "level",
            CLAUSE,
        )
    try:
        result = SurveyOutcome(outcome)
    except ValueError:
        raise RuleViolation(
            "invalid_outcome", "outcome must be confirm, dismiss or inconclusive", "outcome", CLAUSE
        ) from None
    if needs_level3 and level == 2:
        raise RuleViolation(
            "level3_required",
            f"a level-2 survey left this outfall unclear: a level-3 survey is needed ({CLAUSE})",
            "level",
            CLAUSE,
        )
    if result is SurveyOutcome.INCONCLUSIVE:
        if level == 3:
            raise RuleViolation(
                "level3_must_conclude",
                f"a level-3 survey must confirm or dismiss the outfall ({CLAUSE})",
                "outcome",
                CLAUSE,
            )
        return None
    if result is SurveyOutcome.DISMISS and not (reason and reason.strip()):
        raise RuleViolation("reason_required", "a dismissal needs a reason", "reason", CLAUSE)
    return Action.CONFIRM if result is SurveyOutcome.CONFIRM else Action.DISMISS
