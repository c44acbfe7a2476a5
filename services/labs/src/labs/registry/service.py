"""Use cases of the lab register: labs, scope, and the lab's own notices (art. 7-8)."""

from datetime import date

from fastapi import Request
from sqlmodel import Session, col, select

from labs.common import bad_field
from labs.refdata import notice_kinds
from labs.registry.models import Lab, LabNotice, LabScopeItem
from labs.registry.schemas import (
    LabCreate,
    LabPublic,
    LabUpdate,
    NoticeCreate,
    NoticeHandle,
    NoticePublic,
    ReassignmentPublic,
    ScopeAdd,
    ScopeItemIn,
    ScopeItemPublic,
)
from labs.registry.status import current_scope_rows, lab_status, open_task_count
from labs.rules.dates import last_day
from labs.rules.notices import NoticeKind, NoticeState, check_handling, check_notice_payload
from labs.rules.sanctions import LabStatus
from labs.rules.tasks import is_recused, scope_covers
from labs.tasks.reassign import Reassignment, reassign_tasks, reassignable_tasks
from suitekit import audit
from suitekit.errors import Conflict, NotFound
from suitekit.etag import require_if_match
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def _scope_row(lab_id: str, item: ScopeItemIn, on: date) -> LabScopeItem:
    return LabScopeItem(
        id=new_id("sc"),
        lab_id=lab_id,
        food_category=item.food_category,
        test_item=item.test_item,
        added_on=on,
    )


def create_lab(*, session: Session, data: LabCreate, caller: Caller) -> Lab:
    caller.ensure_may_write(data.jurisdiction_code)
    if session.exec(select(Lab).where(Lab.uscc == data.uscc)).first() is not None:
        raise Conflict(
            f"a lab with credit code {data.uscc} is already registered", code="duplicate"
        )
    lab = Lab(**data.model_dump(exclude={"scope"}), id=new_id("lab"))
    session.add(lab)
    session.flush()  # parent row first: there are no ORM relationships to order inserts
    unique_items = {(i.food_category, i.test_item): i for i in data.scope}
    for item in unique_items.values():
        session.add(_scope_row(lab.id, item, data.contract_start))
    audit.record(
        session,
        caller=caller,
        action="register",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={"uscc": lab.uscc, "scope_items": len(unique_items)},
    )
    session.commit()
    session.refresh(lab)
    return lab


def get_lab(*, session: Session, lab_id: str, caller: Caller, for_update: bool = False) -> Lab:
    statement = select(Lab).where(Lab.id == lab_id)
    lab = session.exec(statement.with_for_update() if for_update else statement).first()
    if lab is None or not caller.covers(lab.jurisdiction_code):
        raise NotFound(f"lab {lab_id} not found")
    return lab


def lab_view(session: Session, lab: Lab, on: date) -> LabPublic:
    status, until = lab_status(session, lab.id, on)
    scope = [
        ScopeItemPublic(food_category=r.food_category, test_item=r.test_item, added_on=r.added_on)
        for r in current_scope_rows(session, lab.id)
    ]
    return LabPublic(
        **lab.model_dump(),
        status=status.value,
        status_until=last_day(until),
        status_on=on,
        open_tasks=open_task_count(session, lab.id),
        scope=scope,
    )


