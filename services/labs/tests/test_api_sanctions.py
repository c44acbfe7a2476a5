"""Violations -> derived sanctions and art. 19 reassignment, through HTTP."""

from datetime import date, timedelta

import pytest

from labs.rules.dates import add_months

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "aflatoxin_m1"), ("dairy", "melamine")]
DECIDED = date.today() - timedelta(days=2)  # status is derived as of today


def violation(article: int, item: int, **extra) -> dict:
    return {
        "article": article,
        "item": item,
        "description": "考核发现",
        "evidence": "现场检查记录 2022-05",
        "found_on": (DECIDED - timedelta(days=10)).isoformat(),
        "decided_on": DECIDED.isoformat(),
        **extra,
    }


async def test_suspension_moves_assigned_and_sampled_tasks_never_outside_scope(
    client, bureau, make_lab, make_task
) -> None:
    sanctioned = await make_lab(0, DAIRY)
    best = await make_lab(1, DAIRY)
    no_scope = await make_lab(2, [("meat", "clenbuterol")])
    assigned = await make_task(sanctioned["id"], "dairy", ["melamine"])
    sampled = await make_task(sanctioned["id"], "dairy", ["aflatoxin_m1"])
    tested = await make_task(sanctioned["id"], "dairy", ["melamine"])
    await client.post(
        f"/v1/tasks/{sampled['id']}/sampled", json={"on": "2022-03-02"}, headers=bureau
    )
    for action, body in [
        ("sampled", {"on": "2022-03-02"}),
        ("tested", {"on": "2022-03-03", "conclusion": "conforming"}),
    ]:
        await client.post(f"/v1/tasks/{tested['id']}/{action}", json=body, headers=bureau)

    response = await client.post(
        f"/v1/labs/{sanctioned['id']}/violations",
        json=violation(18, 1, suspension_months=3),
        headers=bureau,
    )
    assert response.status_code == 201, response.text
    outcome = response.json()
    assert outcome["lab_status"] == "suspended"
    last_day = add_months(DECIDED, 3) - timedelta(days=1)  # shown inclusive
    assert outcome["violation"]["ends_on"] == last_day.isoformat()
    assert outcome["violation"]["interview"] is True
    moved = {m["task_id"]: m["to_lab_id"] for m in outcome["reassignment"]["moved"]}
    assert moved == {assigned["id"]: best["id"], sampled["id"]: best["id"]}
    assert no_scope["id"] not in moved.values()
    still = (await client.get(f"/v1/tasks/{tested['id']}", headers=bureau)).json()
    assert still["lab_id"] == sanctioned["id"]  # tested tasks stay for reporting
    moved_sampled = (await client.get(f"/v1/tasks/{sampled['id']}", headers=bureau)).json()
    assert moved_sampled["state"] == "sampled" and moved_sampled["lab_id"] == best["id"]


@pytest.mark.parametrize(("months", "status"), [(2, 422), (3, 201), (6, 201), (7, 422)])
async def test_art18_suspension_months_2_3_6_7(client, bureau, make_lab, months, status) -> None:
    lab = await make_lab(0, DAIRY)
    response = await client.post(
        f"/v1/labs/{lab['id']}/violations",
        json=violation(18, 5, suspension_months=months),
        headers=bureau,
    )
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["errors"][0]["field"] == "body.suspension_months"
        violations = await client.get(f"/v1/labs/{lab['id']}/violations", headers=bureau)
        assert violations.json()["items"] == []


async def test_tasks_no_lab_can_take_are_listed_and_life_bar_wins(
    client, bureau, make_lab, make_task
) -> None:
    lab = await make_lab(0, DAIRY)
    task = await make_task(lab["id"], "dairy", ["melamine"])
    await client.post(
        f"/v1/labs/{lab['id']}/violations",
        json=violation(18, 2, suspension_months=6),
        headers=bureau,
    )
    response = await client.post(
        f"/v1/labs/{lab['id']}/violations", json=violation(16, 2), headers=bureau
    )
    outcome = response.json()
    assert outcome["lab_status"] == "barred_for_life"
    assert outcome["violation"]["recover_fees"] is True
    assert outcome["violation"]["fee_to_recover"] == "480000.00"
    pending = await client.get("/v1/tasks?needs_reassignment=true", headers=bureau)
    assert [t["id"] for t in pending.json()["items"]] == [task["id"]]
    # a barred lab takes no new task
    body = {
        "lab_id": lab["id"],
        "food_category": "dairy",
        "test_items": ["melamine"],
        "assigned_on": date.today().isoformat(),
        "report_due_on": "2030-01-01",
    }
    refused = await client.post("/v1/tasks", json=body, headers=bureau)
    assert refused.status_code == 409 and refused.json()["code"] == "lab_not_eligible"


async def test_lifting_a_sanction_restores_active_status(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    created = await client.post(
        f"/v1/labs/{lab['id']}/violations", json=violation(17, 2), headers=bureau
    )
    assert created.json()["lab_status"] == "barred_for_contract"
    barred = await client.get("/v1/labs?status=barred_for_contract", headers=bureau)
    assert [item["id"] for item in barred.json()["items"]] == [lab["id"]]
    assert (await client.get("/v1/labs?status=active", headers=bureau)).json()["items"] == []
    vid = created.json()["violation"]["id"]
    lift = {"lifted_on": date.today().isoformat(), "reason": "复议撤销"}
    assert (
        await client.post(f"/v1/violations/{vid}/lift", json=lift, headers=bureau)
    ).status_code == 200
    again = await client.post(f"/v1/violations/{vid}/lift", json=lift, headers=bureau)
    assert again.status_code == 409
    assert (await client.get(f"/v1/labs/{lab['id']}", headers=bureau)).json()["status"] == "active"
    history = (await client.get(f"/v1/labs/{lab['id']}/violations", headers=bureau)).json()
    assert history["items"][0]["lifted_on"] == date.today().isoformat()  # kept, never deleted
