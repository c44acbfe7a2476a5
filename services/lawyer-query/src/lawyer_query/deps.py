"""Typed dependencies of the routes: officer identity, cipher, registries, write sessions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from lawyer_query.bar.registry import EmbeddedBarRegistry
from lawyer_query.crypto import FieldCipher
from lawyer_query.refdata import RefData, load_refdata
from lawyer_query.registry.store import EmbeddedRegistry
from suitekit.db import SessionDep, open_write_session
from suitekit.errors import InvalidInput
from suitekit.identity import Caller, RequireScope

PROCESS = "lawyer-query:process"
SUPERVISE = "lawyer-query:supervise"
READ = "lawyer-query:read"
OFFICER_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def require_officer(caller: Caller = RequireScope(PROCESS)) -> Caller:
    """Spec: the acting officer's id (X-Officer-Id) is required on every processing call."""
    if not caller.officer_id or not OFFICER_ID.match(caller.officer_id):
        raise InvalidInput(
            "X-Officer-Id with the acting officer's id is required",
            code="officer_id_required",
            errors=[
                {"field": "header.x-officer-id", "message": "required, 1-64 of [A-Za-z0-9_.-]"}
            ],
        )
    return caller


def get_cipher(request: Request) -> FieldCipher:
    return request.app.state.cipher


def get_write_session(request: Request) -> Iterator[Session]:
    """For the GET routes that print: a print is counted and audited, so it writes."""
    session = open_write_session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()


Officer = Annotated[Caller, Depends(require_officer)]
CipherDep = Annotated[FieldCipher, Depends(get_cipher)]
RefDataDep = Annotated[RefData, Depends(load_refdata)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]


def population_registry(session: SessionDep, cipher: CipherDep) -> EmbeddedRegistry:
    return EmbeddedRegistry(session, cipher)


def bar_registry(session: SessionDep) -> EmbeddedBarRegistry:
    return EmbeddedBarRegistry(session)
