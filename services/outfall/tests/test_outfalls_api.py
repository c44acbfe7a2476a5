"""Registration, reads, scoping and the kit's mechanics, through HTTP on a real database."""

import asyncio
import json

import httpx
import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio

VALID = {
    "survey_level": 1,
    "survey_method": "drone_remote_sensing",
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "东安区某厂",
    "jurisdiction_code": "231002",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.63,
    "latitude": 44.55,
    "category": "industrial",
}


async def test_register_then_get_and_list(client: httpx.AsyncClient, city: dict) -> None:
    created = await client.post("/v1/outfalls", json=VALID, headers=city)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "discovered"
    assert body["code"] == "MDJ01231002GY0001"
    assert body["name"] == "牡丹江东安区某厂工业排污口"
    fetched = await client.get(f"/v1/outfalls/{body['id']}", headers=city)
    assert fetched.json()["code"] == body["code"]
    assert fetched.headers["etag"] == '"1"'
    listed = await client.get("/v1/outfalls", headers=city)
    assert [o["id"] for o in listed.json()["items"]] == [body["id"]]


async def test_bad_input_is_problem_json_and_writes_nothing(
    client: httpx.AsyncClient, city: dict, supervisor: dict
) -> None:
    bad = {**VALID, "latitude": 95, "category": "volcanic"}
    response = await client.post("/v1/outfalls", json=bad, headers=city)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"body.latitude", "body.category"} <= fields
    assert (await client.get("/v1/outfalls", headers=city)).json()["items"] == []
    audit = await client.get("/v1/audit", headers=supervisor)
    assert audit.json()["items"] == []


async def test_unknown_jurisdiction_is_422(client: httpx.AsyncClient, city: dict) -> None:
    response = await client.post(
        "/v1/outfalls", json={**VALID, "jurisdiction_code": "999999"}, headers=city
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_jurisdiction"


async def test_without_gateway_identity_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/outfalls")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_token_for_another_service_is_401(
    client: httpx.AsyncClient, identity: TestIdentity
) -> None:
    headers = identity.headers("labs", ["outfall:read"])
    assert (await client.get("/v1/outfalls", headers=headers)).status_code == 401


async def test_token_signed_by_another_key_is_401(client: httpx.AsyncClient) -> None:
    stranger = TestIdentity()
    stranger.kid = "other"
    headers = stranger.headers("outfall", ["outfall:read"])
    assert (await client.get("/v1/outfalls", headers=headers)).status_code == 401


async def test_missing_scope_is_403(client: httpx.AsyncClient, identity: TestIdentity) -> None:
    headers = identity.headers("outfall", ["outfall:read"])
    response = await client.post("/v1/outfalls", json=VALID, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


async def test_county_client_cannot_see_other_county(
    client: httpx.AsyncClient, city: dict, dongan: dict
) -> None:
    other = (
        await client.post(
            "/v1/outfalls", json={**VALID, "jurisdiction_code": "231083"}, headers=city
        )
    ).json()
    own = (await client.post("/v1/outfalls", json=VALID, headers=city)).json()
    assert (await client.get(f"/v1/outfalls/{other['id']}", headers=dongan)).status_code == 404
    assert (await client.get(f"/v1/outfalls/{own['id']}", headers=dongan)).status_code == 200
    listed = (await client.get("/v1/outfalls", headers=dongan)).json()["items"]
    assert [o["id"] for o in listed] == [own["id"]]
    refused = await client.post(
        "/v1/outfalls", json={**VALID, "jurisdiction_code": "231083"}, headers=dongan
    )
    assert refused.status_code == 403


async def test_idempotency_key_replays_and_refuses_other_body(
    client: httpx.AsyncClient, city: dict
) -> None:
    headers = {**city, "Idempotency-Key": "k-1"}
    first = await client.post("/v1/outfalls", json=VALID, headers=headers)
    again = await client.post("/v1/outfalls", json=VALID, headers=headers)
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = await client.post("/v1/outfalls", json={**VALID, "remarks": "x"}, headers=headers)
    assert other.status_code == 409
    assert len((await client.get("/v1/outfalls", headers=city)).json()["items"]) == 1


async def test_concurrent_same_idempotency_key_creates_one(
    client: httpx.AsyncClient, city: dict
) -> None:
    headers = {**city, "Idempotency-Key": "burst"}
    responses = await asyncio.gather(
        *[client.post("/v1/outfalls", json=VALID, headers=headers) for _ in range(8)]
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert len((await client.get("/v1/outfalls", headers=city)).json()["items"]) == 1


async def test_pagination_walks_every_item_once(client: httpx.AsyncClient, city: dict) -> None:
    for _ in range(5):
        await client.post("/v1/outfalls", json=VALID, headers=city)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/outfalls", params=params, headers=city)).json()
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    bad = await client.get("/v1/outfalls", params={"cursor": "!!"}, headers=city)
    assert bad.status_code == 422


async def test_audit_chain_records_and_verifies(
    client: httpx.AsyncClient, city: dict, supervisor: dict
) -> None:
    assert (await client.get("/v1/audit", headers=city)).status_code == 403
    await client.post("/v1/outfalls", json=VALID, headers=city)
    await client.post("/v1/outfalls", json=VALID, headers=city)
    entries = (await client.get("/v1/audit", headers=supervisor)).json()["items"]
    assert [e["action"] for e in entries] == ["register", "register"]
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    assert entries[0]["actor"] == "city-ecology"
    verdict = (await client.get("/v1/audit/verify", headers=supervisor)).json()
    assert verdict == {"ok": True, "entries": 2, "first_bad_seq": None, "problem": None}


async def test_health_ready_metrics(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    metrics = await client.get("/metrics")
    assert "suite_http_requests_total" in metrics.text


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32


async def test_nul_character_never_gives_500(
    client: httpx.AsyncClient, city: dict, database_url: str
) -> None:
    response = await client.post(
        "/v1/outfalls", json={**VALID, "location_name": "东安\x00区"}, headers=city
    )
    stored = (await client.get("/v1/outfalls", headers=city)).json()["items"]
    if database_url.startswith("postgresql"):  # Postgres text cannot hold NUL: 422, nothing kept
        assert (response.status_code, response.json()["code"], stored) == (
            422,
            "unstorable_value",
            [],
        )
    else:  # SQLite keeps the value as sent
        assert response.status_code == 201 and len(stored) == 1


@pytest.mark.parametrize(
    "token", ["9" * 400, "NaN", "Infinity", "-1e400"], ids=["400-digits", "nan", "inf", "-1e400"]
)
async def test_overflowing_or_non_finite_coordinate_is_422_not_500(
    client: httpx.AsyncClient, city: dict, token: str
) -> None:
    """A 400-digit integer longitude raised OverflowError in the kit's JsonNumber (a 500);
    python's json.loads also reads NaN / Infinity / 1e400, which JSON does not have."""
    body = json.dumps({**VALID, "longitude": "LON"}).replace('"LON"', token)
    response = await client.post(
        "/v1/outfalls", content=body, headers=city | {"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["body.longitude"]
    assert (await client.get("/v1/outfalls", headers=city)).json()["items"] == []
