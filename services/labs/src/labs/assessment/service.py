"""Use cases of the daily and technical assessment (art. 12-13)."""

from datetime import date

from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from labs.assessment.models import DailyScore, Inspection, InspectionFinding, Retest
from labs.assessment.schemas import (
    DailyScoreCreate,
    FindingPublic,
    InspectionCreate,
    InspectionPublic,
    RectificationIn,
    RetestCreate,
    RetestFilters,
)
from labs.common import bad_field
from labs.evaluation.weights import ensure_year_open, year_weights
from labs.refdata import technical_parameters
from labs.registry.models import Lab
from labs.registry.service import get_lab, lab_division
from labs.registry.status import current_scope
from labs.rules.errors import RuleConflict
from labs.rules.inspection import (
    FINDING_TRANSITIONS,
    FindingAction,
    FindingState,
    is_rectification_late,
    next_finding_state,
    rectification_due,
)
from labs.rules.retest import check_retest_setup, outcome_score, retest_outcome
from labs.rules.scoring import check_period, period_daily_score
from labs.rules.tasks import scope_covers
from suitekit import audit
from suitekit.errors import Forbidden, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id


def record_daily_score(
    *, session: Session, lab_id: str, data: DailyScoreCreate, caller: Caller
) -> DailyScore:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    ensure_year_open(session, data.year)
    check_period(data.period_kind, data.period_index)
    weights, _ = year_weights(session, data.year)
    score = period_daily_score(data.items, weights)
    kinds = session.exec(
        select(DailyScore.period_kind).where(
            DailyScore.lab_id == lab.id, DailyScore.year == data.year
        )
    ).all()
    if kinds and data.period_kind.value not in kinds:
        raise bad_field("body.period_kind", f"{data.year} is already scored by {kinds[0]}")
    duplicate = session.exec(
        select(DailyScore).where(
            DailyScore.lab_id == lab.id,
            DailyScore.year == data.year,
            DailyScore.period_kind == data.period_kind.value,
            DailyScore.period_index == data.period_index,
        )
    ).first()
    if duplicate is not None:
        raise RuleConflict(f"{data.period_kind.value} {data.period_index} of {data.year} is scored")
    row = DailyScore(
        id=new_id("ds"),
        lab_id=lab.id,
        year=data.year,
        period_kind=data.period_kind.value,
        period_index=data.period_index,
        items={item.value: str(value) for item, value in data.items.items()},
        score=score,
        evidence=data.evidence,
    )
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action="daily_score",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={"daily_score_id": row.id, "year": data.year, "score": str(score)},
    )
    session.commit()
    session.refresh(row)
    return row


