"""Art. 13(1) batches are distinct samples; re-tests, PT rounds and inspections read back."""

import pytest

DAIRY = [("dairy", "aflatoxin_m1"), ("dairy", "melamine")]
ITEMS = ["task_completion", "nonconformity_rate", "data_reporting", "risk_warning",
         "data_spot_check", "other_work"]  # fmt: skip


def daily(score: str, index: int) -> dict:
    items = dict.fromkeys(ITEMS, score)
    return {"year": 2022, "period_kind": "quarter", "period_index": index, "items": items,
            "evidence": "季度考核表"}  # fmt: skip


def retest(original: str, retester: str, n: int, retest_value: str = "0.50") -> dict:
    return {
        "original_lab_id": original,
        "retest_lab_id": retester,
        "sample_code": f"S-2022-{n:03d}",
        "food_category": "dairy",
        "test_item": "melamine",
        "method": "GB/T 22388-2008",
        "retest_method": "GB/T 22388-2008",
        "reproducibility_limit": "0.10",
        "original_value": "0.50",
        "original_conclusion": "conforming",
        "retest_value": retest_value,
        "retest_conclusion": "conforming",
        "tested_on": "2022-06-01",
    }


pytestmark = pytest.mark.anyio


async def _scored_year(client, bureau, labs) -> None:
    for lab in labs:
        for quarter in range(1, 5):
            url = f"/v1/labs/{lab['id']}/daily-scores"
            assert (await client.post(url, json=daily("80", quarter), headers=bureau)).is_success


async def _retest_sample(client, bureau, original: str, retester: str, n: int, item: str) -> None:
    body = retest(original, retester, n) | {"test_item": item}
    response = await client.post("/v1/rechecks", json=body, headers=bureau)
    assert response.status_code == 201, response.text


async def _publish(client, bureau):
    return await client.post(
        "/v1/evaluations/2022/publish", json={"published_on": "2023-01-15"}, headers=bureau
    )


async def test_three_retests_of_one_sample_are_one_batch_art13_1(client, bureau, make_lab) -> None:
    a, b = await make_lab(0, DAIRY), await make_lab(1, DAIRY)
    await _scored_year(client, bureau, [a, b])
    for n in range(3):
        await _retest_sample(client, bureau, b["id"], a["id"], 10 + n, "melamine")
    for item in ("melamine", "melamine", "aflatoxin_m1"):  # one sample, re-tested three times
        await _retest_sample(client, bureau, a["id"], b["id"], 1, item)
    refused = await _publish(client, bureau)
    assert refused.status_code == 409
    assert refused.json()["code"] == "missing_retests" and refused.json()["labs"] == [a["id"]]
    flags = (await client.get("/v1/reports/flags?year=2022", headers=bureau)).json()
    assert flags["missing_retests"] == [{"lab_id": a["id"], "batches": 1, "required": 3}]

    await _retest_sample(client, bureau, a["id"], b["id"], 2, "melamine")  # 2: still below
    flags = (await client.get("/v1/reports/flags?year=2022", headers=bureau)).json()
    assert flags["missing_retests"] == [{"lab_id": a["id"], "batches": 2, "required": 3}]
    assert (await _publish(client, bureau)).status_code == 409

    await _retest_sample(client, bureau, a["id"], b["id"], 3, "melamine")  # 3 distinct: at
    draft = (await client.get("/v1/evaluations?year=2022", headers=bureau)).json()
    batches = {r["lab_id"]: r["basis"]["retest_batches_as_original"] for r in draft["rows"]}
    assert batches == {a["id"]: 3, b["id"]: 3}
    flags = (await client.get("/v1/reports/flags?year=2022", headers=bureau)).json()
    assert flags["missing_retests"] == []
    assert (await _publish(client, bureau)).status_code == 200


