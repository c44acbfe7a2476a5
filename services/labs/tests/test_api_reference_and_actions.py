"""Issue 16, all services: code lists are enums with a reference endpoint, every created
resource reads back, and allowed_actions lists only what would succeed now."""

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "melamine")]
ITEMS = ["task_completion", "nonconformity_rate", "data_reporting", "risk_warning",
         "data_spot_check", "other_work"]  # fmt: skip
DECIDED = (date.today() - timedelta(days=2)).isoformat()


def daily(index: int) -> dict:
    return {"year": 2022, "period_kind": "quarter", "period_index": index,
            "items": dict.fromkeys(ITEMS, "80"), "evidence": "季度考核表"}  # fmt: skip


def retest(original: str, retester: str, n: int) -> dict:
    return {"original_lab_id": original, "retest_lab_id": retester, "sample_code": f"S-{n}",
            "food_category": "dairy", "test_item": "melamine", "method": "GB/T 22388-2008",
            "retest_method": "GB/T 22388-2008", "reproducibility_limit": "0.10",
            "original_value": "0.50", "original_conclusion": "conforming", "retest_value": "0.50",
            "retest_conclusion": "conforming", "tested_on": "2022-06-01"}  # fmt: skip


async def test_reference_lists_every_code_list(client, bureau) -> None:
    reference = await client.get("/v1/reference", headers=bureau)
    assert reference.status_code == 200
    body = reference.json()
    assert body["task_states"] == ["assigned", "sampled", "tested", "reported"]
    assert "conflict_of_interest" in body["notice_kinds"]
    art18 = [v for v in body["violations"] if v["article"] == 18]
    assert len(art18) == 9 and art18[0]["suspension_months"] == [3, 6]
    assert {v["item"] for v in body["violations"] if v["article"] == 16} == set(range(1, 8))
    assert (await client.get("/v1/reference")).status_code == 401
    bad = await client.get("/v1/tasks", params={"state": "finished"}, headers=bureau)
    assert bad.status_code == 422  # task states are an enum


async def test_notices_and_violations_read_back_with_their_actions(
    client, bureau, make_lab, identity
) -> None:
    lab = await make_lab(0, DAIRY)
    notice = await client.post(
        f"/v1/labs/{lab['id']}/notices",
        json={"kind": "other", "submitted_on": "2022-03-05", "description": "法定代表人变更"},
        headers=bureau,
    )
    url = f"/v1/notices/{notice.json()['id']}"
    assert notice.json()["allowed_actions"] == ["handle"]
    handle = {"decision": "noted", "handled_on": "2022-03-06", "note": "已知悉"}
    await client.post(f"{url}/handle", json=handle, headers=bureau)
    shown = await client.get(url, headers=bureau)
    assert (shown.json()["state"], shown.json()["allowed_actions"]) == ("handled", [])
    county = identity.headers("labs", ["labs:read"], sub="county", jurisdiction=["231002"])
    assert (await client.get(url, headers=county)).status_code == 404

    body = {"article": 18, "item": 1, "description": "擅自分包", "evidence": "记录",
            "found_on": DECIDED, "decided_on": DECIDED, "suspension_months": 3}  # fmt: skip
    made = await client.post(f"/v1/labs/{lab['id']}/violations", json=body, headers=bureau)
    violation = made.json()["violation"]
    assert violation["allowed_actions"] == ["lift"]
    one = await client.get(f"/v1/violations/{violation['id']}", headers=bureau)
    assert one.status_code == 200 and one.json() == violation
    lift = {"lifted_on": date.today().isoformat(), "reason": "复议撤销"}
    await client.post(f"/v1/violations/{violation['id']}/lift", json=lift, headers=bureau)
    assert (await client.get(f"/v1/violations/{violation['id']}", headers=bureau)).json()[
        "allowed_actions"
    ] == []
    referral = {"article": 15, "item": 0, "description": "违法", "evidence": "记录",
                "found_on": DECIDED, "decided_on": DECIDED, "referred_to": "省局"}  # fmt: skip
    referred = await client.post(f"/v1/labs/{lab['id']}/violations", json=referral, headers=bureau)
    assert referred.json()["violation"]["allowed_actions"] == []  # nothing to lift
    assert (await client.get("/v1/violations/vi_missing", headers=bureau)).status_code == 404


async def test_daily_scores_paged_and_read_back(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    url = f"/v1/labs/{lab['id']}/daily-scores"
    made = [(await client.post(url, json=daily(q), headers=bureau)).json() for q in (1, 2, 3)]
    first = await client.get(url, params={"year": 2022, "limit": 2}, headers=bureau)
    rest = await client.get(
        url, params={"year": 2022, "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=bureau,
    )  # fmt: skip
    seen = [r["id"] for r in first.json()["items"] + rest.json()["items"]]
    assert sorted(seen) == sorted(m["id"] for m in made)
    assert (await client.get(url, params={"year": 2023}, headers=bureau)).json()["items"] == []
    one = await client.get(f"/v1/daily-scores/{made[0]['id']}", headers=bureau)
    assert one.status_code == 200 and one.json()["score"] == "80.00"


async def test_finding_actions_follow_its_state(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    body = {"inspected_on": "2022-05-01", "score": "80", "summary": "现场检查",
            "findings": [{"description": "记录不全", "severity": "minor"}]}  # fmt: skip
    created = (
        await client.post(f"/v1/labs/{lab['id']}/inspections", json=body, headers=bureau)
    ).json()
    finding = created["findings"][0]
    assert finding["allowed_actions"] == ["submit"]
    url = f"/v1/inspections/{created['id']}/rectifications"
    step = {"finding_id": finding["id"], "action": "submit", "on": "2022-05-10"}
    submitted = (await client.post(url, json=step, headers=bureau)).json()
    assert submitted["findings"][0]["allowed_actions"] == ["approve", "reject"]


async def test_publish_is_offered_only_when_it_would_succeed_art13_1_art14(
    client, bureau, make_lab, identity
) -> None:
    a, b = await make_lab(0, DAIRY), await make_lab(1, DAIRY)
    for lab in (a, b):
        for q in range(1, 5):
            await client.post(f"/v1/labs/{lab['id']}/daily-scores", json=daily(q), headers=bureau)
    for n in range(3):
        await client.post("/v1/rechecks", json=retest(a["id"], b["id"], n), headers=bureau)
    for n in range(3, 5):
        await client.post("/v1/rechecks", json=retest(b["id"], a["id"], n), headers=bureau)
    draft = (await client.get("/v1/evaluations?year=2022", headers=bureau)).json()
    assert draft["allowed_actions"] == []  # b has two batches: publishing would be refused
    await client.post("/v1/rechecks", json=retest(b["id"], a["id"], 5), headers=bureau)
    draft = (await client.get("/v1/evaluations?year=2022", headers=bureau)).json()
    assert draft["allowed_actions"] == ["publish"]
    county = identity.headers("labs", ["labs:read", "labs:assess"], jurisdiction=["231002"])
    assert (await client.get("/v1/evaluations?year=2022", headers=county)).json()[
        "allowed_actions"
    ] == []  # only the city bureau publishes
    published = await client.post(
        "/v1/evaluations/2022/publish", json={"published_on": "2023-01-10"}, headers=bureau
    )
    assert published.status_code == 200 and published.json()["allowed_actions"] == []
