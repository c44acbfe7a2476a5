"""Daily scores, re-tests, proficiency testing, inspections, evaluation and flags via HTTP."""

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "aflatoxin_m1"), ("dairy", "melamine")]
ITEMS = ["task_completion", "nonconformity_rate", "data_reporting", "risk_warning",
         "data_spot_check", "other_work"]  # fmt: skip


def daily(score: str, index: int = 1, kind: str = "quarter") -> dict:
    return {
        "year": 2022,
        "period_kind": kind,
        "period_index": index,
        "items": dict.fromkeys(ITEMS, score),
        "evidence": "季度考核表",
    }


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


async def test_daily_score_is_weighted_mean_and_bad_items_are_refused(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY)
    url = f"/v1/labs/{lab['id']}/daily-scores"
    body = daily("80")
    body["items"]["task_completion"] = "100"  # 25 + 0.75 * 80 = 85
    created = await client.post(url, json=body, headers=bureau)
    assert created.status_code == 201, created.text
    assert created.json()["score"] == "85.00"
    duplicate = await client.post(url, json=body, headers=bureau)
    assert duplicate.status_code == 409
    missing = daily("80", index=2)
    del missing["items"]["other_work"]
    assert (await client.post(url, json=missing, headers=bureau)).status_code == 422
    over = daily("100.01", index=3)
    assert (await client.post(url, json=over, headers=bureau)).status_code == 422
    wrong_period = daily("80", index=5)
    assert (await client.post(url, json=wrong_period, headers=bureau)).status_code == 422


async def test_pt_round_by_algorithm_a_scores_bands(client, bureau, make_lab) -> None:
    labs = [await make_lab(i, DAIRY) for i in range(6)]
    created = await client.post(
        "/v1/pt-rounds",
        json={
            "year": 2022,
            "name": "乳制品三聚氰胺能力验证",
            "food_category": "dairy",
            "source": "algorithm_a",
            "analytes": [{"name": "melamine", "unit": "mg/kg"}],
        },
        headers=bureau,
    )
    assert created.status_code == 201, created.text
    round_id = created.json()["id"]
    for lab, value in zip(labs, ["1.00", "1.02", "0.98", "1.01", "0.99", "1.60"], strict=True):
        body = {"lab_id": lab["id"], "results": [{"analyte": "melamine", "value": value}]}
        response = await client.post(f"/v1/pt-rounds/{round_id}/results", json=body, headers=bureau)
        assert response.status_code == 200, response.text
    evaluated = await client.post(
        f"/v1/pt-rounds/{round_id}/evaluate", json={"on": "2022-09-01"}, headers=bureau
    )
    assert evaluated.status_code == 200, evaluated.text
    analyte = evaluated.json()["analytes"][0]
    assert analyte["assigned_value"] is not None and float(analyte["sigma_pt"]) > 0
    bands = {r["lab_id"]: r["band"] for r in analyte["results"]}
    assert bands[labs[0]["id"]] == "satisfactory"
    assert bands[labs[5]["id"]] == "unsatisfactory"
    late = {"lab_id": labs[0]["id"], "results": [{"analyte": "melamine", "value": "1"}]}
    again = await client.post(f"/v1/pt-rounds/{round_id}/results", json=late, headers=bureau)
    assert again.status_code == 409


async def test_scheme_round_z_at_exactly_2_and_3(client, bureau, make_lab) -> None:
    labs = [await make_lab(i, DAIRY) for i in range(3)]
    created = await client.post(
        "/v1/pt-rounds",
        json={
            "year": 2022,
            "name": "盲样考核",
            "food_category": "dairy",
            "source": "scheme",
            "analytes": [
                {"name": "aflatoxin_m1", "unit": "ug/kg", "assigned_value": "10", "sigma_pt": "1"}
            ],
        },
        headers=bureau,
    )
    round_id = created.json()["id"]
    for lab, value in zip(labs, ["12", "12.5", "13"], strict=True):
        body = {"lab_id": lab["id"], "results": [{"analyte": "aflatoxin_m1", "value": value}]}
        await client.post(f"/v1/pt-rounds/{round_id}/results", json=body, headers=bureau)
    evaluated = await client.post(
        f"/v1/pt-rounds/{round_id}/evaluate", json={"on": "2022-09-01"}, headers=bureau
    )
    results = {r["lab_id"]: r for r in evaluated.json()["analytes"][0]["results"]}
    assert results[labs[0]["id"]]["z"] == "2.0000"
    assert results[labs[0]["id"]]["band"] == "satisfactory"
    assert results[labs[1]["id"]]["band"] == "questionable"
    assert results[labs[2]["id"]]["band"] == "unsatisfactory"


