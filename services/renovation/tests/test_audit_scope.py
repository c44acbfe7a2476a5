"""Issue 14 item 3: a project's audit entries are scoped exactly like the project."""

from types import SimpleNamespace

import httpx
import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio

SCOPES = ["renovation:read", "renovation:write"]


async def test_audit_of_a_project_is_read_only_within_its_district(
    client: httpx.AsyncClient,
    city: dict[str, str],
    dongan: dict[str, str],
    identity: TestIdentity,
    api: SimpleNamespace,
) -> None:
    yangming = identity.headers("renovation", SCOPES, jurisdiction=["231003"], sub="yangming")
    created = await client.post("/v1/projects", json=api.PROJECT, headers=dongan)
    assert created.status_code == 201
    pid = created.json()["id"]
    query = {"entity_type": "project", "entity_id": pid}

    foreign = await client.get("/v1/audit", params=query, headers=yangming)
    assert foreign.status_code == 200 and foreign.json()["items"] == []
    own = (await client.get("/v1/audit", params=query, headers=dongan)).json()["items"]
    assert [(e["action"], e["division"], e["actor"]) for e in own] == [
        ("register", "231002", "dongan")
    ]
    assert len((await client.get("/v1/audit", params=query, headers=city)).json()["items"]) == 1


async def test_whole_chain_is_only_for_city_wide_admin(
    client: httpx.AsyncClient, dongan: dict[str, str], identity: TestIdentity
) -> None:
    county_admin = identity.headers(
        "renovation", ["admin", *SCOPES], jurisdiction=["231002"], sub="county-admin"
    )
    city_reader = identity.headers("renovation", SCOPES, sub="city-reader")
    city_admin = identity.headers("renovation", ["admin"], sub="city-admin")
    for path in ("/v1/audit/verify", "/v1/audit/export", "/v1/audit/checkpoints"):
        for headers in (dongan, county_admin, city_reader):
            refused = await client.get(path, headers=headers)
            assert refused.status_code == 403, (path, refused.text)
            assert refused.json()["code"] == "whole_chain_only_city_wide"
        assert (await client.get(path, headers=city_admin)).status_code == 200