def list_labs(
    *,
    session: Session,
    caller: Caller,
    food_category: str | None,
    status: LabStatus | None,
    on: date,
    limit: int,
    cursor: str | None,
) -> tuple[list[Lab], str | None]:
    statement = select(Lab)
    if status is not None:
        # status is derived, not stored: keep the ids of the labs that have it on `on`
        wanted = [
            lab.id
            for lab in session.exec(select(Lab)).all()
            if lab_status(session, lab.id, on)[0] is status
        ]
        statement = statement.where(col(Lab.id).in_(wanted))
    if not caller.city_wide:
        statement = statement.where(col(Lab.jurisdiction_code).in_(caller.jurisdiction))
    if food_category:
        holders = select(LabScopeItem.lab_id).where(
            LabScopeItem.food_category == food_category, col(LabScopeItem.removed_on).is_(None)
        )
        statement = statement.where(col(Lab.id).in_(holders))
    rows, next_cursor = paginate(
        session, statement, key=Lab.id, key_of=lambda lab: lab.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def update_lab(
    *, session: Session, lab_id: str, data: LabUpdate, caller: Caller, request: Request
) -> Lab:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    require_if_match(request, lab.version)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        raise bad_field("body", "nothing to change")
    if changes.get("contract_end", lab.contract_end) < lab.contract_start:
        raise bad_field("body.contract_end", "contract_end is before contract_start")
    for name, value in changes.items():
        setattr(lab, name, value)
    lab.version += 1
    lab.updated_at = utcnow()
    session.add(lab)
    audit.record(
        session,
        caller=caller,
        action="update",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={k: str(v) for k, v in changes.items()},
    )
    session.commit()
    session.refresh(lab)
    return lab


def add_scope_items(*, session: Session, lab_id: str, data: ScopeAdd, caller: Caller) -> Lab:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    held = {(r.food_category, r.test_item) for r in current_scope_rows(session, lab.id)}
    added = [i for i in data.items if (i.food_category, i.test_item) not in held]
    for item in {(i.food_category, i.test_item): i for i in added}.values():
        session.add(_scope_row(lab.id, item, data.added_on))
    lab.version += 1
    lab.updated_at = utcnow()
    session.add(lab)
    audit.record(
        session,
        caller=caller,
        action="add_scope",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={"items": [[i.food_category, i.test_item] for i in added]},
    )
    session.commit()
    session.refresh(lab)
    return lab


def _remove_lost_items(session: Session, lab: Lab, data: NoticeCreate, reason: str) -> None:
    rows = {(r.food_category, r.test_item): r for r in current_scope_rows(session, lab.id)}
    for item in data.lost_items:
        row = rows.get((item.food_category, item.test_item))
        if row is None:
            raise bad_field(
                "body.lost_items",
                f"{item.food_category}/{item.test_item} is not in the lab's current scope",
            )
        row.removed_on, row.removed_reason = data.submitted_on, reason
        session.add(row)


def _tasks_left_uncovered(session: Session, lab: Lab) -> list:
    scope = {(r.food_category, r.test_item) for r in current_scope_rows(session, lab.id)}
    return [
        task
        for task in reassignable_tasks(session, lab.id)
        if not scope_covers(scope, task.food_category, task.test_items)
    ]


def submit_notice(
    *, session: Session, lab_id: str, data: NoticeCreate, caller: Caller
) -> tuple[LabNotice, Reassignment | None]:
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    lost = [(i.food_category, i.test_item) for i in data.lost_items]
    check_notice_payload(data.kind, lost, data.producer)
    clause = notice_kinds()[data.kind]
    notice = LabNotice(
        id=new_id("nt"),
        lab_id=lab.id,
        kind=data.kind.value,
        article=clause["article"],
        item=clause["item"],
        submitted_on=data.submitted_on,
        description=data.description,
        producer=data.producer,
        lost_items=[list(pair) for pair in lost],
        state=NoticeState.RECEIVED.value,
    )
    session.add(notice)
    reassignment = None
    if data.kind is NoticeKind.QUALIFICATION_LOST:
        reason = f"art. 8(2) notice {notice.id}: qualification lost"
        _remove_lost_items(session, lab, data, reason)
        session.flush()
        reassignment = reassign_tasks(
            session,
            tasks=_tasks_left_uncovered(session, lab),
            from_lab_id=lab.id,
            on=data.submitted_on,
            reason=reason,
            caller=caller,
        )
    if data.kind is NoticeKind.CONFLICT_OF_INTEREST:
        reason = f"art. 8(3) notice {notice.id}: conflict of interest with {data.producer}"
        reassignment = reassign_tasks(
            session,
            tasks=[
                t
                for t in reassignable_tasks(session, lab.id)
                if is_recused([data.producer or ""], t.producer)
            ],
            from_lab_id=lab.id,
            on=data.submitted_on,
            reason=reason,
            caller=caller,
        )
    audit.record(
        session,
        caller=caller,
        action="notice",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        data={"notice_id": notice.id, "kind": data.kind.value, "lost_items": lost},
    )
    session.commit()
    session.refresh(notice)
    return notice, reassignment


def _get_notice(session: Session, notice_id: str, caller: Caller) -> LabNotice:
    notice = session.exec(
        select(LabNotice).where(LabNotice.id == notice_id).with_for_update()
    ).first()
    if notice is None:
        raise NotFound(f"notice {notice_id} not found")
    get_lab(session=session, lab_id=notice.lab_id, caller=caller)
    return notice


def get_notice(*, session: Session, notice_id: str, caller: Caller) -> LabNotice:
    notice = session.get(LabNotice, notice_id)
    if notice is None:
        raise NotFound(f"notice {notice_id} not found")
    try:
        get_lab(session=session, lab_id=notice.lab_id, caller=caller)
    except NotFound:
        raise NotFound(f"notice {notice_id} not found") from None
    return notice


def handle_notice(
    *, session: Session, notice_id: str, data: NoticeHandle, caller: Caller
) -> LabNotice:
    notice = _get_notice(session, notice_id, caller)
    if data.handled_on < notice.submitted_on:
        raise bad_field("body.handled_on", "handled_on is before the notice was submitted")
    state = check_handling(NoticeState(notice.state), NoticeKind(notice.kind), data.decision)
    notice.state, notice.decision = state.value, data.decision.value
    notice.handled_on, notice.handling_note = data.handled_on, data.note
    session.add(notice)
    audit.record(
        session,
        caller=caller,
        action="handle_notice",
        entity_type="lab",
        entity_id=notice.lab_id,
        division=lab_division(session, notice.lab_id),
        reason=data.note,
        data={"notice_id": notice.id, "decision": data.decision.value},
    )
    session.commit()
    session.refresh(notice)
    return notice


def list_notices(
    *, session: Session, lab_id: str, caller: Caller, limit: int, cursor: str | None
) -> tuple[list[LabNotice], str | None]:
    get_lab(session=session, lab_id=lab_id, caller=caller)
    statement = select(LabNotice).where(LabNotice.lab_id == lab_id)
    rows, next_cursor = paginate(
        session, statement, key=LabNotice.id, key_of=lambda n: n.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def notice_view(notice: LabNotice, reassignment: Reassignment | None = None) -> NoticePublic:
    moved = (
        ReassignmentPublic(moved=reassignment.moved, unplaced=reassignment.unplaced)
        if reassignment is not None
        else None
    )
    handled = NoticeState(notice.state) is NoticeState.HANDLED
    return NoticePublic.model_validate(
        {
            **notice.model_dump(),
            "reassignment": moved,
            "allowed_actions": [] if handled else ["handle"],
        },
        from_attributes=False,
    )


def lab_division(session: Session, lab_id: str) -> str | None:
    """Issue 14: the division an audit entry about this lab carries (the lab's jurisdiction)."""
    lab = session.get(Lab, lab_id)
    return lab.jurisdiction_code if lab else None
