from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from credits.app import MIGRATIONS_DIR, create_app
from credits.demo import seed_demo
from credits.reference import load_reference_data
from credits.settings import Settings
from suitekit.db import make_engine, open_write_session
from suitekit.migrations import upgrade_to_head
from suitekit.testing import (
    TestIdentity,
    create_postgres_database,
    postgres_available,
    service_client,
)

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


def _module_database(request, tmp_path_factory, *, seeded: bool) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('credits') / 'module.db'}"
        drop = None
    else:
        if not postgres_available():
            pytest.skip("no Postgres server answers at TEST_DATABASE_URL or 127.0.0.1:5432")
        url, drop = create_postgres_database()
    upgrade_to_head(MIGRATIONS_DIR, url)
    if seeded:
        engine = make_engine(url)
        load_reference_data(engine)
        session = open_write_session(engine)
        try:
            seed_demo(session)
            session.commit()
        finally:
            session.close()
            engine.dispose()
    yield url
    if drop is not None:
        drop()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One migrated database per test module; each test makes its own school."""
    yield from _module_database(request, tmp_path_factory, seeded=False)


@pytest.fixture
async def shared_client(
    module_database_url: str, identity: TestIdentity
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=module_database_url, identity_jwks=identity.jwks_json)
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database per test module, built by the real migrations and loaded by the
    service's own `seed-demo` use case; tests on it add their own rows and never
    change the demo students' records."""
    yield from _module_database(request, tmp_path_factory, seeded=True)


@pytest.fixture
async def seeded_client(
    seeded_database_url: str, identity: TestIdentity
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=seeded_database_url, identity_jwks=identity.jwks_json)
    async with service_client(create_app(settings)) as http:
        yield http
