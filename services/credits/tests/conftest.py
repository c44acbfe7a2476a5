from collections.abc import AsyncIterator

import httpx
import pytest

from credits.app import create_app
from credits.settings import Settings
from suitekit.testing import TestIdentity, service_client

ALL = ["credits:read", "credits:write", "credits:recognize"]


@pytest.fixture
async def client(database_url: str, identity: TestIdentity) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=database_url, identity_jwks=identity.jwks_json)
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture
def city(identity: TestIdentity) -> dict[str, str]:
    """The city education bureau: every scope, city-wide."""
    return identity.headers("credits", ALL, sub="city-education")


@pytest.fixture
def teacher_headers(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("credits", ["credits:read", "credits:write"], sub="school-teachers")


def school_headers(identity: TestIdentity, school_code: str, scopes=None) -> dict[str, str]:
    return identity.headers(
        "credits", scopes or ALL, jurisdiction=[school_code], sub=f"school-{school_code}"
    )