async def test_retests_read_back_listed_filtered_and_paged(
    client, bureau, make_lab, identity
) -> None:
    a, b = await make_lab(0, DAIRY), await make_lab(1, DAIRY)
    created = []
    for n in range(3):
        response = await client.post(
            "/v1/rechecks", json=retest(a["id"], b["id"], n), headers=bureau
        )
        created.append(response.json())
    other_way = retest(b["id"], a["id"], 7, "0.70")
    created.append((await client.post("/v1/rechecks", json=other_way, headers=bureau)).json())
    one = await client.get(f"/v1/rechecks/{created[0]['id']}", headers=bureau)
    assert one.status_code == 200 and one.json() == created[0]
    assert (await client.get("/v1/rechecks/rt_missing", headers=bureau)).status_code == 404

    seen, cursor = [], None
    while True:
        page = await client.get(
            "/v1/rechecks",
            params={"limit": 2, **({"cursor": cursor} if cursor else {})},
            headers=bureau,
        )
        assert page.status_code == 200
        seen += [r["id"] for r in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(r["id"] for r in created) and len(seen) == 4

    def ids(response) -> set[str]:
        return {r["id"] for r in response.json()["items"]}

    by_original = await client.get(f"/v1/rechecks?original_lab_id={b['id']}", headers=bureau)
    assert ids(by_original) == {created[3]["id"]}
    either_side = await client.get(f"/v1/rechecks?lab_id={b['id']}", headers=bureau)
    assert len(ids(either_side)) == 4
    outside = await client.get("/v1/rechecks?outcome=value_outside_limit", headers=bureau)
    assert ids(outside) == {created[3]["id"]}
    by_sample = await client.get("/v1/rechecks?sample_code=S-2022-001", headers=bureau)
    assert ids(by_sample) == {created[1]["id"]}
    assert ids(await client.get("/v1/rechecks?year=2023", headers=bureau)) == set()
    bad = await client.get("/v1/rechecks?outcome=maybe", headers=bureau)
    assert bad.status_code == 422
    county = identity.headers("labs", ["labs:read"], sub="county", jurisdiction=["231002"])
    assert (await client.get("/v1/rechecks", headers=county)).json()["items"] == []
    hidden = await client.get(f"/v1/rechecks/{created[0]['id']}", headers=county)
    assert hidden.status_code == 404


async def test_pt_rounds_are_listed_by_year_and_state(client, bureau) -> None:
    def round_body(year: int, category: str) -> dict:
        return {
            "year": year,
            "name": f"{year} {category}",
            "food_category": category,
            "source": "algorithm_a",
            "analytes": [{"name": "melamine", "unit": "mg/kg"}],
        }

    made = []
    for year, category in [(2022, "dairy"), (2022, "meat"), (2023, "dairy")]:
        response = await client.post(
            "/v1/pt-rounds", json=round_body(year, category), headers=bureau
        )
        assert response.status_code == 201
        made.append(response.json()["id"])
    listed = await client.get("/v1/pt-rounds?year=2022", headers=bureau)
    assert {r["id"] for r in listed.json()["items"]} == set(made[:2])
    dairy = await client.get("/v1/pt-rounds?food_category=dairy&state=open", headers=bureau)
    assert {r["id"] for r in dairy.json()["items"]} == {made[0], made[2]}
    assert (await client.get("/v1/pt-rounds?state=evaluated", headers=bureau)).json()["items"] == []
    first = await client.get("/v1/pt-rounds?limit=1", headers=bureau)
    assert len(first.json()["items"]) == 1 and first.json()["next_cursor"]
    assert (await client.get("/v1/pt-rounds?state=closed", headers=bureau)).status_code == 422


async def test_a_labs_inspections_are_listed_by_year(client, bureau, make_lab) -> None:
    a, b = await make_lab(0, DAIRY), await make_lab(1, DAIRY)
    made = []
    for lab, day in [(a, "2022-05-01"), (a, "2023-05-01"), (b, "2022-06-01")]:
        body = {"inspected_on": day, "score": "90", "summary": "现场检查",
                "findings": [{"description": "记录不全", "severity": "minor"}]}  # fmt: skip
        response = await client.post(f"/v1/labs/{lab['id']}/inspections", json=body, headers=bureau)
        assert response.status_code == 201
        made.append(response.json()["id"])
    listed = await client.get(f"/v1/labs/{a['id']}/inspections", headers=bureau)
    assert [i["id"] for i in listed.json()["items"]] == sorted(made[:2])
    assert listed.json()["items"][0]["findings"][0]["description"] == "记录不全"
    of_2022 = await client.get(f"/v1/labs/{a['id']}/inspections?year=2022", headers=bureau)
    assert [i["id"] for i in of_2022.json()["items"]] == [made[0]]
    paged = await client.get(f"/v1/labs/{a['id']}/inspections?limit=1", headers=bureau)
    assert paged.json()["next_cursor"] is not None
    assert (await client.get("/v1/labs/lab_missing/inspections", headers=bureau)).status_code == 404
