"""Service tests through HTTP on a real database (SQLite file and Postgres), with the real
migrations, a real key, the demo bar registry and a small synthetic registry."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from lawyer_query.app import create_app
from lawyer_query.crypto import new_master_key
from lawyer_query.demo import seed_bar_registry
from lawyer_query.registry.store import store_people
from lawyer_query.registry.synthetic import SyntheticPerson, generate_people
from lawyer_query.settings import Settings
from suitekit.db import open_write_session
from suitekit.testing import TestIdentity, service_client

AUD = "lawyer-query"
PEOPLE = list(generate_people(40, seed=11))
VALID_LAWYER = "12310201810000001"  # 牡丹江 firm, valid (lawyer_query.demo)


def person(kind: str, region: str, nth: int = 0) -> SyntheticPerson:
    return [p for p in PEOPLE if p.kind == kind and p.region == region][nth]


def seed(app: FastAPI, people: list[SyntheticPerson]) -> None:
    session = open_write_session(app.state.engine)
    try:
        seed_bar_registry(session)
        store_people(session, app.state.cipher, people)
        session.commit()
    finally:
        session.close()


@pytest.fixture
def settings(database_url: str, identity: TestIdentity) -> Settings:
    return Settings(
        database_url=database_url, identity_jwks=identity.jwks_json, registry_key=new_master_key()
    )


@pytest.fixture
async def app_and_client(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings)
    async with service_client(app) as http:
        seed(app, PEOPLE)
        yield app, http


@pytest.fixture
def client(app_and_client: tuple[FastAPI, httpx.AsyncClient]) -> httpx.AsyncClient:
    return app_and_client[1]


@pytest.fixture
def officer(identity: TestIdentity) -> dict[str, str]:
    headers = identity.headers(AUD, ["lawyer-query:process"], jurisdiction=["231002"], sub="dongan")
    return {**headers, "X-Officer-Id": "officer-0001"}


@pytest.fixture
def supervisor(identity: TestIdentity) -> dict[str, str]:
    return identity.headers(AUD, ["lawyer-query:supervise"], sub="huzheng-zhidui")


@pytest.fixture
def reader(identity: TestIdentity) -> dict[str, str]:
    return identity.headers(AUD, ["lawyer-query:read"], sub="reader")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def materials(names: list[str], **letter: Any) -> list[dict[str, Any]]:
    letter_fields = {"sealed": True, "states_purpose": True, "named_persons": names, **letter}
    return [
        {"kind": "application_form", "sha256": sha("form")},
        {"kind": "introduction_letter", "sha256": sha("letter"), **letter_fields},
        {"kind": "power_of_attorney", "sha256": sha("poa")},
        {"kind": "practising_certificate", "sha256": sha("cert")},
        {"kind": "practising_certificate_copy", "sha256": sha("copy"), "filename": "copy.pdf"},
    ]


def application(
    people: list[SyntheticPerson],
    *,
    scope: str = "mudanjiang",
    matter_type: str = "litigation",
    lawyer: str = VALID_LAWYER,
    with_id: bool = True,
    **overrides: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "station_code": "231002-PS01",
        "lawyer_certificate_no": lawyer,
        "matter_type": matter_type,
        "scope": scope,
        "purpose": "演示民间借贷纠纷案",
        "materials": materials([p.name for p in people]),
        "persons": [
            {"name": p.name, "id_number": p.id_number if with_id else None} for p in people
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def pick() -> Any:
    """pick(kind, region, nth=0): a synthetic person of the test registry."""
    return person


@pytest.fixture
def make_application() -> Any:
    """make_application(people, scope=..., matter_type=..., lawyer=..., **overrides)."""
    return application


@pytest.fixture
def seed_people() -> Any:
    """seed_people(app, people): add synthetic people to the test registry."""

    def add(app: FastAPI, people: list[SyntheticPerson]) -> None:
        session = open_write_session(app.state.engine)
        try:
            store_people(session, app.state.cipher, people)
            session.commit()
        finally:
            session.close()

    return add
