from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from renovation.app import create_app
from renovation.settings import Settings
from suitekit.testing import TestIdentity, service_client

SCOPES = ["renovation:read", "renovation:write"]


@pytest.fixture
async def client(database_url: str, identity: TestIdentity) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=database_url,
        identity_jwks=identity.jwks_json,
        public_base_url="https://gw.example",
    )
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture
def city(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("renovation", SCOPES, sub="housing-bureau")


@pytest.fixture
def dongan(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("renovation", SCOPES, jurisdiction=["231002"], sub="dongan")


@pytest.fixture
def aimin(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("renovation", SCOPES, jurisdiction=["231004"], sub="aimin")


PROJECT: dict[str, Any] = {
    "programme_year": 2022,
    "district": "231002",
    "name": "东安区测试小区",
    "buildings": 6,
    "households": 300,
    "floor_area_m2": "20000",
    "content_class": "basic",
    "checklist": ["building_body", "utilities"],
    "courtyard_investment_yuan": "3000000",
    "building_investment_yuan": "2000000",
    "utility_facility_investment_yuan": "1000000",
    "weak_current_investment_yuan": "100000",
}

BOARDS: list[dict[str, Any]] = [
    {"kind": "effect_drawings", "title": "效果图", "installed_on": "2022-06-15"},
    {
        "kind": "content_schedule",
        "title": "改造内容、投资、时间安排",
        "supervisor_phones": ["13900000001", "13900000002"],
        "installed_on": "2022-06-15",
    },
    {"kind": "announcement", "title": "工程公告", "shows_qr": True, "installed_on": "2022-06-15"},
]

ALL_PARTIES = [
    "district_government",
    "epc_contractor",
    "whole_process_consultant",
    "supervision_unit",
    "subdistrict",
    "residents_committee",
    "property_company",
    "owner_representatives",
    "district_housing_bureau",
    "district_development_reform",
]


async def _create_project(
    client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    response = await client.post("/v1/projects", json=PROJECT | overrides, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def consult(
    client: httpx.AsyncClient, headers: dict[str, str], project_id: str, agree: int
) -> httpx.Response:
    polled = 300
    body = {
        "held_on": "2022-05-10",
        "polled": polled,
        "agree": agree,
        "disagree": polled - agree,
        "abstain": 0,
    }
    return await client.post(f"/v1/projects/{project_id}/consultations", json=body, headers=headers)


async def action(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    project_id: str,
    name: str,
    body: dict[str, Any] | None = None,
) -> httpx.Response:
    return await client.post(
        f"/v1/projects/{project_id}/actions/{name}", json=body or {}, headers=headers
    )


@pytest.fixture
def api() -> SimpleNamespace:
    """Request bodies and small request helpers shared by the service tests."""
    return SimpleNamespace(
        PROJECT=PROJECT,
        BOARDS=BOARDS,
        ALL_PARTIES=ALL_PARTIES,
        create_project=_create_project,
        consult=consult,
        action=action,
    )
