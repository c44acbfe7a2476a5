from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from labs.app import create_app
from labs.settings import Settings
from suitekit.testing import TestIdentity, service_client

ALL_SCOPES = ["labs:read", "labs:write", "labs:assess"]
# GB 32100 codes with valid check characters, made for the tests.
CODES = [f"91231000MA1B2C3D{i}" for i in range(8)]


def _with_check(code17: str) -> str:
    from labs.rules.uscc import check_character

    return code17 + check_character(code17)


USCC = [_with_check(c) for c in CODES]


@pytest.fixture
async def client(database_url: str, identity: TestIdentity) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=database_url, identity_jwks=identity.jwks_json)
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture
def bureau(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("labs", ALL_SCOPES, sub="city-market-bureau")


def lab_body(index: int, scope: list[tuple[str, str]], **overrides: Any) -> dict[str, Any]:
    return {
        "name": f"牡丹江检测中心{index}",
        "uscc": USCC[index],
        "contract_start": "2022-01-01",
        "contract_end": "2030-12-31",
        "contract_fee": "480000.00",
        "capacity": 10,
        "scope": [{"food_category": c, "test_item": t} for c, t in scope],
        **overrides,
    }


@pytest.fixture
def make_lab(
    client: httpx.AsyncClient, bureau: dict[str, str]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(index: int, scope: list[tuple[str, str]], **overrides: Any) -> dict[str, Any]:
        response = await client.post(
            "/v1/labs", json=lab_body(index, scope, **overrides), headers=bureau
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_task(
    client: httpx.AsyncClient, bureau: dict[str, str]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(
        lab_id: str, category: str, items: list[str], **overrides: Any
    ) -> dict[str, Any]:
        body = {
            "lab_id": lab_id,
            "food_category": category,
            "test_items": items,
            "assigned_on": "2022-03-01",
            "report_due_on": "2022-03-31",
            **overrides,
        }
        response = await client.post("/v1/tasks", json=body, headers=bureau)
        assert response.status_code == 201, response.text
        return response.json()

    return make
