"""labs through the gateway: real processes, the demo year, a violation that reassigns tasks."""

from datetime import date, timedelta

import httpx
from stdnum.cn import uscc

ALL = ["labs:read", "labs:write", "labs:assess"]
TODAY = date.today()


def _code(seed: int) -> str:
    first_17 = f"9123100{seed:010d}"
    return first_17 + uscc.calc_check_digit(first_17)


def _lab(seed: int, scope: list[tuple[str, str]]) -> dict:
    return {
        "name": f"集成测试检测机构{seed}",
        "uscc": _code(seed),
        "contract_start": "2022-01-01",
        "contract_end": "2029-12-31",
        "contract_fee": "250000.00",
        "capacity": 5,
        "scope": [{"food_category": c, "test_item": t} for c, t in scope],
    }


def test_demo_evaluation_is_published_and_ranked(suite, gateway: httpx.Client) -> None:
    response = gateway.get(
        "/labs/v1/evaluations", params={"year": 2022}, headers=suite.headers(ALL)
    )
    assert response.status_code == 200, response.text
    evaluation = response.json()
    assert evaluation["state"] == "published"
    assert [row["rank"] for row in evaluation["rows"]] == [1, 2, 3, 4]
    for row in evaluation["rows"]:
        expected = float(row["daily"]) * 0.6 + float(row["technical"]) * 0.4
        assert abs(float(row["composite"]) - expected) < 0.006


def test_violation_suspends_and_moves_tasks_through_the_gateway(
    suite, gateway: httpx.Client
) -> None:
    bureau = suite.headers(ALL)
    scope = [("infant_formula", "vitamin_a"), ("infant_formula", "nitrite")]
    seed = 424242  # demo labs hold no infant_formula scope: only `other` can take vitamin_a
    first = gateway.post("/labs/v1/labs", json=_lab(seed, scope), headers=bureau)
    assert first.status_code == 201, first.text
    second = gateway.post("/labs/v1/labs", json=_lab(seed + 1, scope[:1]), headers=bureau)
    assert second.status_code == 201, second.text
    lab, other = first.json()["id"], second.json()["id"]
    task_body = {
        "lab_id": lab,
        "food_category": "infant_formula",
        "test_items": ["vitamin_a"],
        "assigned_on": TODAY.isoformat(),
        "report_due_on": (TODAY + timedelta(days=20)).isoformat(),
    }
    headers = {**bureau, "Idempotency-Key": f"labs-it-{seed}"}
    task = gateway.post("/labs/v1/tasks", json=task_body, headers=headers)
    assert task.status_code == 201, task.text
    replay = gateway.post("/labs/v1/tasks", json=task_body, headers=headers)
    assert replay.json()["id"] == task.json()["id"]
    stuck = gateway.post(
        "/labs/v1/tasks", json={**task_body, "test_items": ["nitrite"]}, headers=bureau
    )
    assert stuck.status_code == 201, stuck.text
    sampled = gateway.post(
        f"/labs/v1/tasks/{task.json()['id']}/sampled",
        json={"on": TODAY.isoformat()},
        headers=bureau,
    )
    assert sampled.json()["state"] == "sampled"

    violation = {
        "article": 18,
        "item": 5,
        "description": "超出资质认定批准范围出具检验报告",
        "evidence": "集成测试",
        "found_on": TODAY.isoformat(),
        "decided_on": TODAY.isoformat(),
        "suspension_months": 4,
    }
    outcome = gateway.post(f"/labs/v1/labs/{lab}/violations", json=violation, headers=bureau)
    assert outcome.status_code == 201, outcome.text
    body = outcome.json()
    assert body["lab_status"] == "suspended"
    moved = {m["task_id"]: m["to_lab_id"] for m in body["reassignment"]["moved"]}
    assert moved[task.json()["id"]] == other  # sampled but not tested: moved (art. 19)
    assert stuck.json()["id"] in body["reassignment"]["unplaced"]  # only this lab held nitrite
    flags = gateway.get("/labs/v1/reports/flags", headers=bureau).json()
    assert stuck.json()["id"] in flags["tasks_awaiting_reassignment"]


def test_scopes_and_jurisdiction_through_the_gateway(suite, gateway: httpx.Client) -> None:
    reader = suite.headers(["labs:read"])
    assert gateway.get("/labs/v1/labs", headers=reader).status_code == 200
    refused = gateway.post("/labs/v1/labs", json=_lab(1, []), headers=reader)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert gateway.get("/labs/v1/labs").status_code == 401
    county = suite.headers(["labs:read"], ["231002"])
    assert gateway.get("/labs/v1/labs", headers=county).json()["items"] == []
