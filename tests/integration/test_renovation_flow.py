"""renovation through the gateway: real processes, demo data, a district's project to start."""

from urllib.parse import urlparse

import httpx

RW = ["renovation:read", "renovation:write"]
PROJECT = {
    "programme_year": 2022,
    "district": "231002",
    "name": "东安区集成测试小区",
    "buildings": 3,
    "households": 90,
    "floor_area_m2": "6000",
    "content_class": "basic",
    "checklist": ["building_body"],
    "courtyard_investment_yuan": "900000",
    "building_investment_yuan": "600000",
}
BOARDS = [
    {"kind": "effect_drawings", "title": "效果图", "installed_on": "2022-06-15"},
    {
        "kind": "content_schedule",
        "title": "改造内容",
        "supervisor_phones": ["13900000011", "13900000012"],
        "installed_on": "2022-06-15",
    },
    {"kind": "announcement", "title": "工程公告", "shows_qr": True, "installed_on": "2022-06-15"},
]


def test_2022_summary_through_the_gateway_matches_the_gazette(suite, gateway: httpx.Client) -> None:
    response = gateway.get("/renovation/v1/programmes/2022/summary", headers=suite.headers(RW))
    assert response.status_code == 200, response.text
    computed = response.json()["computed"]
    assert (computed["projects"], computed["buildings"], computed["households"]) >= (
        11,
        156,
        13029,
    )
    tasks = gateway.get("/renovation/v1/tasks?limit=100", headers=suite.headers(RW)).json()
    assert len(tasks["items"]) == 44


def test_district_project_is_refused_then_started_and_public_by_qr(
    suite, gateway: httpx.Client
) -> None:
    dongan = suite.headers(RW, ["231002"])
    aimin = suite.headers(RW, ["231004"])
    created = gateway.post("/renovation/v1/projects", json=PROJECT, headers=dongan)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    base = f"/renovation/v1/projects/{pid}"
    assert gateway.get(base, headers=aimin).status_code == 404

    tally = {"held_on": "2022-05-10", "polled": 90, "agree": 59, "disagree": 31, "abstain": 0}
    gateway.post(f"{base}/consultations", json=tally, headers=dongan)
    refused = gateway.post(f"{base}/actions/design", json={}, headers=dongan)
    assert refused.status_code == 409 and refused.json()["agree_missing"] == 1
    tally |= {"agree": 60, "disagree": 30}
    assert gateway.post(f"{base}/consultations", json=tally, headers=dongan).status_code == 201
    assert gateway.post(f"{base}/actions/design", json={}, headers=dongan).status_code == 200

    refused = gateway.post(f"{base}/actions/start", json={}, headers=dongan).json()
    assert refused["code"] == "preconditions_unmet"
    assert refused["contribution_gap_yuan"] == "60000.00"
    payment = {"kind": "payment", "amount_yuan": "60000", "on_date": "2022-06-10"}
    gateway.post(f"{base}/contributions", json=payment, headers=dongan)
    for board in BOARDS:
        gateway.post(f"{base}/boards", json=board, headers=dongan)
    started = gateway.post(f"{base}/actions/start", json={}, headers=dongan)
    assert started.status_code == 200 and started.json()["phase"] == "construction"

    qr = gateway.get(f"{base}/qr", headers=dongan)
    assert qr.status_code == 200 and qr.headers["content-type"] == "image/png"
    target = urlparse(qr.headers["x-qr-target"]).path
    assert target == f"/renovation/v1/public/projects/{pid}"
    public = gateway.get(target)  # anonymous: no Authorization at all
    assert public.status_code == 200 and public.json()["phase"] == "construction"
    assert public.json()["supervisor_phones"] == ["13900000011", "13900000012"]
