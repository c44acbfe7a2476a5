"""Rapid tests, batches, lab tasks and the enforcement flag through HTTP (§五(一)2)."""

import asyncio

import httpx
import pytest
from outfall_helpers import NORMAL_TEST, act, register

pytestmark = pytest.mark.anyio


async def test_cod_at_100_is_normal_above_is_abnormal_with_lab_task_s5_1_2(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    at_limit = await act(
        client, city, oid, "rapid-tests", {**NORMAL_TEST, "cod_mg_l": 100}, expected=201
    )
    assert at_limit["abnormal"] is False and at_limit["lab_task_id"] is None
    above = await act(
        client,
        city,
        oid,
        "rapid-tests",
        {**NORMAL_TEST, "cod_mg_l": 100.01, "ph": 5.99},
        expected=201,
    )
    assert above["abnormal"] is True
    assert {(e["parameter"], e["limit"]) for e in above["exceedances"]} == {
        ("cod_mg_l", "100"),
        ("ph", "6"),
    }
    task = (await client.get(f"/v1/lab-tasks/{above['lab_task_id']}", headers=city)).json()
    assert task["status"] == "open" and task["method_standard"] == "HJ 91.1-2019"
    outfall = (await client.get(f"/v1/outfalls/{oid}", headers=city)).json()
    assert outfall["latest_abnormal"] is True and outfall["open_lab_tasks"] == 1
    assert outfall["tests_count"] == 2
    listed = (await client.get("/v1/outfalls", params={"abnormal": True}, headers=city)).json()
    assert [o["id"] for o in listed["items"]] == [oid]


async def test_impossible_values_are_422_and_write_nothing_s5_1_2(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    for bad in ({"ph": 14.5}, {"cod_mg_l": -1}, {"flow_method": "guess"}):
        body = await act(client, city, oid, "rapid-tests", {**NORMAL_TEST, **bad}, expected=422)
        assert body["errors"][0]["field"] == f"body.{next(iter(bad))}"
    tests = (await client.get(f"/v1/outfalls/{oid}/tests", headers=city)).json()
    assert tests["items"] == []


async def test_lab_result_completes_task_once_and_uses_same_limits_s5_1_2(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    rapid = await act(
        client, city, oid, "rapid-tests", {**NORMAL_TEST, "abnormal_odor": True}, expected=201
    )
    assert rapid["observations"] == ["abnormal_odor"] and rapid["lab_task_id"]
    url = f"/v1/lab-tasks/{rapid['lab_task_id']}/results"
    result = {
        "nh3n_mg_l": 10.01,
        "tp_mg_l": 1,
        "sampled_at": "2022-06-22T09:00:00+08:00",
        "laboratory": "牡丹江市环境监测中心站",
        "report_no": "R-1",
    }
    body = (await client.post(url, json=result, headers=city)).json()
    assert body["kind"] == "lab" and body["abnormal"] is True
    assert [e["parameter"] for e in body["exceedances"]] == ["nh3n_mg_l"]
    again = await client.post(url, json=result, headers=city)
    assert again.status_code == 409 and again.json()["code"] == "lab_task_closed"
    outfall = (await client.get(f"/v1/outfalls/{oid}", headers=city)).json()
    assert outfall["open_lab_tasks"] == 0 and outfall["tests_count"] == 2


async def test_batch_is_all_or_nothing_with_row_errors(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    rows = [
        {**NORMAL_TEST, "outfall_id": oid},
        {**NORMAL_TEST, "outfall_id": oid, "ph": -1},
        {**NORMAL_TEST, "outfall_id": "of_nowhere"},
    ]
    response = await client.post("/v1/rapid-tests/batch", json={"items": rows}, headers=city)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "tests_refused" and body["refused_rows"] == 2
    assert {e["field"] for e in body["errors"]} == {"body.items.1.ph", "body.items.2.outfall_id"}
    assert (await client.get(f"/v1/outfalls/{oid}/tests", headers=city)).json()["items"] == []
    ok = await client.post("/v1/rapid-tests/batch", json={"items": rows[:1] * 3}, headers=city)
    assert ok.status_code == 201 and ok.json()["accepted"] == 3


async def test_batch_takes_10000_rows_and_refuses_10001(
    client: httpx.AsyncClient, city: dict
) -> None:
    first = (await register(client, city))["id"]
    second = (await register(client, city))["id"]
    row = {**NORMAL_TEST, "outfall_id": first}
    rows = [row] * 9_999 + [{**NORMAL_TEST, "outfall_id": second, "tp_mg_l": 2}]
    too_many = await client.post(
        "/v1/rapid-tests/batch", json={"items": [*rows, row]}, headers=city
    )
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "body.items"
    accepted = await client.post("/v1/rapid-tests/batch", json={"items": rows}, headers=city)
    assert accepted.status_code == 201, accepted.text
    body = accepted.json()
    assert (body["accepted"], body["abnormal"], body["lab_tasks_created"]) == (10_000, 1, 1)
    assert [(r["outfall_id"], r["abnormal"]) for r in body["abnormal_items"]] == [(second, True)]
    counts = [
        (await client.get(f"/v1/outfalls/{o}", headers=city)).json()["tests_count"]
        for o in (first, second)
    ]
    assert counts == [9_999, 1]


async def test_two_of_six_tests_40pct_above_flag_for_enforcement(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    first = await act(
        client, city, oid, "rapid-tests", {**NORMAL_TEST, "cod_mg_l": 140}, expected=201
    )
    assert first["enforcement_flag"] is False
    later = {**NORMAL_TEST, "cod_mg_l": 140, "sampled_at": "2022-06-22T09:00:00+08:00"}
    second = await act(client, city, oid, "rapid-tests", later, expected=201)
    assert second["enforcement_flag"] is True
    flagged = await client.get("/v1/outfalls", params={"enforcement": True}, headers=city)
    assert [o["id"] for o in flagged.json()["items"]] == [oid]
    history = (await client.get(f"/v1/outfalls/{oid}/history", headers=city)).json()["items"]
    assert "enforcement_flag" in [h["action"] for h in history]


async def test_county_client_cannot_test_other_county_outfall(
    client: httpx.AsyncClient, city: dict, dongan: dict
) -> None:
    other = (await register(client, city, jurisdiction_code="231083"))["id"]
    await act(client, dongan, other, "rapid-tests", NORMAL_TEST, expected=404)
    batch = await client.post(
        "/v1/rapid-tests/batch",
        json={"items": [{**NORMAL_TEST, "outfall_id": other}]},
        headers=dongan,
    )
    assert batch.status_code == 422
    assert batch.json()["errors"][0]["message"] == f"outfall {other} not found"


async def test_concurrent_tests_and_actions_on_one_outfall_all_land(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    batch = {"items": [{**NORMAL_TEST, "outfall_id": oid}] * 50}
    survey = {
        "level": 2,
        "method": "manual_field_check",
        "outcome": "confirm",
        "surveyed_at": "2022-06-20T10:00:00+08:00",
    }
    responses = await asyncio.gather(
        *[client.post("/v1/rapid-tests/batch", json=batch, headers=city) for _ in range(3)],
        *[
            client.post(f"/v1/outfalls/{oid}/rapid-tests", json=NORMAL_TEST, headers=city)
            for _ in range(3)
        ],
        client.post(f"/v1/outfalls/{oid}/surveys", json=survey, headers=city),
    )
    assert [r.status_code for r in responses] == [201] * 6 + [200]
    outfall = (await client.get(f"/v1/outfalls/{oid}", headers=city)).json()
    assert outfall["tests_count"] == 153 and outfall["status"] == "confirmed"
    assert outfall["version"] == 1 + 3 + 3 + 1
