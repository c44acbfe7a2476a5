"""Links in answers can be followed through the gateway (issue 17, "links through the gateway").

The suite here runs on a free port block, never :8000, so a public URL built from a hard-coded
default would fail these tests.
"""

from urllib.parse import urlparse

import httpx

RW = ["outfall:read", "outfall:write"]
REGISTER = {
    "survey_level": 1,
    "survey_method": "satellite_remote_sensing",
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "链接测试排口",
    "jurisdiction_code": "231002",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.65,
    "latitude": 44.60,
    "category": "industrial",
}


def test_location_of_a_new_outfall_is_the_gateway_path(suite, gateway: httpx.Client) -> None:
    headers = {**suite.headers(RW), "Idempotency-Key": "links-location-1"}
    created = gateway.post("/outfall/v1/outfalls", json=REGISTER, headers=headers)
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location == f"/outfall/v1/outfalls/{created.json()['id']}"
    followed = gateway.get(location, headers=headers)
    assert followed.status_code == 200 and followed.json()["id"] == created.json()["id"]
    replay = gateway.post("/outfall/v1/outfalls", json=REGISTER, headers=headers)
    assert replay.headers["location"] == location


def test_public_urls_use_the_gateways_actual_address(suite, gateway: httpx.Client) -> None:
    boards = gateway.get("/outfall/v1/public/outfalls").json()["items"]
    assert boards, "the demo data has standardised outfalls"
    url = boards[0]["public_url"]
    assert url.startswith(f"{suite.gateway_url}/outfall/v1/public/outfalls/")
    assert gateway.get(urlparse(url).path).status_code == 200


def test_renovation_qr_target_uses_the_gateways_actual_address(
    suite, gateway: httpx.Client
) -> None:
    headers = suite.headers(["renovation:read"])
    project = gateway.get("/renovation/v1/projects?limit=1", headers=headers).json()["items"][0]
    qr = gateway.get(f"/renovation/v1/projects/{project['id']}/qr", headers=headers)
    assert qr.status_code == 200
    target = qr.headers["x-qr-target"]
    assert target == f"{suite.gateway_url}/renovation/v1/public/projects/{project['id']}"
    assert gateway.get(urlparse(target).path).status_code == 200
