"""Registration details: codes under concurrency, attachments, updates with If-Match."""

import asyncio

import httpx
import pytest
from outfall_helpers import REGISTER, register

from outfall.app import MIGRATIONS_DIR
from suitekit.migrations import downgrade_to, upgrade_to_head

pytestmark = pytest.mark.anyio


async def test_concurrent_registrations_get_distinct_consecutive_codes_hj1235(
    client: httpx.AsyncClient, city: dict
) -> None:
    responses = await asyncio.gather(
        *[client.post("/v1/outfalls", json=REGISTER, headers=city) for _ in range(8)]
    )
    assert {r.status_code for r in responses} == {201}
    codes = sorted(r.json()["code"] for r in responses)
    assert codes == [f"MDJ01231002GY{n:04d}" for n in range(1, 9)]


async def test_code_never_changes_nor_is_reused(client: httpx.AsyncClient, city: dict) -> None:
    first = await register(client, city, category=None)
    assert first["code"] == "MDJ01231002XX0001" and first["name"] == "牡丹江东安区某厂排污口"
    patched = await client.patch(
        f"/v1/outfalls/{first['id']}",
        json={"category": "other", "subtype": "urban_storm"},
        headers={**city, "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["code"] == first["code"]
    assert patched.json()["lead_bureau"] == "housing"
    second = await register(client, city, category=None)
    assert second["code"] == "MDJ01231002XX0002"


async def test_update_needs_current_etag_and_is_audited(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    url = f"/v1/outfalls/{outfall['id']}"
    missing = await client.patch(url, json={"remarks": "x"}, headers=city)
    assert missing.status_code == 428
    ok = await client.patch(url, json={"remarks": "x"}, headers={**city, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"remarks": "y"}, headers={**city, "If-Match": '"1"'})
    assert stale.status_code == 412
    status_edit = await client.patch(
        url, json={"status": "standardized"}, headers={**city, "If-Match": '"2"'}
    )
    assert status_edit.status_code == 422  # state changes only through actions
    history = (await client.get(f"{url}/history", headers=city)).json()["items"]
    assert [h["action"] for h in history] == ["register", "update"]


async def test_attachments_are_metadata_and_bad_hash_is_refused(
    client: httpx.AsyncClient, city: dict
) -> None:
    photo = {"file_name": "drone.jpg", "sha256": "C" * 64, "taken_at": "2022-06-18T09:00:00Z"}
    outfall = await register(client, city, attachments=[photo])
    (stored,) = outfall["attachments"]
    assert stored["sha256"] == "c" * 64 and stored["file_name"] == "drone.jpg"
    bad = await client.post(
        "/v1/outfalls", json={**REGISTER, "attachments": [{**photo, "sha256": "xyz"}]}, headers=city
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.attachments.0.sha256"


async def test_level_method_mismatch_and_bad_water_code_are_422(
    client: httpx.AsyncClient, city: dict
) -> None:
    wrong = await client.post(
        "/v1/outfalls", json={**REGISTER, "survey_method": "robot", "survey_level": 2}, headers=city
    )
    assert wrong.json()["code"] == "invalid_survey_method"
    code = await client.post(
        "/v1/outfalls", json={**REGISTER, "water_body_code": "mdj-1"}, headers=city
    )
    assert code.status_code == 422 and code.json()["code"] == "invalid_water_body_code"
    assert (await client.get("/v1/outfalls", headers=city)).json()["items"] == []


def test_migrations_go_down_and_up_again(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    downgrade_to(MIGRATIONS_DIR, database_url, "base")
    upgrade_to_head(MIGRATIONS_DIR, database_url)
