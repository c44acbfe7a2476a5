"""Course selection with a hesitation period and the school's statistics."""

from datetime import date

from sqlmodel import Session, col, select

from credits.common import audit_scope, get_school, get_student, invalid, visible_school_ids
from credits.models import Selection, SelectionRound
from credits.rules.selection import (
    SELECTION_TRANSITIONS,
    SelectionState,
    SelectionStats,
    allowed_selection_actions,
    can_confirm,
    combination_errors,
    combination_key,
    in_hesitation_period,
    selection_actions_now,
    selection_stats,
)
from credits.selection.schemas import (
    ChangeDecision,
    ChangeRequest,
    RoundCreate,
    SelectionCreate,
    SelectionFilters,
)
from suitekit import audit
from suitekit.errors import Conflict, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def _today() -> date:
    return utcnow().date()


def _check_combination(subjects: list[str], field: str) -> str:
    errors = combination_errors(subjects)
    if errors:
        raise invalid(field, "; ".join(errors))
    return combination_key(subjects)


def create_round(
    *, session: Session, school_id: str, data: RoundCreate, caller: Caller
) -> SelectionRound:
    school = get_school(session, caller, school_id)
    selection_round = SelectionRound(id=new_id("rnd"), school_id=school.id, **data.model_dump())
    session.add(selection_round)
    audit.record(
        session,
        caller=caller,
        action="open_selection_round",
        entity_type="selection_round",
        entity_id=selection_round.id,
        **audit_scope(session, selection_round.school_id),
        data=data.model_dump(mode="json"),
    )
    session.commit()
    session.refresh(selection_round)
    return selection_round


def get_round(session: Session, caller: Caller, round_id: str) -> SelectionRound:
    selection_round = session.get(SelectionRound, round_id)
    if selection_round is None:
        raise NotFound(f"selection round {round_id} not found")
    get_school(session, caller, selection_round.school_id)
    return selection_round


def submit(*, session: Session, school_id: str, data: SelectionCreate, caller: Caller) -> Selection:
    school = get_school(session, caller, school_id)
    selection_round = get_round(session, caller, data.round_id)
    student, _ = get_student(session, caller, data.student_id)
    if selection_round.school_id != school.id or student.school_id != school.id:
        raise invalid("body.student_id", "the student and the round belong to this school")
    if not in_hesitation_period(today=_today(), hesitation_until=selection_round.hesitation_until):
        raise invalid("body.round_id", "the selection round is closed")
    key = _check_combination(data.subjects, "body.subjects")
    existing = select(Selection).where(
        Selection.round_id == selection_round.id, Selection.student_id == student.id
    )
    if session.exec(existing).first() is not None:
        raise Conflict(
            "the student already chose; ask for a change instead", code="already_selected"
        )
    selection = Selection(
        id=new_id("sel"),
        round_id=selection_round.id,
        school_id=school.id,
        student_id=student.id,
        subjects=key,
        state=SelectionState.submitted.value,
    )
    session.add(selection)
    audit.record(
        session,
        caller=caller,
        action="select_subjects",
        entity_type="selection",
        entity_id=selection.id,
        **audit_scope(session, selection.school_id),
        data={"subjects": key},
    )
    session.commit()
    session.refresh(selection)
    return selection


def _load(session: Session, caller: Caller, selection_id: str) -> Selection:
    selection = session.exec(
        select(Selection).where(Selection.id == selection_id).with_for_update()
    ).first()
    if selection is None:
        raise NotFound(f"selection {selection_id} not found")
    get_school(session, caller, selection.school_id)
    return selection


def _transition(
    session: Session,
    selection: Selection,
    action: str,
    caller: Caller,
    reason: str | None,
    data: dict,
) -> Selection:
    sources, target = SELECTION_TRANSITIONS[action]
    state = SelectionState(selection.state)
    if state not in sources:
        raise invalid_transition(state.value, action, allowed_selection_actions(state))
    selection.state = target.value
    selection.version += 1
    session.add(selection)
    audit.record(
        session,
        caller=caller,
        action=f"selection_{action}",
        entity_type="selection",
        entity_id=selection.id,
        **audit_scope(session, selection.school_id),
        reason=reason,
        data=data,
    )
    session.commit()
    session.refresh(selection)
    return selection


