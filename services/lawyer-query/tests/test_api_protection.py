"""Data protection first (art. 1): scopes, officer id, jurisdiction, encryption at rest,
masking in logs/errors/metrics, no way out but the print, tamper-evident audit, flags."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import MetaData, text

pytestmark = pytest.mark.anyio


async def accepted_and_answered(
    client: httpx.AsyncClient, officer: dict, body: dict, **headers: str
) -> str:
    created = await client.post("/v1/applications", json=body, headers=officer)
    assert created.status_code == 201 and created.json()["status"] == "accepted", created.text
    app_id = created.json()["id"]
    answer = await client.post(f"/v1/applications/{app_id}/query", headers={**officer, **headers})
    assert answer.status_code == 200
    return app_id


async def test_read_client_never_sees_registry_data(
    client: httpx.AsyncClient, officer: dict, reader: dict, pick: Any, make_application: Any
) -> None:
    citizen = pick("registered", "mudanjiang")
    app_id = await accepted_and_answered(client, officer, make_application([citizen]))
    seen = await client.get(f"/v1/applications/{app_id}", headers=reader)
    assert seen.status_code == 200
    listed = await client.get("/v1/applications", headers=reader)
    for body in (seen.text, listed.text):
        assert citizen.name not in body and citizen.id_number not in body
        assert citizen.registered_address not in body
    for method, path in (
        ("POST", f"/v1/applications/{app_id}/query"),
        ("POST", f"/v1/applications/{app_id}/result.pdf"),
        ("GET", "/v1/audit"),
        ("GET", "/v1/audit/accesses"),
        ("GET", "/v1/audit/flags"),
    ):
        response = await client.request(method, path, headers=reader)
        assert response.status_code == 403, path


async def test_officer_id_is_required_and_nothing_is_written(
    client: httpx.AsyncClient, officer: dict, supervisor: dict, pick: Any, make_application: Any
) -> None:
    no_officer = {k: v for k, v in officer.items() if k != "X-Officer-Id"}
    body = make_application([pick("registered", "mudanjiang")])
    response = await client.post("/v1/applications", json=body, headers=no_officer)
    assert response.status_code == 422
    assert response.json()["code"] == "officer_id_required"
    assert (await client.get("/v1/audit", headers=supervisor)).json()["items"] == []


async def test_other_district_station_cannot_see_or_register_here(
    client: httpx.AsyncClient, officer: dict, identity: Any, pick: Any, make_application: Any
) -> None:
    yangming = identity.headers(
        "lawyer-query", ["lawyer-query:process"], jurisdiction=["231003"], sub="yangming"
    )
    yangming["X-Officer-Id"] = "officer-0002"
    body = make_application([pick("registered", "mudanjiang")])
    created = (await client.post("/v1/applications", json=body, headers=officer)).json()
    hidden = await client.get(f"/v1/applications/{created['id']}", headers=yangming)
    assert hidden.status_code == 404
    foreign = await client.post("/v1/applications", json=body, headers=yangming)
    assert foreign.status_code == 403
    assert (await client.get("/v1/applications", headers=yangming)).json()["items"] == []
    city = identity.headers("lawyer-query", ["lawyer-query:read"], jurisdiction=["231000"])
    listed = (await client.get("/v1/applications", headers=city)).json()["items"]
    assert [a["id"] for a in listed] == [created["id"]]


async def test_bad_input_is_problem_json_and_writes_nothing(
    client: httpx.AsyncClient, officer: dict, supervisor: dict, pick: Any, make_application: Any
) -> None:
    body = make_application([pick("registered", "mudanjiang")])
    body["materials"][0]["sha256"] = "not-a-hash"
    body["scope"] = "moon"
    response = await client.post("/v1/applications", json=body, headers=officer)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"body.scope", "body.materials.0.sha256"} <= fields
    unknown = await client.post(
        "/v1/applications",
        json={**body, "scope": "mudanjiang", "materials": [], "station_code": "000000-X"},
        headers=officer,
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "invalid_input"
    assert (await client.get("/v1/applications", headers=officer)).json()["items"] == []
    assert (await client.get("/v1/audit", headers=supervisor)).json()["items"] == []


@pytest.mark.parametrize("size_bytes", [2**31, 73301111318430, 55573714276454083705438208])
async def test_material_size_beyond_the_column_is_a_422_not_a_500(
    client: httpx.AsyncClient,
    officer: dict,
    supervisor: dict,
    pick: Any,
    make_application: Any,
    size_bytes: int,
) -> None:
    """Reliability fuzz case rWok0T: a size beyond the INTEGER column was a 500 (Postgres:
    out of range; SQLite: beyond 64 bits). The contract now says 0..2**31-1."""
    body = make_application([pick("registered", "mudanjiang")])
    body["materials"][0]["size_bytes"] = size_bytes
    response = await client.post("/v1/applications", json=body, headers=officer)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body.materials.0.size_bytes"]
    assert (await client.get("/v1/applications", headers=officer)).json()["items"] == []
    assert (await client.get("/v1/audit", headers=supervisor)).json()["items"] == []


async def test_material_size_up_to_the_column_maximum_is_stored(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    body = make_application([pick("registered", "mudanjiang")])
    body["materials"][0]["size_bytes"] = 2**31 - 1
    response = await client.post("/v1/applications", json=body, headers=officer)
    assert response.status_code == 201, response.text
    sizes = {m["kind"]: m["size_bytes"] for m in response.json()["materials"]}
    assert sizes["application_form"] == 2**31 - 1


def all_rows_text(app: FastAPI) -> str:
    """Every stored value of every table, as text (bytes decoded leniently)."""
    metadata = MetaData()
    chunks: list[str] = []
    with app.state.engine.connect() as conn:
        metadata.reflect(conn)
        for table in metadata.sorted_tables:
            for row in conn.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


async def test_personal_data_is_encrypted_at_rest_everywhere(
    app_and_client: tuple[FastAPI, httpx.AsyncClient],
    officer: dict,
    pick: Any,
    make_application: Any,
) -> None:
    app, client = app_and_client
    citizen = pick("registered", "mudanjiang", 2)
    app_id = await accepted_and_answered(
        client, officer, make_application([citizen]), **{"Idempotency-Key": "q-1"}
    )
    await client.post(f"/v1/applications/{app_id}/result.pdf", headers=officer)
    stored = all_rows_text(app)
    for secret in (citizen.name, citizen.id_number, citizen.registered_address, "民间借贷"):
        assert secret not in stored


async def test_no_name_or_id_number_in_logs_errors_or_metrics(
    client: httpx.AsyncClient,
    officer: dict,
    supervisor: dict,
    caplog: pytest.LogCaptureFixture,
    pick: Any,
    make_application: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    citizen = pick("registered", "province")
    bad_id = citizen.id_number[:17] + ("0" if citizen.id_number[17] != "0" else "1")
    refused = make_application([citizen], scope="province")
    refused["persons"][0]["id_number"] = bad_id
    refused_body = (await client.post("/v1/applications", json=refused, headers=officer)).text
    invalid = make_application([citizen], scope="province")
    invalid["persons"][0]["id_number"] = citizen.id_number + "1" * 20
    error_body = (await client.post("/v1/applications", json=invalid, headers=officer)).text
    await accepted_and_answered(client, officer, make_application([citizen], scope="province"))
    flags = (await client.get("/v1/audit/flags", headers=supervisor)).text
    audit = (await client.get("/v1/audit", headers=supervisor)).text
    metrics = (await client.get("/metrics")).text
    logging.getLogger("lawyer_query.probe").warning("probe %s", citizen.id_number)
    exposed = "\n".join([caplog.text, refused_body, error_body, flags, audit, metrics])
    assert "probe" in caplog.text  # the capture works
    for secret in (citizen.name, citizen.id_number, bad_id, citizen.registered_address):
        assert secret not in exposed


async def test_no_route_sends_exports_lists_or_deletes_registry_data_art9_art10(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()["paths"]
    paths = set(spec)
    methods = {method for operations in spec.values() for method in operations}
    assert methods == {"get", "post"}  # art. 10: nothing is edited or deleted
    assert {p for p in paths if p.startswith("/v1/")} == {
        "/v1/applications",
        "/v1/applications/{application_id}",
        "/v1/applications/{application_id}/query",
        "/v1/applications/{application_id}/result.pdf",
        "/v1/applications/{application_id}/refusal-notice.pdf",
        "/v1/applications/{application_id}/withdraw",
        "/v1/audit",
        "/v1/audit/verify",
        "/v1/audit/flags",
        "/v1/audit/accesses",
        "/v1/audit/accesses/by-person",
        # the chain itself for an inspector (city-level only): entries carry record ids and
        # field codes, never registry values, exactly as GET /v1/audit pages them
        "/v1/audit/export",
        "/v1/audit/checkpoints",
    }


async def test_tampering_with_one_audit_entry_is_detected(
    app_and_client: tuple[FastAPI, httpx.AsyncClient],
    officer: dict,
    supervisor: dict,
    pick: Any,
    make_application: Any,
) -> None:
    app, client = app_and_client
    await accepted_and_answered(
        client, officer, make_application([pick("registered", "mudanjiang")])
    )
    await accepted_and_answered(
        client, officer, make_application([pick("floating", "mudanjiang")], scope="floating")
    )
    intact = (await client.get("/v1/audit/verify", headers=supervisor)).json()
    assert intact == {"ok": True, "entries": 4, "first_bad_seq": None, "problem": None}
    with app.state.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET officer_id = 'someone-else' WHERE seq = 2"))
    broken = (await client.get("/v1/audit/verify", headers=supervisor)).json()
    assert broken["ok"] is False and broken["first_bad_seq"] == 2


async def test_accesses_are_searchable_by_officer_and_by_person(
    client: httpx.AsyncClient, officer: dict, supervisor: dict, pick: Any, make_application: Any
) -> None:
    citizen = pick("registered", "mudanjiang", 3)
    app_id = await accepted_and_answered(
        client, officer, make_application([citizen], with_id=False)
    )
    by_officer = await client.get(
        "/v1/audit/accesses", params={"officer_id": "officer-0001"}, headers=supervisor
    )
    items = by_officer.json()["items"]
    assert [i["application_id"] for i in items] == [app_id]
    assert items[0]["outcome"] == "found" and len(items[0]["fields"]) == 10
    assert items[0]["station_code"] == "231002-PS01" and items[0]["audit_seq"] == 2
    by_person = await client.post(
        "/v1/audit/accesses/by-person", json={"id_number": citizen.id_number}, headers=supervisor
    )
    assert [i["application_id"] for i in by_person.json()["items"]] == [app_id]
    nobody = await client.post(
        "/v1/audit/accesses/by-person",
        json={"id_number": pick("registered", "mudanjiang", 4).id_number},
        headers=supervisor,
    )
    assert nobody.json()["items"] == []


async def test_many_queries_by_one_lawyer_and_many_refusals_are_flagged(
    client: httpx.AsyncClient, officer: dict, supervisor: dict, pick: Any, make_application: Any
) -> None:
    eleven = [pick("registered", "mudanjiang", n) for n in range(11)]  # max 10 per 24 h
    await accepted_and_answered(client, officer, make_application(eleven))
    for _ in range(4):  # max 3 refusals per 7 days
        refused = make_application(
            eleven[:1], lawyer="12310201910000002", scope="province", matter_type="non_litigation"
        )
        await client.post("/v1/applications", json=refused, headers=officer)
    flags = (await client.get("/v1/audit/flags", headers=supervisor)).json()["items"]
    found = {(f["kind"], f["subject"], f["count"]) for f in flags}
    assert found == {
        ("lawyer_queries", "12310201810000001", 11),
        ("lawyer_refusals", "12310201910000002", 4),
    }


async def test_same_idempotency_key_replays_the_registration(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    body = make_application([pick("registered", "mudanjiang")])
    headers = {**officer, "Idempotency-Key": "reg-1"}
    first = await client.post("/v1/applications", json=body, headers=headers)
    second = await client.post("/v1/applications", json=body, headers=headers)
    assert first.json()["id"] == second.json()["id"]
    listed = (await client.get("/v1/applications", headers=officer)).json()["items"]
    assert len(listed) == 1
