"""A refusal names the request's own field (issue 17: `body.method` for `survey_method`)."""

import httpx
import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio

REGISTER = {
    "survey_level": 1,
    "survey_method": "manual_field_check",  # a level-2/3 method (§五(一)1)
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "东安区某厂",
    "jurisdiction_code": "231002",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.63,
    "latitude": 44.55,
    "category": "industrial",
}


async def test_level_1_survey_with_a_level_2_method_names_survey_method_s5_1_1(
    client: httpx.AsyncClient, identity: TestIdentity
) -> None:
    city = identity.headers("outfall", ["outfall:read", "outfall:write"])
    response = await client.post("/v1/outfalls", json=REGISTER, headers=city)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == ["body.survey_method"]
    assert problem["clause"] == "§五(一)1" and "§五(一)1" in problem["detail"]
