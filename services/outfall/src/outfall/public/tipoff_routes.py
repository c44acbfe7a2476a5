"""Tip-off routes: the public form and receipt (`/v1/public/...`), the officials' list and
their audited steps (`/v1/tip-offs/...`)."""

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from outfall.present import aware
from outfall.public import service, tipoffs
from outfall.public.page import build_page
from outfall.public.routes import TEMPLATES, render_outfall
from outfall.public.schemas import TipOffIn, TipOffPublic, TipOffReceipt, TipOffsPublic
from outfall.rules.tipoffs import STATUS_NAMES_ZH, TipOffAction, TipOffForm, form_errors
from suitekit.db import SessionDep
from suitekit.errors import Forbidden, InvalidInput, NotFound
from suitekit.identity import Caller, CallerDep, RequireScope
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.public_pages import render, wants_html
from suitekit.timeutil import as_aware

READ = RequireScope("outfall:read", "outfall:write")
WRITE = RequireScope("outfall:write")

public = APIRouter(prefix="/v1/public", tags=["public"])
internal = APIRouter(prefix="/v1/tip-offs", tags=["public"])


class TipOffStatusPublic(BaseModel):
    """All a resident learns with the receipt number: the status, nothing else."""

    receipt: str
    status: str


class TipOffStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=2000, description="to whom / what was done")


def _source_hash(request: Request) -> str:
    settings = request.app.state.settings
    return tipoffs.address_hash(tipoffs.sender_address(request), settings.tip_off_address_salt)


@public.post(
    "/outfalls/{code}/tip-offs",
    status_code=201,
    response_model=TipOffReceipt,
    responses={303: {"description": "a browser is sent to its receipt page"}},
    summary="the tip-off form of an outfall's public page (§六(七)); no token needed",
)
def tip_off_form(
    code: str,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    location: Annotated[str, Form(max_length=20000)] = "",
    description: Annotated[str, Form(max_length=20000)] = "",
    contact: Annotated[str, Form(max_length=20000)] = "",
    website: Annotated[str, Form(max_length=20000)] = "",
    photo: Annotated[UploadFile | None, File()] = None,
) -> TipOffReceipt | Response:
    outfall = service.standardized_by_code(session, code)
    settings = request.app.state.settings
    content = photo.file.read(settings.tip_off_photo_max_bytes + 1) if photo else b""
    form = TipOffForm(
        location=location.strip(),
        description=description.strip(),
        contact=contact.strip(),
        honeypot=website.strip(),
        photo=content or None,
        photo_max_bytes=settings.tip_off_photo_max_bytes,
    )
    errors = form_errors(form)
    if errors:
        if not wants_html(request):
            raise InvalidInput(
                "the tip-off was not accepted",
                errors=[{"field": f, "message": m} for f, m in errors.items()],
            )
        page = build_page(
            session,
            outfall,
            base=service_base(request),
            supervision_phone=settings.supervision_phone,
        )
        values = {"location": location, "description": description, "contact": contact}
        return render_outfall(request, page, errors=errors, values=values, status_code=422)
    tip = tipoffs.receive(
        session=session,
        caller=caller,
        location=form.location,
        description=form.description,
        contact=form.contact,
        source_hash=_source_hash(request),
        limit=settings.tip_off_limit_per_hour,
        outfall_code=outfall.code,
        photo=form.photo,
    )
    if wants_html(request):
        # post/redirect/get; relative, so it holds behind the gateway's /outfall prefix too
        return RedirectResponse(f"../../tip-offs/{tip.id}?new=1", status_code=303)
    return TipOffReceipt(id=tip.id, status=tip.status, received_at=as_aware(tip.created_at))


def service_base(request: Request) -> str:
    return request.app.state.settings.public_root()


@public.post(
    "/tip-offs",
    status_code=201,
    response_model=TipOffReceipt,
    summary="public tip-off about illegal discharge (§六(七)); no token needed",
)
def tip_off(
    data: TipOffIn, request: Request, session: SessionDep, caller: CallerDep
) -> TipOffReceipt:
    tip = tipoffs.receive(
        session=session,
        caller=caller,
        location=data.location,
        description=data.description,
        contact=data.contact,
        longitude=data.longitude,
        latitude=data.latitude,
        source_hash=_source_hash(request),
        limit=request.app.state.settings.tip_off_limit_per_hour,
    )
    return TipOffReceipt(id=tip.id, status=tip.status, received_at=as_aware(tip.created_at))