async def test_inspection_rectification_late_after_one_month(
    client, bureau, make_lab, identity
) -> None:
    lab = await make_lab(0, DAIRY)
    found = date.today() - timedelta(days=40)
    created = await client.post(
        f"/v1/labs/{lab['id']}/inspections",
        json={
            "inspected_on": found.isoformat(),
            "score": "85",
            "summary": "现场检查",
            "findings": [
                {"description": "原始记录不完整", "severity": "minor"},
                {"description": "留样室温度记录缺失", "severity": "major"},
            ],
        },
        headers=bureau,
    )
    assert created.status_code == 201, created.text
    first, second = created.json()["findings"]
    assert first["late"] and second["late"]
    url = f"/v1/inspections/{created.json()['id']}/rectifications"
    approve_early = await client.post(
        url,
        json={"finding_id": first["id"], "action": "approve", "on": found.isoformat()},
        headers=bureau,
    )
    assert approve_early.status_code == 409
    on_time = (found + timedelta(days=10)).isoformat()
    lab_side = identity.headers("labs", ["labs:read", "labs:write"], sub="the-lab")
    submitted = await client.post(
        url, json={"finding_id": first["id"], "action": "submit", "on": on_time}, headers=lab_side
    )
    assert submitted.status_code == 200, submitted.text
    self_approval = await client.post(
        url, json={"finding_id": first["id"], "action": "approve", "on": on_time}, headers=lab_side
    )
    assert self_approval.status_code == 403  # only the bureau approves (整改情况由市局审定)
    done = await client.post(
        url, json={"finding_id": first["id"], "action": "approve", "on": on_time}, headers=bureau
    )
    findings = {f["id"]: f for f in done.json()["findings"]}
    assert findings[first["id"]]["state"] == "approved" and not findings[first["id"]]["late"]
    flags = (await client.get(f"/v1/reports/flags?year={found.year}", headers=bureau)).json()
    assert [f["finding_id"] for f in flags["late_rectifications"]] == [second["id"]]


