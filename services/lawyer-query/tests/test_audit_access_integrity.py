"""Issue 14 (lawyer-query): every row the supervisors' search and flags rely on is covered by
the chain verification, both ways; audit reads are scoped like the applications."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio
AUD = "lawyer-query"


async def answered(client: httpx.AsyncClient, officer: dict, body: dict) -> str:
    created = await client.post("/v1/applications", json=body, headers=officer)
    assert created.status_code == 201 and created.json()["status"] == "accepted", created.text
    app_id = created.json()["id"]
    assert (
        await client.post(f"/v1/applications/{app_id}/query", headers=officer)
    ).status_code == 200
    return app_id


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("DELETE FROM registry_access WHERE application_id = :app", "registry access row missing"),
        (
            "UPDATE registry_access SET lawyer_certificate_no = '12310199910000000' "
            "WHERE application_id = :app",
            "registry access row altered",
        ),
        (
            "INSERT INTO registry_access SELECT 'ra_forged', at, application_id, station_code,"
            " officer_id, client_id, lawyer_certificate_no, firm_id, position + 1, query_index,"
            " record_id, outcome, fields, audit_seq FROM registry_access"
            " WHERE application_id = :app",
            "registry access row not sealed by its entry",
        ),
    ],
    ids=["deleted", "altered", "inserted"],
)
async def test_access_rows_of_an_answered_application_are_verified_both_ways(
    app_and_client: tuple[FastAPI, httpx.AsyncClient],
    officer: dict,
    supervisor: dict,
    pick: Any,
    make_application: Any,
    tamper: str,
    problem: str,
) -> None:
    app, client = app_and_client
    app_id = await answered(client, officer, make_application([pick("registered", "mudanjiang")]))
    intact = (await client.get("/v1/audit/verify", headers=supervisor)).json()
    assert intact["ok"] is True
    with app.state.engine.begin() as conn:
        conn.execute(text(tamper), {"app": app_id})
    broken = (await client.get("/v1/audit/verify", headers=supervisor)).json()
    assert broken["ok"] is False and broken["problem"] == problem
    assert broken["first_bad_seq"] == 2  # the registry_query entry of that application


async def test_audit_is_scoped_by_station_division_and_whole_chain_is_city_level(
    client: httpx.AsyncClient,
    officer: dict,
    identity: TestIdentity,
    pick: Any,
    make_application: Any,
) -> None:
    app_id = await answered(client, officer, make_application([pick("registered", "mudanjiang")]))
    county = {"jurisdiction": ["231003"], "sub": "yangming-supervisor"}
    yangming = identity.headers(AUD, ["lawyer-query:supervise"], **county)
    dongan = identity.headers(AUD, ["lawyer-query:supervise"], jurisdiction=["231002"])
    query = {"entity_id": app_id}
    assert (await client.get("/v1/audit", params=query, headers=yangming)).json()["items"] == []
    own = (await client.get("/v1/audit", params=query, headers=dongan)).json()["items"]
    assert {e["division"] for e in own} == {"231002"} and len(own) == 2
    refused = await client.get("/v1/audit/verify", headers=dongan)
    assert refused.status_code == 403


async def test_access_search_is_scoped_by_station_and_flags_are_city_level(
    client: httpx.AsyncClient,
    officer: dict,
    supervisor: dict,
    identity: TestIdentity,
    pick: Any,
    make_application: Any,
) -> None:
    citizen = pick("registered", "mudanjiang", 5)
    app_id = await answered(client, officer, make_application([citizen]))
    yangming = identity.headers(AUD, ["lawyer-query:supervise"], jurisdiction=["231003"])
    dongan = identity.headers(AUD, ["lawyer-query:supervise"], jurisdiction=["231002"])
    search = {"application_id": app_id}
    by_person = {"id_number": citizen.id_number}
    for headers, expected in ((yangming, []), (dongan, [app_id]), (supervisor, [app_id])):
        found = await client.get("/v1/audit/accesses", params=search, headers=headers)
        assert [i["application_id"] for i in found.json()["items"]] == expected
        person = await client.post("/v1/audit/accesses/by-person", json=by_person, headers=headers)
        assert [i["application_id"] for i in person.json()["items"]] == expected
    assert (await client.get("/v1/audit/flags", headers=dongan)).status_code == 403
    assert (await client.get("/v1/audit/flags", headers=supervisor)).status_code == 200
