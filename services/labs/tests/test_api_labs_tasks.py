"""Labs, scope, tasks and their lifecycle through HTTP on a real database."""

import httpx
import pytest

from suitekit.testing import TestIdentity

from .conftest import lab_body

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "aflatoxin_m1"), ("dairy", "melamine")]


async def test_register_lab_derives_active_status_and_scope(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    assert lab["status"] == "active"
    assert lab["contract_fee"] == "480000.00"
    assert {(s["food_category"], s["test_item"]) for s in lab["scope"]} == set(DAIRY)
    fetched = await client.get(f"/v1/labs/{lab['id']}", headers=bureau)
    assert fetched.headers["etag"] == '"1"'


async def test_bad_credit_code_is_422_and_writes_nothing(
    client: httpx.AsyncClient, bureau: dict
) -> None:
    body = lab_body(0, DAIRY, uscc="91231000MA1B2C3D4X", capacity=-1)
    response = await client.post("/v1/labs", json=body, headers=bureau)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert {"body.uscc", "body.capacity"} <= {e["field"] for e in response.json()["errors"]}
    assert (await client.get("/v1/labs", headers=bureau)).json()["items"] == []
    assert (await client.get("/v1/audit", headers=bureau)).json()["items"] == []


async def test_read_scope_cannot_write_and_no_token_is_401(
    client: httpx.AsyncClient, identity: TestIdentity
) -> None:
    reader = identity.headers("labs", ["labs:read"])
    assert (
        await client.post("/v1/labs", json=lab_body(0, DAIRY), headers=reader)
    ).status_code == 403
    assert (await client.get("/v1/labs")).status_code == 401


async def test_county_client_does_not_see_city_labs(
    client, make_lab, identity: TestIdentity
) -> None:
    lab = await make_lab(0, DAIRY)
    county = identity.headers("labs", ["labs:read"], jurisdiction=["231002"])
    assert (await client.get(f"/v1/labs/{lab['id']}", headers=county)).status_code == 404
    assert (await client.get("/v1/labs", headers=county)).json()["items"] == []


async def test_task_outside_scope_is_refused(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    body = {
        "lab_id": lab["id"],
        "food_category": "dairy",
        "test_items": ["melamine", "lead"],
        "assigned_on": "2022-03-01",
        "report_due_on": "2022-03-31",
    }
    response = await client.post("/v1/tasks", json=body, headers=bureau)
    assert response.status_code == 409
    assert response.json()["code"] == "outside_scope"
    assert response.json()["missing"] == ["lead"]


async def test_task_lifecycle_and_late_nonconforming_report(
    client, bureau, make_lab, make_task
) -> None:
    lab = await make_lab(0, DAIRY)
    task = await make_task(lab["id"], "dairy", ["melamine"])
    assert task["allowed_actions"] == ["sampled"]
    skipped = await client.post(
        f"/v1/tasks/{task['id']}/tested",
        json={"on": "2022-03-02", "conclusion": "conforming"},
        headers=bureau,
    )
    assert skipped.status_code == 409
    assert skipped.json()["code"] == "invalid_transition"
    assert skipped.json()["allowed"] == ["sampled"]
    before = await client.post(
        f"/v1/tasks/{task['id']}/sampled", json={"on": "2022-02-28"}, headers=bureau
    )
    assert before.status_code == 422
    for action, body in [
        ("sampled", {"on": "2022-03-02"}),
        ("tested", {"on": "2022-03-10", "conclusion": "nonconforming"}),
        ("reported", {"on": "2022-04-01"}),
    ]:
        response = await client.post(f"/v1/tasks/{task['id']}/{action}", json=body, headers=bureau)
        assert response.status_code == 200, response.text
    final = response.json()
    assert final["state"] == "reported"
    assert final["allowed_actions"] == []
    assert final["late_report"] is True  # due 2022-03-31, reported 2022-04-01


async def test_patch_needs_if_match_and_rejects_stale(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    url = f"/v1/labs/{lab['id']}"
    assert (await client.patch(url, json={"capacity": 5}, headers=bureau)).status_code == 428
    ok = await client.patch(url, json={"capacity": 5}, headers={**bureau, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["capacity"] == 5
    stale = await client.patch(url, json={"capacity": 6}, headers={**bureau, "If-Match": '"1"'})
    assert stale.status_code == 412


async def test_lost_qualification_leaves_scope_and_moves_affected_tasks(
    client, bureau, make_lab, make_task
) -> None:
    lab_a = await make_lab(0, DAIRY)
    lab_b = await make_lab(1, [("dairy", "melamine")])
    task = await make_task(lab_a["id"], "dairy", ["melamine"])
    kept = await make_task(lab_a["id"], "dairy", ["aflatoxin_m1"])
    notice = {
        "kind": "qualification_lost",
        "submitted_on": "2022-03-05",
        "description": "资质认定证书中三聚氰胺项目被撤销",
        "lost_items": [{"food_category": "dairy", "test_item": "melamine"}],
    }
    response = await client.post(f"/v1/labs/{lab_a['id']}/notices", json=notice, headers=bureau)
    assert response.status_code == 201, response.text
    assert response.json()["reassignment"]["moved"] == [
        {"task_id": task["id"], "from_lab_id": lab_a["id"], "to_lab_id": lab_b["id"]}
    ]
    lab_now = (await client.get(f"/v1/labs/{lab_a['id']}", headers=bureau)).json()
    assert [s["test_item"] for s in lab_now["scope"]] == ["aflatoxin_m1"]
    assert (await client.get(f"/v1/tasks/{kept['id']}", headers=bureau)).json()["lab_id"] == lab_a[
        "id"
    ]


async def test_conflict_of_interest_moves_that_producers_tasks_art8_3(
    client, bureau, make_lab, make_task
) -> None:
    lab_a = await make_lab(0, DAIRY)
    lab_b = await make_lab(1, DAIRY)
    related = await make_task(lab_a["id"], "dairy", ["melamine"], producer="某乳业有限公司")
    unrelated = await make_task(lab_a["id"], "dairy", ["melamine"], producer="另一乳企")
    notice = {
        "kind": "conflict_of_interest",
        "submitted_on": "2022-03-05",
        "description": "本机构股东与被抽检企业存在关联关系，申请回避",
        "producer": "某乳业有限公司",
    }
    response = await client.post(f"/v1/labs/{lab_a['id']}/notices", json=notice, headers=bureau)
    assert response.status_code == 201, response.text
    moved = response.json()["reassignment"]["moved"]
    assert [(m["task_id"], m["to_lab_id"]) for m in moved] == [(related["id"], lab_b["id"])]
    kept = (await client.get(f"/v1/tasks/{unrelated['id']}", headers=bureau)).json()
    assert kept["lab_id"] == lab_a["id"]
    handled = await client.post(
        f"/v1/notices/{response.json()['id']}/handle",
        json={"decision": "noted", "handled_on": "2022-03-06", "note": "同意回避"},
        headers=bureau,
    )
    assert handled.json()["state"] == "handled"


async def test_full_lab_takes_no_task_and_proposal_skips_it(
    client, bureau, make_lab, make_task
) -> None:
    full = await make_lab(0, DAIRY, capacity=1)
    spare = await make_lab(1, DAIRY, capacity=3)
    await make_task(full["id"], "dairy", ["melamine"])
    body = {
        "lab_id": full["id"],
        "food_category": "dairy",
        "test_items": ["melamine"],
        "assigned_on": "2022-03-01",
        "report_due_on": "2022-03-31",
    }
    refused = await client.post("/v1/tasks", json=body, headers=bureau)
    assert refused.status_code == 409 and refused.json()["code"] == "lab_at_capacity"
    demands = [
        {"ref": f"r{i}", "food_category": "dairy", "test_items": ["melamine"]} for i in range(4)
    ]
    proposal = await client.post("/v1/allocations/propose", json={"tasks": demands}, headers=bureau)
    assert proposal.status_code == 200, proposal.text
    assert {p["lab_id"] for p in proposal.json()["placements"]} == {spare["id"]}
    assert proposal.json()["unplaced"] == ["r3"]  # spare holds 3
    assert (
        len((await client.get("/v1/tasks", headers=bureau)).json()["items"]) == 1
    )  # nothing written
