"""outfall through the gateway: real processes, the whole campaign path, scoping, public pages."""

from urllib.parse import urlparse

import httpx
from stdnum.cn import uscc

RW = ["outfall:read", "outfall:write"]
BODY = "91231003MA1D00D1E"
REGISTER = {
    "survey_level": 1,
    "survey_method": "satellite_remote_sensing",
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "阳明区集成测试厂",
    "jurisdiction_code": "231003",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.65,
    "latitude": 44.60,
    "category": "industrial",
    "subtype": "industrial_enterprise",
}
TEST = {
    "ph": 7.0,
    "cod_mg_l": 120,
    "nh3n_mg_l": 3,
    "tp_mg_l": 0.4,
    "flow_m3_d": 50,
    "flow_method": "float",
    "sampled_at": "2022-06-21T09:00:00+08:00",
    "sampler": "赵六",
}


def step(
    gateway: httpx.Client, headers: dict, oid: str, action: str, body: dict, expected: int = 200
) -> dict:
    response = gateway.post(f"/outfall/v1/outfalls/{oid}/{action}", json=body, headers=headers)
    assert response.status_code == expected, response.text
    return response.json()


def test_discover_to_standardized_through_the_gateway(suite, gateway: httpx.Client) -> None:
    yangming = suite.headers(RW, ["231003"])
    created = gateway.post("/outfall/v1/outfalls", json=REGISTER, headers=yangming)
    assert created.status_code == 201, created.text
    oid = created.json()["id"]
    assert created.json()["code"].startswith("MDJ01231003GY")
    refused = step(gateway, yangming, oid, "trace", {}, expected=409)
    assert refused["allowed"] == ["confirm", "dismiss"]
    survey = {
        "level": 2,
        "method": "manual_field_check",
        "outcome": "confirm",
        "surveyed_at": "2022-06-20T10:00:00+08:00",
    }
    assert step(gateway, yangming, oid, "surveys", survey)["status"] == "confirmed"
    abnormal = step(gateway, yangming, oid, "rapid-tests", TEST, expected=201)
    assert abnormal["exceedances"] == [
        {"parameter": "cod_mg_l", "value": "120", "limit": "100", "bound": "upper"}
    ]
    lab = {"cod_mg_l": 95, "sampled_at": "2022-06-23T09:00:00+08:00", "laboratory": "市监测站"}
    result = gateway.post(
        f"/outfall/v1/lab-tasks/{abnormal['lab_task_id']}/results", json=lab, headers=yangming
    )
    assert result.status_code == 201 and result.json()["abnormal"] is False
    party = {
        "basis": "discharger",
        "name": "集成测试化工厂",
        "party_type": "enterprise",
        "uscc": BODY + uscc.calc_check_digit(BODY),
    }
    assert step(gateway, yangming, oid, "trace", party)["status"] == "traced"
    plan = {"type": "rectify", "plan": "雨污分流", "deadline": "2022-08-31"}
    step(gateway, yangming, oid, "remediation", plan)
    evidence = [{"file_name": "done.jpg", "sha256": "b" * 64}]
    done = step(
        gateway, yangming, oid, "remediation/complete", {"note": "完成", "evidence": evidence}
    )
    assert done["status"] == "remediated"
    checklist = {
        "hardware": ["monitoring_point", "signboard", "video_monitoring"],
        "paper_ledger": True,
    }
    assert step(gateway, yangming, oid, "standardization", checklist)["status"] == "standardized"
    history = gateway.get(f"/outfall/v1/outfalls/{oid}/history", headers=yangming).json()
    assert [h["action"] for h in history["items"]] == [
        "register",
        "confirm",
        "rapid_test",
        "lab_result",
        "trace",
        "plan_remediation",
        "complete_rectify",
        "standardize",
    ]

    board = gateway.get(f"/outfall/v1/outfalls/{oid}/signboard", headers=yangming).json()
    target = urlparse(board["public_url"]).path
    assert target == f"/outfall/v1/public/outfalls/{done['code']}"
    public = gateway.get(target)  # anonymous: no Authorization at all
    assert public.status_code == 200 and public.json()["responsible_party"] == "集成测试化工厂"
    assert "uscc" not in public.json()


def test_county_scoping_and_public_tip_off(suite, gateway: httpx.Client) -> None:
    city = suite.headers(RW)
    haolin = suite.headers(RW, ["231083"])
    other = gateway.post("/outfall/v1/outfalls", json=REGISTER, headers=city).json()
    assert gateway.get(f"/outfall/v1/outfalls/{other['id']}", headers=haolin).status_code == 404
    listed = gateway.get("/outfall/v1/outfalls?limit=500", headers=haolin).json()["items"]
    assert listed and {o["jurisdiction_code"] for o in listed} == {"231083"}
    report = gateway.get("/outfall/v1/reports/progress?as_of=2022-09-01", headers=city).json()
    assert report["totals"]["total"] >= 36  # the demo data and this test's outfalls
    tip = {"location": "江边", "description": "发现排污口夜间排放黑水"}
    assert gateway.post("/outfall/v1/public/tip-offs", json=tip).status_code == 201
    assert gateway.get("/outfall/v1/outfalls").status_code == 401
