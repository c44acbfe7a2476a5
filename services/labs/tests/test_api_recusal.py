"""Recusal (art. 4 回避制度, art. 8(3), art. 18(3)) holds in assignment, in allocation proposals
and in art. 19 reassignment: a lab never gets a producer it declared a conflict with."""

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "aflatoxin_m1"), ("dairy", "melamine")]
PRODUCER = "某乳业有限公司"


async def _declare_conflict(client, bureau, lab_id: str, producer: str = PRODUCER) -> None:
    notice = {
        "kind": "conflict_of_interest",
        "submitted_on": "2022-02-01",
        "description": "本机构股东与被抽检企业存在关联关系，申请回避",
        "producer": producer,
    }
    response = await client.post(f"/v1/labs/{lab_id}/notices", json=notice, headers=bureau)
    assert response.status_code == 201, response.text


def _task(lab_id: str, producer: str | None) -> dict:
    body = {"lab_id": lab_id, "food_category": "dairy", "test_items": ["melamine"],
            "assigned_on": "2022-03-01", "report_due_on": "2022-03-31"}  # fmt: skip
    return body | ({"producer": producer} if producer else {})


async def test_a_recused_lab_is_not_assigned_that_producers_task_art8_3(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY)
    await _declare_conflict(client, bureau, lab["id"])
    for spelling in (PRODUCER, f" {PRODUCER} "):
        refused = await client.post("/v1/tasks", json=_task(lab["id"], spelling), headers=bureau)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "conflict_of_interest"
        assert PRODUCER not in refused.json()["detail"]  # the producer is not echoed back
    listed = await client.get(f"/v1/tasks?lab_id={lab['id']}", headers=bureau)
    assert listed.json()["items"] == []  # nothing written
    other = await client.post("/v1/tasks", json=_task(lab["id"], "另一乳企"), headers=bureau)
    assert other.status_code == 201
    anonymous = await client.post("/v1/tasks", json=_task(lab["id"], None), headers=bureau)
    assert anonymous.status_code == 201


async def test_allocation_proposal_skips_the_recused_lab(client, bureau, make_lab) -> None:
    recused = await make_lab(0, DAIRY, capacity=9)  # more free capacity: preferred otherwise
    other = await make_lab(1, DAIRY, capacity=2)
    await _declare_conflict(client, bureau, recused["id"])
    demands = [
        {"ref": "p", "food_category": "dairy", "test_items": ["melamine"], "producer": PRODUCER},
        {"ref": "q", "food_category": "dairy", "test_items": ["melamine"]},
    ]
    proposal = await client.post("/v1/allocations/propose", json={"tasks": demands}, headers=bureau)
    assert proposal.status_code == 200, proposal.text
    placed = {p["ref"]: p["lab_id"] for p in proposal.json()["placements"]}
    assert placed == {"p": other["id"], "q": recused["id"]}
    only_recused = [demands[0]] * 1
    await client.post("/v1/tasks", json=_task(other["id"], None), headers=bureau)
    await client.post("/v1/tasks", json=_task(other["id"], None), headers=bureau)  # other full
    left = await client.post(
        "/v1/allocations/propose", json={"tasks": only_recused}, headers=bureau
    )
    assert left.json()["placements"] == [] and left.json()["unplaced"] == ["p"]


async def test_art19_reassignment_never_moves_a_task_to_a_recused_lab(
    client, bureau, make_lab, make_task
) -> None:
    sanctioned = await make_lab(0, DAIRY)
    recused = await make_lab(1, DAIRY, capacity=9)
    fallback = await make_lab(2, DAIRY, capacity=2)
    await _declare_conflict(client, bureau, recused["id"])
    producers_task = await make_task(sanctioned["id"], "dairy", ["melamine"], producer=PRODUCER)
    plain_task = await make_task(sanctioned["id"], "dairy", ["melamine"])
    decided = date.today() - timedelta(days=2)
    violation = {"article": 18, "item": 1, "description": "擅自分包", "evidence": "检查记录",
                 "found_on": (decided - timedelta(days=5)).isoformat(),
                 "decided_on": decided.isoformat(), "suspension_months": 3}  # fmt: skip
    response = await client.post(
        f"/v1/labs/{sanctioned['id']}/violations", json=violation, headers=bureau
    )
    assert response.status_code == 201, response.text
    moved = {m["task_id"]: m["to_lab_id"] for m in response.json()["reassignment"]["moved"]}
    assert moved == {producers_task["id"]: fallback["id"], plain_task["id"]: recused["id"]}


async def test_a_suspended_lab_neither_samples_nor_tests_its_unplaced_task_art19(
    client, bureau, make_lab, make_task
) -> None:
    lab = await make_lab(0, DAIRY)  # the only lab: its tasks cannot be placed elsewhere
    waiting = await make_task(lab["id"], "dairy", ["melamine"])
    tested = await make_task(lab["id"], "dairy", ["melamine"])
    for action, body in [
        ("sampled", {"on": "2022-03-02"}),
        ("tested", {"on": "2022-03-03", "conclusion": "conforming"}),
    ]:
        await client.post(f"/v1/tasks/{tested['id']}/{action}", json=body, headers=bureau)
    assert waiting["allowed_actions"] == ["sampled"]
    decided = date.today() - timedelta(days=2)
    violation = {"article": 18, "item": 2, "description": "备样丢失", "evidence": "检查记录",
                 "found_on": decided.isoformat(), "decided_on": decided.isoformat(),
                 "suspension_months": 3}  # fmt: skip
    response = await client.post(f"/v1/labs/{lab['id']}/violations", json=violation, headers=bureau)
    assert response.json()["reassignment"]["unplaced"] == [waiting["id"]]
    shown = (await client.get(f"/v1/tasks/{waiting['id']}", headers=bureau)).json()
    assert shown["allowed_actions"] == []
    refused = await client.post(
        f"/v1/tasks/{waiting['id']}/sampled", json={"on": date.today().isoformat()}, headers=bureau
    )
    assert refused.status_code == 409 and refused.json()["code"] == "lab_not_eligible"
    still = (await client.get(f"/v1/tasks/{waiting['id']}", headers=bureau)).json()
    assert still["state"] == "assigned"  # nothing written
    report = (await client.get(f"/v1/tasks/{tested['id']}", headers=bureau)).json()
    assert report["allowed_actions"] == ["reported"]
    reported = await client.post(
        f"/v1/tasks/{tested['id']}/reported", json={"on": date.today().isoformat()}, headers=bureau
    )
    assert reported.status_code == 200, reported.text