async def test_evaluation_composite_ranking_publication_and_immutability(
    client, bureau, make_lab
) -> None:
    a = await make_lab(0, DAIRY)
    b = await make_lab(1, DAIRY)
    for lab, score in [(a, "90"), (b, "70")]:
        for quarter in range(1, 5):
            r = await client.post(
                f"/v1/labs/{lab['id']}/daily-scores", json=daily(score, quarter), headers=bureau
            )
            assert r.status_code == 201
    for n in range(3):
        await client.post("/v1/rechecks", json=retest(a["id"], b["id"], n), headers=bureau)
    # two of b's batches: the year cannot be published yet (art. 13(1))
    for n in range(3, 5):
        await client.post("/v1/rechecks", json=retest(b["id"], a["id"], n, "0.70"), headers=bureau)
    refused = await client.post(
        "/v1/evaluations/2022/publish", json={"published_on": "2023-01-15"}, headers=bureau
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "missing_retests" and refused.json()["labs"] == [b["id"]]
    flags = (await client.get("/v1/reports/flags?year=2022", headers=bureau)).json()
    assert flags["missing_retests"] == [{"lab_id": b["id"], "batches": 2, "required": 3}]
    await client.post("/v1/rechecks", json=retest(b["id"], a["id"], 5), headers=bureau)

    draft = (await client.get("/v1/evaluations?year=2022", headers=bureau)).json()
    assert draft["state"] == "draft"
    rows = {r["lab_id"]: r for r in draft["rows"]}
    # a: 5 re-tests (3 agree as original, 2 + 1 as re-tester) -> (100*4 + 60*2) / 6 = 86.67
    assert rows[a["id"]]["technical"] == "86.67"
    assert rows[a["id"]]["composite"] == "88.67"  # 90 * 0.6 + 86.67 * 0.4
    assert rows[b["id"]]["technical"] == "86.67"
    assert rows[b["id"]]["composite"] == "76.67"  # 70 * 0.6 + 86.67 * 0.4
    assert [r["rank"] for r in draft["rows"]] == [1, 2]

    published = await client.post(
        "/v1/evaluations/2022/publish", json={"published_on": "2023-01-15"}, headers=bureau
    )
    assert published.status_code == 200, published.text
    assert published.json()["state"] == "published"
    again = await client.post(
        "/v1/evaluations/2022/publish", json={"published_on": "2023-01-16"}, headers=bureau
    )
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    late_score = await client.post(
        f"/v1/labs/{a['id']}/daily-scores", json=daily("10", 1, "month"), headers=bureau
    )
    assert late_score.status_code == 409
    assert (
        await client.post("/v1/rechecks", json=retest(a["id"], b["id"], 9), headers=bureau)
    ).status_code == 409
    weights = await client.get("/v1/weights/2022", headers=bureau)
    assert weights.json()["frozen"] is True
    body = {k: v for k, v in weights.json().items() if k not in ("year", "frozen")}
    etag = {**bureau, "If-Match": weights.headers["etag"]}
    change = await client.put("/v1/weights/2022", json=body, headers=etag)
    assert change.status_code == 409
    still = (await client.get("/v1/evaluations?year=2022", headers=bureau)).json()
    assert still["rows"] == published.json()["rows"]

    # the published composite now steers allocation (art. 14)
    proposal = await client.post(
        "/v1/allocations/propose",
        json={"tasks": [{"ref": "t1", "food_category": "dairy", "test_items": ["melamine"]}]},
        headers=bureau,
    )
    assert proposal.json()["placements"][0]["lab_id"] == a["id"]
    assert proposal.json()["placements"][0]["composite"] == "88.67"


async def test_weights_of_an_open_year_can_change_with_if_match(client, bureau) -> None:
    current = await client.get("/v1/weights/2023", headers=bureau)
    assert current.headers["etag"] == '"0"'
    body = {k: v for k, v in current.json().items() if k not in ("year", "frozen")}
    body["daily_items"]["task_completion"], body["daily_items"]["other_work"] = "0.30", "0.05"
    assert (await client.put("/v1/weights/2023", json=body, headers=bureau)).status_code == 428
    ok = await client.put("/v1/weights/2023", json=body, headers={**bureau, "If-Match": '"0"'})
    assert ok.status_code == 200, ok.text
    assert ok.json()["daily_items"]["task_completion"] == "0.30"
    assert (ok.json()["daily_share"], ok.json()["technical_share"]) == ("0.6", "0.4")
    body["daily_items"]["other_work"] = "0.06"  # items no longer sum to 1
    bad = await client.put("/v1/weights/2023", json=body, headers={**bureau, "If-Match": '"1"'})
    assert bad.status_code == 422


async def test_weights_put_refuses_a_split_other_than_6_to_4_art11(client, bureau) -> None:
    current = await client.get("/v1/weights/2023", headers=bureau)
    body = {k: v for k, v in current.json().items() if k not in ("year", "frozen")}
    body["daily_share"], body["technical_share"] = "0.5", "0.5"
    refused = await client.put("/v1/weights/2023", json=body, headers={**bureau, "If-Match": '"0"'})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "body.daily_share"
    unchanged = await client.get("/v1/weights/2023", headers=bureau)
    assert unchanged.headers["etag"] == '"0"'  # nothing written
    del body["daily_share"], body["technical_share"]  # omitted: art. 11's 6:4
    ok = await client.put("/v1/weights/2023", json=body, headers={**bureau, "If-Match": '"0"'})
    assert ok.status_code == 200, ok.text
    assert (ok.json()["daily_share"], ok.json()["technical_share"]) == ("0.6", "0.4")
