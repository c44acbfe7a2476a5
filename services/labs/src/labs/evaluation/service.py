"""Use cases of the annual evaluation: weights per year, draft, publication (art. 11, 14)."""

from fastapi import Request
from sqlmodel import Session, col, select

from labs.common import bad_field
from labs.evaluation.models import Evaluation, EvaluationRow, YearWeightsRecord
from labs.evaluation.schemas import (
    EvaluationPublic,
    EvaluationRowPublic,
    PublishIn,
    WeightsIn,
    WeightsPublic,
)
from labs.evaluation.scores import LabYear, compute_year
from labs.evaluation.weights import evaluation_state, year_weights
from labs.refdata import parse_weights, technical_parameters, weights_as_dict
from labs.registry.models import Lab
from labs.rules.errors import RuleConflict, RuleError
from labs.rules.evaluation import (
    EvaluationState,
    check_publishable,
    ensure_weights_editable,
    labs_missing_retests,
)
from suitekit import audit
from suitekit.errors import Conflict, Forbidden
from suitekit.etag import require_if_match
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow


def weights_view(session: Session, year: int) -> tuple[WeightsPublic, int]:
    weights, version = year_weights(session, year)
    frozen = evaluation_state(session, year) is EvaluationState.PUBLISHED
    return WeightsPublic(year=year, frozen=frozen, **weights_as_dict(weights)), version


def set_weights(
    *, session: Session, year: int, data: WeightsIn, caller: Caller, request: Request
) -> int:
    ensure_weights_editable(evaluation_state(session, year), year)
    record = session.exec(
        select(YearWeightsRecord).where(YearWeightsRecord.year == year).with_for_update()
    ).first()
    require_if_match(request, record.version if record else 0)
    try:
        weights = parse_weights(data.model_dump(mode="json"))
    except RuleError:
        raise
    except ValueError as exc:  # unknown item names
        raise bad_field("body", str(exc)) from exc
    raw = weights_as_dict(weights)
    if record is None:
        record = YearWeightsRecord(year=year, weights=raw)
    else:
        record.weights, record.version, record.updated_at = raw, record.version + 1, utcnow()
    session.add(record)
    audit.record(
        session,
        caller=caller,
        action="set_weights",
        entity_type="year",
        entity_id=str(year),
        division=None,  # the city-wide annual evaluation
        data=raw,
    )
    session.commit()
    return record.version


def _row_view(row: LabYear) -> EvaluationRowPublic:
    return EvaluationRowPublic(**row.__dict__)


def _visible(session: Session, caller: Caller) -> set[str]:
    labs = session.exec(select(Lab)).all()
    return {lab.id for lab in labs if caller.covers(lab.jurisdiction_code)}


def get_evaluation(*, session: Session, year: int, caller: Caller) -> EvaluationPublic:
    visible = _visible(session, caller)
    published = session.get(Evaluation, year)
    if published is not None:
        names = {lab.id: lab.name for lab in session.exec(select(Lab)).all()}
        rows = session.exec(
            select(EvaluationRow)
            .where(EvaluationRow.year == year)
            .order_by(col(EvaluationRow.rank), col(EvaluationRow.lab_id))
        ).all()
        return EvaluationPublic(
            year=year,
            state=published.state,
            published_on=published.published_on,
            weights=published.weights,
            rows=[
                EvaluationRowPublic(**r.model_dump(), lab_name=names[r.lab_id])
                for r in rows
                if r.lab_id in visible
            ],
        )
    weights, _ = year_weights(session, year)
    rows = compute_year(session, year, weights)
    return EvaluationPublic(
        year=year,
        state=EvaluationState.DRAFT.value,
        published_on=None,
        weights=weights_as_dict(weights),
        rows=[_row_view(r) for r in rows if r.lab_id in visible],
        allowed_actions=["publish"] if caller.city_wide and _complete(rows, year) else [],
    )


def _complete(rows: list[LabYear], year: int) -> bool:
    """Whether publishing now would pass the art. 13(1) and score checks."""
    try:
        _check_complete(rows, year)
    except (Conflict, RuleConflict):
        return False
    return True


def _check_complete(rows: list[LabYear], year: int) -> None:
    if not rows:
        raise RuleConflict(f"no lab had a contract in {year}")
    minimum = technical_parameters().retest_min_batches
    batches = {r.lab_id: r.basis["retest_batches_as_original"] for r in rows}
    missing = labs_missing_retests(batches, minimum)
    if missing:
        raise Conflict(
            f"art. 13(1): fewer than {minimum} re-tested batches in {year} for "
            + ", ".join(missing),
            code="missing_retests",
            labs=missing,
        )
    unscored = [r.lab_id for r in rows if r.composite is None]
    if unscored:
        raise Conflict(
            "no daily or technical score for " + ", ".join(unscored),
            code="missing_scores",
            labs=unscored,
        )


def publish(*, session: Session, year: int, data: PublishIn, caller: Caller) -> EvaluationPublic:
    if not caller.city_wide:
        raise Forbidden("only the city bureau publishes the evaluation", code="city_only")
    check_publishable(evaluation_state(session, year))
    if data.published_on.year < year:
        raise bad_field("body.published_on", "an evaluation is published after its year starts")
    weights, _ = year_weights(session, year)
    rows = compute_year(session, year, weights)
    _check_complete(rows, year)
    raw = weights_as_dict(weights)
    session.add(
        Evaluation(
            year=year,
            state=EvaluationState.PUBLISHED.value,
            published_on=data.published_on,
            published_by=caller.client_id,
            weights=raw,
        )
    )
    session.flush()
    for row in rows:
        assert row.daily is not None and row.technical is not None and row.composite is not None
        assert row.rank is not None
        session.add(
            EvaluationRow(
                id=new_id("ev"),
                year=year,
                lab_id=row.lab_id,
                daily=row.daily,
                technical=row.technical,
                composite=row.composite,
                rank=row.rank,
                daily_passed=row.daily_passed,
                technical_passed=row.technical_passed,
                basis=row.basis,
            )
        )
    audit.record(
        session,
        caller=caller,
        action="publish_evaluation",
        entity_type="year",
        entity_id=str(year),
        division=None,  # the city-wide annual evaluation
        data={"labs": len(rows), "published_on": data.published_on.isoformat()},
    )
    session.commit()
    return get_evaluation(session=session, year=year, caller=caller)