def request_change(
    *, session: Session, selection_id: str, data: ChangeRequest, caller: Caller
) -> Selection:
    selection = _load(session, caller, selection_id)
    selection_round = session.get(SelectionRound, selection.round_id)
    if not in_hesitation_period(today=_today(), hesitation_until=selection_round.hesitation_until):
        raise invalid(
            "path.selection_id",
            "the hesitation period is over (附件3 三(一)5(6))",
            code="hesitation_period_over",
        )
    requested = _check_combination(data.subjects, "body.subjects") if data.subjects else ""
    selection.requested_subjects = requested
    return _transition(
        session,
        selection,
        "request_change",
        caller,
        data.reason,
        {"requested": requested or "withdraw"},
    )


def decide_change(
    *, session: Session, selection_id: str, data: ChangeDecision, caller: Caller
) -> Selection:
    selection = _load(session, caller, selection_id)
    requested = selection.requested_subjects
    if data.decision == "approve" and requested == "":
        action = "withdraw"
    else:
        action = f"{data.decision}_change"
    if data.decision == "approve" and requested:
        selection.subjects = requested
    if SelectionState(selection.state) is SelectionState.change_requested:
        selection.requested_subjects = None
    return _transition(
        session, selection, action, caller, data.note, {"subjects": selection.subjects}
    )


def confirm_round(*, session: Session, round_id: str, caller: Caller) -> int:
    """After the hesitation period the final choices are confirmed and classes formed."""
    selection_round = get_round(session, caller, round_id)
    if not can_confirm(today=_today(), hesitation_until=selection_round.hesitation_until):
        raise invalid(
            "path.round_id",
            "the hesitation period has not ended yet",
            code="hesitation_period_running",
        )
    pending = session.exec(
        select(Selection).where(
            Selection.round_id == round_id, Selection.state == SelectionState.change_requested.value
        )
    ).first()
    if pending is not None:
        raise Conflict("change requests are still pending", code="changes_pending")
    rows = session.exec(
        select(Selection).where(
            Selection.round_id == round_id, Selection.state == SelectionState.submitted.value
        )
    ).all()
    for selection in rows:
        selection.state = SelectionState.confirmed.value
        selection.version += 1
        session.add(selection)
    audit.record(
        session,
        caller=caller,
        action="confirm_selection_round",
        entity_type="selection_round",
        entity_id=round_id,
        **audit_scope(session, selection_round.school_id),
        data={"confirmed": len(rows)},
    )
    session.commit()
    return len(rows)


def get_selection(session: Session, caller: Caller, selection_id: str) -> Selection:
    selection = session.get(Selection, selection_id)
    if selection is None:
        raise NotFound(f"selection {selection_id} not found")
    try:
        get_school(session, caller, selection.school_id)
    except NotFound:
        raise NotFound(f"selection {selection_id} not found") from None
    return selection


def list_selections(
    *,
    session: Session,
    caller: Caller,
    filters: SelectionFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Selection], str | None]:
    """Published results of course selection (附件3 三(一)5): per school, round, student."""
    statement = select(Selection)
    if filters.school_id:
        statement = statement.where(
            Selection.school_id == get_school(session, caller, filters.school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(Selection.school_id).in_(visible))
    if filters.round_id:
        statement = statement.where(Selection.round_id == filters.round_id)
    if filters.student_id:
        statement = statement.where(Selection.student_id == filters.student_id)
    if filters.state is not None:
        statement = statement.where(Selection.state == filters.state.value)
    rows, next_cursor = paginate(
        session, statement, key=Selection.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def list_rounds(
    *, session: Session, caller: Caller, school_id: str | None, limit: int, cursor: str | None
) -> tuple[list[SelectionRound], str | None]:
    statement = select(SelectionRound)
    if school_id:
        statement = statement.where(
            SelectionRound.school_id == get_school(session, caller, school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(SelectionRound.school_id).in_(visible))
    rows, next_cursor = paginate(
        session, statement, key=SelectionRound.id, key_of=lambda r: r.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def actions_now(session: Session, selection: Selection) -> list[str]:
    selection_round = session.get(SelectionRound, selection.round_id)
    return selection_actions_now(
        SelectionState(selection.state),
        today=_today(),
        hesitation_until=selection_round.hesitation_until,
    )


def stats(
    *, session: Session, school_id: str, round_id: str, caller: Caller
) -> tuple[SelectionRound, SelectionStats]:
    school = get_school(session, caller, school_id)
    selection_round = get_round(session, caller, round_id)
    if selection_round.school_id != school.id:
        raise NotFound(f"selection round {round_id} not found")
    counted = [
        SelectionState.submitted.value,
        SelectionState.change_requested.value,
        SelectionState.confirmed.value,
    ]
    rows = session.exec(
        select(Selection.subjects).where(
            Selection.round_id == round_id, Selection.state.in_(counted)
        )
    ).all()
    return selection_round, selection_stats(
        [r.split("+") for r in rows], selection_round.class_size
    )
