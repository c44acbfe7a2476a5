"""Payloads and small steps shared by the service tests."""

from typing import Any

import httpx
from stdnum.cn import uscc

REGISTER: dict[str, Any] = {
    "survey_level": 1,
    "survey_method": "drone_remote_sensing",
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "东安区某厂",
    "jurisdiction_code": "231002",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.63,
    "latitude": 44.55,
    "category": "industrial",
}
SURVEY = {
    "level": 2,
    "method": "manual_field_check",
    "outcome": "confirm",
    "surveyed_at": "2022-06-20T10:00:00+08:00",
    "surveyor": "张三",
}
BODY = "91231002MA1C0FFEE"
USCC = BODY + uscc.calc_check_digit(BODY)
TRACE = {
    "basis": "discharger",
    "name": "牡丹江某化工有限公司",
    "party_type": "enterprise",
    "uscc": USCC,
    "contact": "0453-1234567",
    "discharge_channel": "厂区排水暗渠",
    "discharging_unit": "某化工有限公司污水站",
}
NORMAL_TEST = {
    "ph": 7.2,
    "cod_mg_l": 40,
    "nh3n_mg_l": 2,
    "tp_mg_l": 0.3,
    "flow_m3_d": 120,
    "flow_method": "volumetric",
    "sampled_at": "2022-06-21T09:00:00+08:00",
    "sampler": "李四",
}
EVIDENCE = [{"file_name": "after.jpg", "sha256": "a" * 64}]
HARDWARE = ["monitoring_point", "signboard", "video_monitoring"]


async def register(client: httpx.AsyncClient, headers: dict, **overrides: Any) -> dict:
    response = await client.post("/v1/outfalls", json={**REGISTER, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def act(
    client: httpx.AsyncClient,
    headers: dict,
    outfall_id: str,
    path: str,
    body: dict,
    expected: int = 200,
) -> dict:
    response = await client.post(f"/v1/outfalls/{outfall_id}/{path}", json=body, headers=headers)
    assert response.status_code == expected, response.text
    return response.json()


async def traced(client: httpx.AsyncClient, headers: dict, **overrides: Any) -> dict:
    outfall = await register(client, headers, **overrides)
    await act(client, headers, outfall["id"], "surveys", SURVEY)
    return await act(client, headers, outfall["id"], "trace", TRACE)
