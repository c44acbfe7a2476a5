"""HTTP routes of the lab register (thin)."""

from fastapi import APIRouter, Request, Response

from labs.common import READ, WRITE, today
from labs.registry import service
from labs.registry.schemas import (
    LabCreate,
    LabPublic,
    LabsPublic,
    LabUpdate,
    NoticeCreate,
    NoticeHandle,
    NoticePublic,
    NoticesPublic,
    ScopeAdd,
)
from labs.rules.sanctions import LabStatus
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.inputs import IsoDate
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["labs"])


@router.post("/labs", status_code=201, response_model=LabPublic)
def register_lab(
    data: LabCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> LabPublic:
    lab = service.create_lab(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/labs/{lab.id}"
    set_etag(response, lab.version)
    return service.lab_view(session, lab, today())


@router.get("/labs", response_model=LabsPublic)
def list_labs(
    session: SessionDep,
    caller: Caller = READ,
    food_category: str | None = None,
    status: LabStatus | None = None,
    on: IsoDate | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> LabsPublic:
    day = on or today()
    rows, next_cursor = service.list_labs(
        session=session,
        caller=caller,
        food_category=food_category,
        status=status,
        on=day,
        limit=limit,
        cursor=cursor,
    )
    return LabsPublic(
        items=[service.lab_view(session, lab, day) for lab in rows], next_cursor=next_cursor
    )


@router.get("/labs/{lab_id}", response_model=LabPublic)
def get_lab(
    lab_id: str,
    session: SessionDep,
    response: Response,
    caller: Caller = READ,
    on: IsoDate | None = None,
) -> LabPublic:
    lab = service.get_lab(session=session, lab_id=lab_id, caller=caller)
    set_etag(response, lab.version)
    return service.lab_view(session, lab, on or today())


@router.patch("/labs/{lab_id}", response_model=LabPublic)
def update_lab(
    lab_id: str,
    data: LabUpdate,
    request: Request,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
) -> LabPublic:
    lab = service.update_lab(
        session=session, lab_id=lab_id, data=data, caller=caller, request=request
    )
    set_etag(response, lab.version)
    return service.lab_view(session, lab, today())


@router.post("/labs/{lab_id}/scope-items", response_model=LabPublic)
def add_scope_items(
    lab_id: str, data: ScopeAdd, session: SessionDep, response: Response, caller: Caller = WRITE
) -> LabPublic:
    lab = service.add_scope_items(session=session, lab_id=lab_id, data=data, caller=caller)
    set_etag(response, lab.version)
    return service.lab_view(session, lab, today())


@router.post("/labs/{lab_id}/notices", status_code=201, response_model=NoticePublic)
def submit_notice(
    lab_id: str, data: NoticeCreate, session: SessionDep, caller: Caller = WRITE
) -> NoticePublic:
    notice, moved = service.submit_notice(session=session, lab_id=lab_id, data=data, caller=caller)
    return service.notice_view(notice, moved)


@router.get("/labs/{lab_id}/notices", response_model=NoticesPublic)
def list_notices(
    lab_id: str,
    session: SessionDep,
    caller: Caller = READ,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> NoticesPublic:
    rows, next_cursor = service.list_notices(
        session=session, lab_id=lab_id, caller=caller, limit=limit, cursor=cursor
    )
    return NoticesPublic(items=[service.notice_view(n) for n in rows], next_cursor=next_cursor)


@router.get("/notices/{notice_id}", response_model=NoticePublic)
def get_notice(notice_id: str, session: SessionDep, caller: Caller = READ) -> NoticePublic:
    return service.notice_view(
        service.get_notice(session=session, notice_id=notice_id, caller=caller)
    )


@router.post("/notices/{notice_id}/handle", response_model=NoticePublic)
def handle_notice(
    notice_id: str, data: NoticeHandle, session: SessionDep, caller: Caller = WRITE
) -> NoticePublic:
    return service.notice_view(
        service.handle_notice(session=session, notice_id=notice_id, data=data, caller=caller)
    )
