"""pytest plugin (auto-loaded): real databases built by the real migrations, real signed identities.

Fixtures:
- `identity`: an Ed25519 key pair standing in for the gateway; `identity.jwks_json` goes into
  the service settings (`identity_jwks`), `identity.headers(aud, scopes, jurisdiction)` gives
  request headers with a token the service verifies exactly as it would the gateway's.
- `database_url`: parametrised over SQLite (a fresh file) and Postgres (a fresh database,
  dropped afterwards; when no server answers, the Postgres case is skipped with the reason).
- `make_database_url`: the same as a factory, for a test that needs several databases.
- `service_client(app)`: async context manager: runs the app's lifespan (migrations, refdata)
  and yields an httpx.AsyncClient on the ASGI app.
"""

import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import jwt
import psycopg
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from suitekit.identity import jwks_from_public_keys

ISSUER = "mudanjiang-gateway"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


class TestIdentity:
    """Signs gateway-style identity tokens for service tests."""

    __test__ = False

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.kid = uuid.uuid4().hex[:12]
        public = jwt.algorithms.OKPAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        public.update({"kid": self.kid, "alg": "EdDSA", "use": "sig"})
        self.jwks_json = jwks_from_public_keys([public])

    def token(
        self,
        aud: str,
        scopes: list[str] | str = (),  # type: ignore[assignment]
        jurisdiction: list[str] | None = None,
        sub: str = "test-client",
        ttl: int = 60,
        **overrides: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": aud,
            "sub": sub,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
            "scope": scopes if isinstance(scopes, str) else " ".join(scopes),
            "jurisdiction": jurisdiction if jurisdiction is not None else ["*"],
        }
        claims.update(overrides)
        return jwt.encode(claims, self.key, algorithm="EdDSA", headers={"kid": self.kid})

    def headers(self, aud: str, scopes: list[str] | str = (), **kwargs: Any) -> dict[str, str]:  # type: ignore[assignment]
        return {"Authorization": f"Bearer {self.token(aud, scopes, **kwargs)}"}


def postgres_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_ADMIN_URL


def postgres_available() -> bool:
    try:
        with psycopg.connect(postgres_admin_url(), connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def create_postgres_database() -> tuple[str, Callable[[], None]]:
    admin = postgres_admin_url()
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def identity() -> TestIdentity:
    return TestIdentity()


@pytest.fixture
def make_database_url(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    drops: list[Callable[[], None]] = []

    def make(kind: str = "sqlite") -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / (uuid.uuid4().hex[:8] + '.db')}"
        if not postgres_available():
            pytest.skip("no Postgres server answers at TEST_DATABASE_URL or 127.0.0.1:5432")
        url, drop = create_postgres_database()
        drops.append(drop)
        return url

    yield make
    for drop in drops:
        drop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, make_database_url: Callable[[str], str]) -> str:
    return make_database_url(request.param)


@asynccontextmanager
async def service_client(app: FastAPI, **headers: str) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://service", headers=headers
        ) as client,
    ):
        yield client


HTTP_METHODS = ("get", "put", "post", "patch", "delete")


async def answers_without_gateway_identity(client: httpx.AsyncClient) -> list[str]:
    """Every `/v1/` operation of the service's own OpenAPI document that does not answer 401
    to a call without the gateway's identity (public routes included: the gateway signs an
    anonymous identity for them). Path parameters are placeholders, bodies empty, required
    query parameters absent: identity is checked before any of them."""
    document = (await client.get("/openapi.json")).json()
    wrong = []
    for path, item in sorted(document["paths"].items()):
        if not path.startswith("/v1/"):
            continue
        filled = re.sub(r"\{[^}]+\}", "x", path)
        for method in (m for m in HTTP_METHODS if m in item):
            body = {} if "requestBody" in item[method] else None
            response = await client.request(method.upper(), filled, json=body)
            if response.status_code != 401:
                wrong.append(f"{method.upper()} {path}: {response.status_code}")
    return wrong


def schema_drift(migrations_dir: Path, url: str) -> list[Any]:
    """Differences between the models and the schema the migrations built (should be [])."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from suitekit.db import make_engine, metadata
    from suitekit.migrations import upgrade_to_head

    upgrade_to_head(migrations_dir, url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def assert_migrations_round_trip(migrations_dir: Path, url: str) -> None:
    """Upgrade to head, down to base, and up again: every step must run on this database."""
    from suitekit.db import make_engine
    from suitekit.migrations import at_head, downgrade_to, upgrade_to_head

    upgrade_to_head(migrations_dir, url)
    downgrade_to(migrations_dir, url, "base")
    upgrade_to_head(migrations_dir, url)
    engine = make_engine(url)
    try:
        assert at_head(engine, migrations_dir)
    finally:
        engine.dispose()