@public.get(
    "/tip-offs/lookup",
    response_class=RedirectResponse,
    status_code=303,
    summary="the receipt form's target: sends the browser to the tip-off's status page",
)
def lookup(
    receipt: Annotated[str, Query(min_length=1, max_length=64, pattern=r"^\s*[A-Za-z0-9_-]+\s*$")],
    _caller: CallerDep,
) -> RedirectResponse:
    return RedirectResponse(f"./{receipt.strip()}", status_code=303)


@public.get(
    "/tip-offs/{receipt}",
    response_model=TipOffStatusPublic,
    responses={200: {"content": {"text/html": {}}}},
    summary="a tip-off's status by its receipt number (received / forwarded / handled)",
)
def receipt_status(
    receipt: str,
    request: Request,
    session: SessionDep,
    _caller: CallerDep,
    new: Literal["1"] | None = None,
) -> TipOffStatusPublic | HTMLResponse:
    try:
        tip = tipoffs.by_receipt(session, receipt)
    except NotFound:
        if not wants_html(request):
            raise
        return render(
            TEMPLATES, request, "receipt.html", status_code=404, title="查询举报", receipt=receipt
        )
    answer = TipOffStatusPublic(receipt=tip.id, status=tip.status)
    if not wants_html(request):
        return answer
    return render(
        TEMPLATES,
        request,
        "receipt.html",
        title="举报办理状态",
        receipt=tip.id,
        status=tip.status,
        status_name=STATUS_NAMES_ZH[tip.status],
        new=new is not None,
    )


def _city_wide(caller: Caller) -> None:
    if not caller.city_wide:
        # a tip-off has no jurisdiction until someone checks it: city-wide clients only
        raise Forbidden("tip-offs are read by city-wide clients", code="city_wide_only")


@internal.get("", response_model=TipOffsPublic, summary="tip-offs received")
def list_tip_offs(
    session: SessionDep,
    caller: Caller = READ,
    status: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> TipOffsPublic:
    _city_wide(caller)
    rows, next_cursor = service.list_tip_offs(
        session=session, status=status, limit=limit, cursor=cursor
    )
    return TipOffsPublic(
        items=[
            TipOffPublic.model_validate(
                {**t.model_dump(exclude={"photo", "source_hash"}), "has_photo": t.photo is not None}
            ).model_copy(update={"created_at": aware(t.created_at)})
            for t in rows
        ],
        next_cursor=next_cursor,
    )


@internal.get("/{tip_id}/photo", response_class=Response, summary="the photo sent with a tip-off")
def tip_off_photo(tip_id: str, session: SessionDep, caller: Caller = READ) -> Response:
    _city_wide(caller)
    tip = tipoffs.by_receipt(session, tip_id)
    if tip.photo is None:
        raise NotFound("this tip-off came without a photo", code="no_photo")
    return Response(tip.photo, media_type=tip.photo_type or "application/octet-stream")


def _step(action: TipOffAction, tip_id: str, data: TipOffStep, session: SessionDep, caller: Caller):
    _city_wide(caller)
    tip = tipoffs.move(session=session, tip_id=tip_id, action=action, note=data.note, caller=caller)
    return TipOffStatusPublic(receipt=tip.id, status=tip.status)


@internal.post(
    "/{tip_id}/forward",
    response_model=TipOffStatusPublic,
    summary="forward a tip-off to the responsible unit (received -> forwarded); audited",
)
def forward(
    tip_id: str, data: TipOffStep, session: SessionDep, caller: Caller = WRITE
) -> TipOffStatusPublic:
    return _step(TipOffAction.FORWARD, tip_id, data, session, caller)


@internal.post(
    "/{tip_id}/handle",
    response_model=TipOffStatusPublic,
    summary="close a tip-off as handled (received/forwarded -> handled); audited",
)
def handle(
    tip_id: str, data: TipOffStep, session: SessionDep, caller: Caller = WRITE
) -> TipOffStatusPublic:
    return _step(TipOffAction.HANDLE, tip_id, data, session, caller)
