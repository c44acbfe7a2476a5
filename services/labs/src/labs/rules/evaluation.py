"""Annual evaluation (年度综合考核评价, art. 14): draft, then published and immutable."""

from collections.abc import Mapping
from enum import StrEnum

from labs.rules.errors import InvalidTransition, RuleConflict
from labs.rules.retest import MIN_RETEST_BATCHES


class EvaluationState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


EVALUATION_TRANSITIONS: Mapping[EvaluationState, tuple[EvaluationState, ...]] = {
    EvaluationState.DRAFT: (EvaluationState.PUBLISHED,),
    EvaluationState.PUBLISHED: (),
}


def check_publishable(state: EvaluationState) -> EvaluationState:
    if EvaluationState.PUBLISHED not in EVALUATION_TRANSITIONS[state]:
        raise InvalidTransition(state.value, "publish", [])
    return EvaluationState.PUBLISHED


def ensure_weights_editable(state: EvaluationState, year: int) -> None:
    """Spec rule 3: a year's weights are frozen once its evaluation is published."""
    if state is EvaluationState.PUBLISHED:
        raise RuleConflict(f"the {year} evaluation is published: its weights are frozen")


def labs_missing_retests(
    batches_by_lab: Mapping[str, int], minimum: int = MIN_RETEST_BATCHES
) -> list[str]:
    """Art. 13(1): every lab needs at least 3 re-tested batches in the year."""
    return sorted(lab for lab, batches in batches_by_lab.items() if batches < minimum)