def list_daily_scores(
    *,
    session: Session,
    lab_id: str,
    year: int | None,
    caller: Caller,
    limit: int,
    cursor: str | None,
) -> tuple[list[DailyScore], str | None]:
    get_lab(session=session, lab_id=lab_id, caller=caller)
    statement = select(DailyScore).where(DailyScore.lab_id == lab_id)
    if year is not None:
        statement = statement.where(DailyScore.year == year)
    rows, next_cursor = paginate(
        session, statement, key=DailyScore.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def get_daily_score(*, session: Session, score_id: str, caller: Caller) -> DailyScore:
    row = session.get(DailyScore, score_id)
    if row is None:
        raise NotFound(f"daily score {score_id} not found")
    try:
        get_lab(session=session, lab_id=row.lab_id, caller=caller)
    except NotFound:
        raise NotFound(f"daily score {score_id} not found") from None
    return row


def record_retest(*, session: Session, data: RetestCreate, caller: Caller) -> Retest:
    original = get_lab(session=session, lab_id=data.original_lab_id, caller=caller)
    retester = get_lab(session=session, lab_id=data.retest_lab_id, caller=caller)
    ensure_year_open(session, data.tested_on.year)
    check_retest_setup(
        original_lab_id=original.id,
        retest_lab_id=retester.id,
        original_method=data.method,
        retest_method=data.retest_method,
    )
    if not scope_covers(current_scope(session, retester.id), data.food_category, [data.test_item]):
        raise bad_field("body.retest_lab_id", "the re-testing lab is not accredited for the item")
    outcome = retest_outcome(
        original_conclusion=data.original_conclusion,
        retest_conclusion=data.retest_conclusion,
        original_value=data.original_value,
        retest_value=data.retest_value,
        reproducibility_limit=data.reproducibility_limit,
    )
    retest = Retest(
        **data.model_dump(exclude={"retest_method"}),
        id=new_id("rt"),
        year=data.tested_on.year,
        outcome=outcome.value,
        score=outcome_score(outcome, technical_parameters().retest_outcome_scores),
    )
    session.add(retest)
    audit.record(
        session,
        caller=caller,
        action="retest",
        entity_type="lab",
        entity_id=original.id,
        division=original.jurisdiction_code,
        data={"retest_id": retest.id, "retest_lab_id": retester.id, "outcome": outcome.value},
    )
    session.commit()
    session.refresh(retest)
    return retest


def _visible_lab_ids(caller: Caller) -> SelectOfScalar[str]:
    return select(Lab.id).where(col(Lab.jurisdiction_code).in_(caller.jurisdiction))


def get_retest(*, session: Session, retest_id: str, caller: Caller) -> Retest:
    retest = session.get(Retest, retest_id)
    if retest is None:
        raise NotFound(f"re-test {retest_id} not found")
    get_lab(session=session, lab_id=retest.original_lab_id, caller=caller)
    return retest


def list_retests(
    *,
    session: Session,
    caller: Caller,
    filters: RetestFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Retest], str | None]:
    """Re-tests whose original lab the caller covers; `lab_id` matches either side."""
    statement = select(Retest)
    if not caller.city_wide:
        statement = statement.where(col(Retest.original_lab_id).in_(_visible_lab_ids(caller)))
    if filters.year is not None:
        statement = statement.where(Retest.year == filters.year)
    if filters.lab_id:
        statement = statement.where(
            or_(Retest.original_lab_id == filters.lab_id, Retest.retest_lab_id == filters.lab_id)
        )
    if filters.original_lab_id:
        statement = statement.where(Retest.original_lab_id == filters.original_lab_id)
    if filters.sample_code:
        statement = statement.where(Retest.sample_code == filters.sample_code)
    if filters.outcome is not None:
        statement = statement.where(Retest.outcome == filters.outcome.value)
    rows, next_cursor = paginate(
        session, statement, key=Retest.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def list_inspections(
    *,
    session: Session,
    lab_id: str,
    year: int | None,
    caller: Caller,
    limit: int,
    cursor: str | None,
) -> tuple[list[Inspection], str | None]:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller)
    statement = select(Inspection).where(Inspection.lab_id == lab.id)
    if year is not None:
        statement = statement.where(Inspection.year == year)
    rows, next_cursor = paginate(
        session, statement, key=Inspection.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def record_inspection(
    *, session: Session, lab_id: str, data: InspectionCreate, caller: Caller
) -> Inspection:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    ensure_year_open(session, data.inspected_on.year)
    inspection = Inspection(
        id=new_id("in"),
        lab_id=lab.id,
        year=data.inspected_on.year,
        inspected_on=data.inspected_on,
        score=data.score,
        summary=data.summary,
    )
    session.add(inspection)
    session.flush()  # parent row first: there are no ORM relationships to order inserts
    months = technical_parameters().rectification_months
    for finding in data.findings:
        session.add(
            InspectionFinding(
                id=new_id("fd"),
                inspection_id=inspection.id,
                lab_id=lab.id,
                description=finding.description,
                severity=finding.severity.value,
                found_on=data.inspected_on,
                due_on=rectification_due(data.inspected_on, months),
                state=FindingState.OPEN.value,
            )
        )
    audit.record(
        session,
        caller=caller,
        action="inspection",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={"inspection_id": inspection.id, "findings": len(data.findings)},
    )
    session.commit()
    session.refresh(inspection)
    return inspection


def get_inspection(*, session: Session, inspection_id: str, caller: Caller) -> Inspection:
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(f"inspection {inspection_id} not found")
    get_lab(session=session, lab_id=inspection.lab_id, caller=caller)
    return inspection


def findings_of(session: Session, inspection_id: str) -> list[InspectionFinding]:
    return list(
        session.exec(
            select(InspectionFinding)
            .where(InspectionFinding.inspection_id == inspection_id)
            .order_by(col(InspectionFinding.id))
        ).all()
    )


def rectify(
    *, session: Session, inspection_id: str, data: RectificationIn, caller: Caller
) -> Inspection:
    """The lab submits a rectification; only the bureau (labs:assess) approves or rejects."""
    inspection = get_inspection(session=session, inspection_id=inspection_id, caller=caller)
    if data.action is not FindingAction.SUBMIT and not caller.has_scope("labs:assess"):
        raise Forbidden("approving a rectification needs labs:assess", code="insufficient_scope")
    finding = session.exec(
        select(InspectionFinding)
        .where(
            InspectionFinding.id == data.finding_id,
            InspectionFinding.inspection_id == inspection.id,
        )
        .with_for_update()
    ).first()
    if finding is None:
        raise bad_field("body.finding_id", f"no finding {data.finding_id} in this inspection")
    if data.on < finding.found_on:
        raise bad_field("body.on", "the date is before the finding")
    target = next_finding_state(FindingState(finding.state), data.action)
    if data.action is FindingAction.SUBMIT:
        finding.submitted_on = data.on
    elif data.action is FindingAction.APPROVE:
        finding.approved_on = data.on
    finding.state, finding.note = target.value, data.note or finding.note
    session.add(finding)
    audit.record(
        session,
        caller=caller,
        action=f"rectification_{data.action.value}",
        entity_type="lab",
        entity_id=inspection.lab_id,
        division=lab_division(session, inspection.lab_id),
        reason=data.note,
        data={"finding_id": finding.id, "state": finding.state},
    )
    session.commit()
    return inspection


def inspection_view(session: Session, inspection: Inspection, today: date) -> InspectionPublic:
    findings = [
        FindingPublic(
            **f.model_dump(),
            late=is_rectification_late(f.due_on, f.submitted_on, today),
            allowed_actions=[a.value for a in FINDING_TRANSITIONS[FindingState(f.state)]],
        )
        for f in findings_of(session, inspection.id)
    ]
    return InspectionPublic(**inspection.model_dump(), findings=findings)
