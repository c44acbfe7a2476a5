"""A county or school client registers schools only in a county it covers (issue 14, item 4).

The old check also accepted the caller-chosen school code as a division: the 231003 bureau
registered a 231002 school coded `231003` (201), and a school client registered any school
named with its own code. Both failed on the old code.
"""

import httpx
import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio
SCOPES = ["credits:read", "credits:write", "credits:recognize"]


def _school(code: str, county: str) -> dict[str, str]:
    return {"code": code, "name": "辖区测试高中", "county_code": county, "school_type": "ordinary"}


async def _schools(client: httpx.AsyncClient, city: dict[str, str]) -> list[str]:
    listed = await client.get("/v1/schools", params={"limit": 100}, headers=city)
    return [s["code"] for s in listed.json()["items"]]


async def test_county_cannot_register_a_school_in_another_county(
    client: httpx.AsyncClient, identity: TestIdentity, city: dict[str, str]
) -> None:
    bureau = identity.headers("credits", SCOPES, jurisdiction=["231003"], sub="bureau-231003")
    division_shaped = await client.post(
        "/v1/schools", json=_school("231003", "231002"), headers=bureau
    )
    assert division_shaped.status_code in (403, 422), division_shaped.text
    other = await client.post("/v1/schools", json=_school("SCH-OTHER", "231002"), headers=bureau)
    assert other.status_code == 403 and other.json()["code"] == "outside_jurisdiction"
    own = await client.post("/v1/schools", json=_school("SCH-OWN", "231003"), headers=bureau)
    assert own.status_code == 201, own.text
    assert await _schools(client, city) == ["SCH-OWN"]


async def test_school_client_cannot_register_a_school_under_its_own_code(
    client: httpx.AsyncClient, identity: TestIdentity, city: dict[str, str]
) -> None:
    school = identity.headers("credits", SCOPES, jurisdiction=["SCH-NEW"], sub="school-new")
    answer = await client.post("/v1/schools", json=_school("SCH-NEW", "231002"), headers=school)
    assert answer.status_code == 403, answer.text
    assert await _schools(client, city) == []


@pytest.mark.parametrize("code", ["231003", "000000"])
async def test_a_school_code_never_reads_as_a_division_code(
    client: httpx.AsyncClient, city: dict[str, str], code: str
) -> None:
    answer = await client.post("/v1/schools", json=_school(code, "231002"), headers=city)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body.code"
    assert await _schools(client, city) == []
