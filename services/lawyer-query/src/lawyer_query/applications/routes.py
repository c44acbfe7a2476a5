"""Thin HTTP layer of applications. No route sends, exports or lists registry data (art. 9)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlmodel import col, select

from lawyer_query.applications import results, service
from lawyer_query.applications.models import Application
from lawyer_query.applications.schemas import (
    ApplicationCreate,
    ApplicationPublic,
    ApplicationsPublic,
    PersonResultPublic,
    PrintIn,
    QueryResultPublic,
    WithdrawIn,
)
from lawyer_query.applications.views import application_public
from lawyer_query.bar.registry import EmbeddedBarRegistry
from lawyer_query.deps import (
    PROCESS,
    READ,
    SUPERVISE,
    CipherDep,
    Officer,
    RefDataDep,
    WriteSessionDep,
    bar_registry,
    population_registry,
)
from lawyer_query.registry.store import EmbeddedRegistry
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller, RequireScope, division_prefix
from suitekit.pagination import CursorQuery, LimitQuery, paginate

router = APIRouter(prefix="/v1/applications", tags=["applications"])
VIEW = RequireScope(READ, PROCESS, SUPERVISE)
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

BarDep = Annotated[EmbeddedBarRegistry, Depends(bar_registry)]
RegistryDep = Annotated[EmbeddedRegistry, Depends(population_registry)]


@router.post("", status_code=201, response_model=ApplicationPublic)
def register_application(
    data: ApplicationCreate,
    session: SessionDep,
    cipher: CipherDep,
    bar: BarDep,
    refdata: RefDataDep,
    response: Response,
    caller: Officer,
) -> ApplicationPublic:
    """Arts. 6-8: register with materials -> accepted (allowed fields) or refused (reasons)."""
    application = service.register_application(
        session=session, cipher=cipher, bar=bar, refdata=refdata, data=data, caller=caller
    )
    response.headers["Location"] = f"/v1/applications/{application.id}"
    set_etag(response, application.version)
    return application_public(session, refdata, application)


def within_jurisdiction(codes: tuple[str, ...]) -> ColumnElement[bool]:
    """The SQL twin of ``Caller.covers``: the division itself, or the 2310xx divisions of an
    area code that ends in 00 (231000); never a prefix such as ``2310`` (issue 14 item 8)."""
    division = col(Application.station_division)
    conditions: list[ColumnElement[bool]] = [division.in_(list(codes))] if codes else []
    for code in codes:
        area = division_prefix(code)
        if len(code) == 6 and code.isdigit() and area != code:
            conditions.append(and_(division.startswith(area), func.length(division) == 6))
    return or_(false(), *conditions)


@router.get("", response_model=ApplicationsPublic)
def list_applications(
    session: SessionDep,
    refdata: RefDataDep,
    caller: Caller = VIEW,
    status: str | None = None,
    station_code: str | None = None,
    lawyer_certificate_no: str | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> ApplicationsPublic:
    """Applications and decisions (never registry data)."""
    statement = select(Application)
    if not caller.city_wide:
        statement = statement.where(within_jurisdiction(caller.jurisdiction))
    for column, value in (
        (Application.status, status),
        (Application.station_code, station_code),
        (Application.lawyer_certificate_no, lawyer_certificate_no),
    ):
        if value is not None:
            statement = statement.where(column == value)
    rows, next_cursor = paginate(
        session, statement, key=Application.id, key_of=lambda a: a.id, limit=limit, cursor=cursor
    )
    items = [application_public(session, refdata, a) for a in rows]
    return ApplicationsPublic(items=items, next_cursor=next_cursor)


@router.get("/{application_id}", response_model=ApplicationPublic)
def get_application(
    application_id: str,
    session: SessionDep,
    refdata: RefDataDep,
    response: Response,
    caller: Caller = VIEW,
) -> ApplicationPublic:
    application = service.load_for_caller(session, application_id, caller)
    set_etag(response, application.version)
    return application_public(session, refdata, application)


@router.post("/{application_id}/query", response_model=QueryResultPublic)
def query_registry(
    application_id: str,
    session: SessionDep,
    cipher: CipherDep,
    registry: RegistryDep,
    refdata: RefDataDep,
    caller: Officer,
) -> QueryResultPublic:
    """Art. 9: query once, now, for the accepted persons; only the allowed fields."""
    application, outcomes = results.run_query(
        session=session,
        cipher=cipher,
        registry=registry,
        refdata=refdata,
        application_id=application_id,
        caller=caller,
    )
    return QueryResultPublic(
        application_id=application.id,
        status=application.status,
        allowed_fields=list(refdata.scopes[application.scope].fields),
        persons=[PersonResultPublic(**o.__dict__) for o in outcomes],
    )


@router.post("/{application_id}/result.pdf", response_class=Response)
def print_result(
    application_id: str,
    session: WriteSessionDep,
    cipher: CipherDep,
    refdata: RefDataDep,
    caller: Officer,
    data: PrintIn | None = None,
) -> Response:
    """Annex 3, to stamp and hand over in person; every print is counted and audited.

    A POST: printing changes state (the count, the audit), so no cache or proxy may repeat it;
    a retry with the same Idempotency-Key gets the same copy back without counting again."""
    pdf = results.print_result(
        session=session,
        cipher=cipher,
        refdata=refdata,
        application_id=application_id,
        reason=data.reason if data else None,
        caller=caller,
    )
    return Response(pdf, media_type="application/pdf", headers=PDF_HEADERS)


@router.post("/{application_id}/refusal-notice.pdf", response_class=Response)
def print_refusal_notice(
    application_id: str, session: WriteSessionDep, refdata: RefDataDep, caller: Officer
) -> Response:
    """Annex 2: 不予受理告知书 with every reason found (each print audited, hence a POST)."""
    pdf = results.print_refusal_notice(
        session=session,
        bar=EmbeddedBarRegistry(session),
        refdata=refdata,
        application_id=application_id,
        caller=caller,
    )
    return Response(pdf, media_type="application/pdf", headers=PDF_HEADERS)


@router.post("/{application_id}/withdraw", response_model=ApplicationPublic)
def withdraw_application(
    application_id: str,
    data: WithdrawIn,
    session: SessionDep,
    refdata: RefDataDep,
    response: Response,
    caller: Officer,
) -> ApplicationPublic:
    application = service.withdraw_application(
        session=session, application_id=application_id, reason=data.reason, caller=caller
    )
    set_etag(response, application.version)
    return application_public(session, refdata, application)
