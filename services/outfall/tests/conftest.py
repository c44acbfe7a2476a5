import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from outfall.app import create_app
from outfall.settings import Settings
from suitekit.testing import TestIdentity, service_client

# --import-mode=importlib keeps test dirs off sys.path; the shared payloads live beside us.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
async def client(database_url: str, identity: TestIdentity) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=database_url, identity_jwks=identity.jwks_json)
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture
def city(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("outfall", ["outfall:read", "outfall:write"], sub="city-ecology")


@pytest.fixture
def dongan(identity: TestIdentity) -> dict[str, str]:
    return identity.headers(
        "outfall", ["outfall:read", "outfall:write"], jurisdiction=["231002"], sub="dongan"
    )


@pytest.fixture
def supervisor(identity: TestIdentity) -> dict[str, str]:
    """City-wide supervisor allowed to read the whole audit chain."""
    return identity.headers("outfall", ["admin", "outfall:read"], sub="city-supervisor")
