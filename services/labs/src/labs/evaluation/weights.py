"""A year's weights (stored, or the refdata defaults) and whether the year is still open."""

from sqlmodel import Session

from labs.evaluation.models import Evaluation, YearWeightsRecord
from labs.refdata import default_weights, parse_weights
from labs.rules.errors import RuleConflict
from labs.rules.evaluation import EvaluationState
from labs.rules.scoring import YearWeights


def year_weights(session: Session, year: int) -> tuple[YearWeights, int]:
    """The weights of `year` and their version (0 = the defaults, never stored)."""
    record = session.get(YearWeightsRecord, year)
    if record is None:
        return default_weights(), 0
    return parse_weights(record.weights), record.version


def evaluation_state(session: Session, year: int) -> EvaluationState:
    evaluation = session.get(Evaluation, year)
    return EvaluationState(evaluation.state) if evaluation else EvaluationState.DRAFT


def ensure_year_open(session: Session, year: int) -> None:
    """Spec rule 6: a published evaluation is immutable, so are the records it rests on."""
    if evaluation_state(session, year) is EvaluationState.PUBLISHED:
        raise RuleConflict(f"the {year} evaluation is published: its records can no longer change")
