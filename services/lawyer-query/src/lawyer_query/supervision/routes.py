"""Supervision routes (lawyer-query:supervise): flags and registry-access search.

The audit chain itself (`GET /v1/audit`, `GET /v1/audit/verify`) comes from the kit.
"""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from lawyer_query.applications.models import RegistryAccess
from lawyer_query.deps import SUPERVISE, CipherDep, RefDataDep
from lawyer_query.refdata import RefData
from lawyer_query.supervision import service
from suitekit.audit_scope import ADMIN, ensure_whole_chain_reader
from suitekit.db import SessionDep
from suitekit.identity import Caller, RequireScope
from suitekit.inputs import IsoDateTime, JsonInt
from suitekit.pagination import CursorQuery, LimitQuery
from suitekit.timeutil import as_aware, utcnow

router = APIRouter(prefix="/v1/audit", tags=["supervision"])
SUPERVISOR = RequireScope(SUPERVISE)


class FlagPublic(BaseModel):
    kind: str
    subject: str
    count: int
    threshold: int
    window_hours: int
    description: str


class FlagsPublic(BaseModel):
    at: datetime
    items: list[FlagPublic]


class AccessPublic(BaseModel):
    id: str
    at: datetime
    application_id: str
    station_code: str
    officer_id: str
    client_id: str
    lawyer_certificate_no: str
    firm_id: str | None
    position: int
    record_id: str | None
    outcome: str
    fields: list[str]
    audit_seq: int

    @classmethod
    def of(cls, row: RegistryAccess) -> AccessPublic:
        data = row.model_dump(exclude={"query_index"})
        return cls(**{**data, "at": as_aware(row.at), "fields": json.loads(row.fields)})


class AccessesPublic(BaseModel):
    items: list[AccessPublic]
    next_cursor: str | None = None


class PersonSearch(BaseModel):
    """The ID number travels in the body, never in a URL (URLs end up in logs)."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(min_length=15, max_length=18)
    limit: JsonInt = Field(default=50, ge=1, le=500)
    cursor: str | None = Field(default=None, max_length=512)


def overseen_stations(caller: Caller, refdata: RefData) -> list[str] | None:
    """Issue 14: a supervisor sees the accesses of the stations in its divisions; None for a
    city-level supervisor (all stations)."""
    if caller.city_wide:
        return None
    return [code for code, station in refdata.stations.items() if caller.covers(station.division)]


@router.get("/flags", response_model=FlagsPublic)
def list_flags(
    session: SessionDep, refdata: RefDataDep, caller: Caller = SUPERVISOR
) -> FlagsPublic:
    """Unusual patterns now: many queries by one lawyer or firm, many refusals, one person
    queried by many lawyers (thresholds: refdata/flags.json). City-wide patterns: city-level
    supervisors only."""
    ensure_whole_chain_reader(caller, [SUPERVISE, ADMIN])
    now = utcnow()
    flags = service.current_flags(session=session, refdata=refdata, now=now)
    return FlagsPublic(at=now, items=[FlagPublic(**f.__dict__) for f in flags])


@router.get("/accesses", response_model=AccessesPublic)
def search_accesses(
    session: SessionDep,
    refdata: RefDataDep,
    caller: Caller = SUPERVISOR,
    application_id: str | None = None,
    station_code: str | None = None,
    officer_id: str | None = None,
    lawyer_certificate_no: str | None = None,
    firm_id: str | None = None,
    record_id: str | None = None,
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> AccessesPublic:
    """Every registry access, with station, officer, lawyer, application, person and fields."""
    filters = {
        "application_id": application_id,
        "station_code": station_code,
        "officer_id": officer_id,
        "lawyer_certificate_no": lawyer_certificate_no,
        "firm_id": firm_id,
        "record_id": record_id,
    }
    rows, next_cursor = service.search_accesses(
        session=session,
        filters=filters,
        person=None,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
        stations=overseen_stations(caller, refdata),
    )
    return AccessesPublic(items=[AccessPublic.of(r) for r in rows], next_cursor=next_cursor)


@router.post("/accesses/by-person", response_model=AccessesPublic)
def search_accesses_by_person(
    data: PersonSearch,
    session: SessionDep,
    cipher: CipherDep,
    refdata: RefDataDep,
    caller: Caller = SUPERVISOR,
) -> AccessesPublic:
    """Who asked for this citizen's data (by the blind index of the ID number)."""
    rows, next_cursor = service.search_accesses(
        session=session,
        filters={},
        person=service.person_key(session, cipher, data.id_number),
        since=None,
        until=None,
        limit=data.limit,
        cursor=data.cursor,
        stations=overseen_stations(caller, refdata),
    )
    return AccessesPublic(items=[AccessPublic.of(r) for r in rows], next_cursor=next_cursor)
