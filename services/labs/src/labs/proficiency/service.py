"""Use cases of proficiency testing: rounds, results, evaluation by z-score (art. 13(2))."""

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlmodel import Session, col, select

from labs.common import bad_field
from labs.evaluation.weights import ensure_year_open
from labs.proficiency.models import PtAnalyte, PtResult, PtRound
from labs.proficiency.schemas import (
    AnalytePublic,
    EvaluateIn,
    ResultPublic,
    ResultsCreate,
    RoundCreate,
    RoundPublic,
)
from labs.refdata import technical_parameters
from labs.registry.service import get_lab
from labs.rules.errors import InvalidTransition
from labs.rules.proficiency import AssignedValueSource, algorithm_a, band_score, z_band, z_score
from suitekit import audit
from suitekit.errors import NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id


class RoundState(StrEnum):
    OPEN = "open"
    EVALUATED = "evaluated"


OPEN, EVALUATED = RoundState.OPEN.value, RoundState.EVALUATED.value
Z_PLACES = Decimal("0.0001")


def create_round(*, session: Session, data: RoundCreate, caller: Caller) -> PtRound:
    ensure_year_open(session, data.year)
    pt_round = PtRound(
        id=new_id("pt"),
        year=data.year,
        name=data.name,
        food_category=data.food_category,
        source=data.source.value,
        state=OPEN,
    )
    session.add(pt_round)
    session.flush()  # parent row first: there are no ORM relationships to order inserts
    for analyte in data.analytes:
        session.add(PtAnalyte(id=new_id("an"), round_id=pt_round.id, **analyte.model_dump()))
    audit.record(
        session,
        caller=caller,
        action="pt_round",
        entity_type="pt_round",
        entity_id=pt_round.id,
        division=None,  # a city-wide proficiency round
        data={"analytes": [a.name for a in data.analytes], "source": data.source.value},
    )
    session.commit()
    session.refresh(pt_round)
    return pt_round


def _get_round(session: Session, round_id: str, *, for_update: bool = False) -> PtRound:
    statement = select(PtRound).where(PtRound.id == round_id)
    pt_round = session.exec(statement.with_for_update() if for_update else statement).first()
    if pt_round is None:
        raise NotFound(f"proficiency round {round_id} not found")
    return pt_round


def _analytes(session: Session, round_id: str) -> list[PtAnalyte]:
    return list(
        session.exec(
            select(PtAnalyte).where(PtAnalyte.round_id == round_id).order_by(col(PtAnalyte.name))
        ).all()
    )


def _results(session: Session, analyte_id: str) -> list[PtResult]:
    return list(
        session.exec(
            select(PtResult).where(PtResult.analyte_id == analyte_id).order_by(col(PtResult.lab_id))
        ).all()
    )


def submit_results(
    *, session: Session, round_id: str, data: ResultsCreate, caller: Caller
) -> PtRound:
    pt_round = _get_round(session, round_id, for_update=True)
    if pt_round.state != OPEN:
        raise InvalidTransition(pt_round.state, "submit results", [])
    lab = get_lab(session=session, lab_id=data.lab_id, caller=caller)
    analytes = {a.name: a for a in _analytes(session, round_id)}
    for result in data.results:
        analyte = analytes.get(result.analyte)
        if analyte is None:
            raise bad_field("body.results", f"the round has no analyte {result.analyte}")
        taken = session.exec(
            select(PtResult).where(PtResult.analyte_id == analyte.id, PtResult.lab_id == lab.id)
        ).first()
        if taken is not None:
            raise bad_field("body.results", f"{lab.id} already reported {result.analyte}")
        session.add(
            PtResult(
                id=new_id("pr"),
                round_id=round_id,
                analyte_id=analyte.id,
                lab_id=lab.id,
                value=result.value,
            )
        )
    audit.record(
        session,
        caller=caller,
        action="pt_results",
        entity_type="pt_round",
        entity_id=round_id,
        division=None,  # a city-wide proficiency round
        data={"lab_id": lab.id, "analytes": [r.analyte for r in data.results]},
    )
    session.commit()
    return pt_round


def _score_analyte(session: Session, pt_round: PtRound, analyte: PtAnalyte) -> None:
    results = _results(session, analyte.id)
    if pt_round.source == AssignedValueSource.ALGORITHM_A.value:
        estimate = algorithm_a([r.value for r in results])
        analyte.assigned_value, analyte.sigma_pt = estimate.assigned_value, estimate.sigma_pt
        analyte.iterations = estimate.iterations
        session.add(analyte)
    params = technical_parameters()
    assert analyte.assigned_value is not None and analyte.sigma_pt is not None
    for result in results:
        z = z_score(result.value, analyte.assigned_value, analyte.sigma_pt)
        band = z_band(z, params.z_satisfactory_limit, params.z_unsatisfactory_limit)
        result.z = z.quantize(Z_PLACES, rounding=ROUND_HALF_UP)
        result.band, result.score = band.value, band_score(band, params.z_band_scores)
        session.add(result)


def evaluate_round(*, session: Session, round_id: str, data: EvaluateIn, caller: Caller) -> PtRound:
    pt_round = _get_round(session, round_id, for_update=True)
    if pt_round.state != OPEN:
        raise InvalidTransition(pt_round.state, "evaluate", [])
    ensure_year_open(session, pt_round.year)
    for analyte in _analytes(session, round_id):
        _score_analyte(session, pt_round, analyte)
    pt_round.state, pt_round.evaluated_on = EVALUATED, data.on
    session.add(pt_round)
    audit.record(
        session,
        caller=caller,
        action="pt_evaluate",
        entity_type="pt_round",
        entity_id=round_id,
        division=None,  # a city-wide proficiency round
        data={"on": data.on.isoformat()},
    )
    session.commit()
    return pt_round


def get_round(*, session: Session, round_id: str) -> PtRound:
    return _get_round(session, round_id)


def list_rounds(
    *,
    session: Session,
    year: int | None,
    food_category: str | None,
    state: RoundState | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[PtRound], str | None]:
    """PT rounds are the city bureau's (art. 13(2)), not a lab's: every reader sees them all."""
    statement = select(PtRound)
    if year is not None:
        statement = statement.where(PtRound.year == year)
    if food_category:
        statement = statement.where(PtRound.food_category == food_category)
    if state is not None:
        statement = statement.where(PtRound.state == state.value)
    rows, next_cursor = paginate(
        session, statement, key=PtRound.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def round_view(session: Session, pt_round: PtRound) -> RoundPublic:
    analytes = [
        AnalytePublic(
            **analyte.model_dump(exclude={"id", "round_id"}),
            results=[
                ResultPublic.model_validate(r, from_attributes=True)
                for r in _results(session, analyte.id)
            ],
        )
        for analyte in _analytes(session, pt_round.id)
    ]
    return RoundPublic(**pt_round.model_dump(exclude={"created_at"}), analytes=analytes)
