"""The four-step recognition workflow (附件4 二(三)1-4) as a transition table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from credits.rules.appeals import appeal_in_time


class RecognitionState(StrEnum):
    teacher_reviewed = "teacher_reviewed"  # 任课教师初步意见
    group_reviewed = "group_reviewed"  # 科目工作小组初审
    office_reviewed = "office_reviewed"  # 委员会办公室复审
    granted = "granted"  # 委员会终审: 同意认定
    refused = "refused"  # 委员会终审: 不予认定
    published = "published"  # 公示 (granted list)
    notified = "notified"  # 书面通知 (refused, with reason)


class Step(StrEnum):
    teacher = "teacher"
    group = "group"
    office = "office"
    committee = "committee"
    publish = "publish"
    appeal_revision = "appeal_revision"


class Opinion(StrEnum):
    grant = "grant"  # 同意认定
    refuse = "refuse"  # 不予认定


@dataclass(frozen=True, slots=True)
class StepRule:
    from_states: frozenset[RecognitionState | None]
    scope: str


# Which step may follow which state, and the scope a caller needs for it.
STEP_RULES: dict[Step, StepRule] = {
    Step.teacher: StepRule(frozenset({None}), "credits:write"),
    Step.group: StepRule(frozenset({RecognitionState.teacher_reviewed}), "credits:write"),
    Step.office: StepRule(frozenset({RecognitionState.group_reviewed}), "credits:recognize"),
    Step.committee: StepRule(frozenset({RecognitionState.office_reviewed}), "credits:recognize"),
    Step.publish: StepRule(
        frozenset({RecognitionState.granted, RecognitionState.refused}), "credits:recognize"
    ),
    Step.appeal_revision: StepRule(
        frozenset({RecognitionState.published, RecognitionState.notified}), "credits:recognize"
    ),
}

FINAL_STATES = frozenset({RecognitionState.published, RecognitionState.notified})


def allowed_steps(state: RecognitionState | None) -> list[Step]:
    return [step for step, rule in STEP_RULES.items() if state in rule.from_states]


def can_take(step: Step, state: RecognitionState | None) -> bool:
    return state in STEP_RULES[step].from_states


def state_after(step: Step, opinion: Opinion | None = None) -> RecognitionState:
    """The state a step leads to; the committee's opinion decides granted/refused."""
    if step is Step.teacher:
        return RecognitionState.teacher_reviewed
    if step is Step.group:
        return RecognitionState.group_reviewed
    if step is Step.office:
        return RecognitionState.office_reviewed
    if step is Step.committee:
        if opinion is None:
            raise ValueError("the committee's final decision needs an opinion")
        return RecognitionState.granted if opinion is Opinion.grant else RecognitionState.refused
    raise ValueError(f"{step} does not have a fixed next state")


def state_after_publication(state: RecognitionState) -> RecognitionState:
    """附件4 二(三)4: granted names are published; refused students are notified in writing."""
    return (
        RecognitionState.published
        if state is RecognitionState.granted
        else (RecognitionState.notified)
    )


def state_after_appeal(granted: bool) -> RecognitionState:
    """附件4 二(三)5: a result the arbitration committee reverses is decided anew and goes on
    the next publication: granted names are published, a refusal is notified with its reason."""
    return RecognitionState.granted if granted else RecognitionState.refused


def appealable(state: RecognitionState) -> bool:
    """附件4 二(三)5: appeals run from the day of publication or notice."""
    return state in FINAL_STATES


def needs_reason(opinion: Opinion) -> bool:
    """附件4 二(三)4: a refusal is notified in writing with its reason."""
    return opinion is Opinion.refuse


def reviewers_distinct(previous_reviewers: list[str], reviewer: str) -> bool:
    """Each step is taken by its own role: one person does not review twice."""
    return reviewer not in previous_reviewers


def recognition_actions_now(
    state: RecognitionState, *, published_on: date | None, today: date
) -> list[str]:
    """The workflow step that may follow, or `appeal` from publication or notice to the last
    day of the appeal window (附件4 二(三)5)."""
    steps = [s.value for s in allowed_steps(state) if s is not Step.appeal_revision]
    window_open = published_on is not None and appeal_in_time(
        published_on=published_on, received_on=today
    )
    return [*steps, "appeal"] if appealable(state) and window_open else steps
