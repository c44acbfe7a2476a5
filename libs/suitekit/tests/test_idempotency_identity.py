"""Idempotency records belong to a verified caller, method and route (issue 14, item 2).

A kit service built by the real factory, on a real database built by the kit's migration.
Each case failed on the old middleware, which keyed records by the token's unverified `sub`
and reserved keys for any POST, matched or not, refused or not.
"""

import base64
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel

from suitekit.app import build_service_app
from suitekit.identity import RequireScope
from suitekit.settings import ServiceSettings
from suitekit.testing import TestIdentity, service_client

pytestmark = pytest.mark.anyio

MIGRATIONS = Path(__file__).parent / "kit_migrations"
AUD = "kit"
VICTIM = "county-system"


class ThingIn(BaseModel):
    name: str


def _router(calls: list[str]) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/things", status_code=201, dependencies=[RequireScope("kit:write")])
    def create_thing(data: ThingIn) -> dict[str, str]:
        calls.append(data.name)
        return {"id": f"t{len(calls)}", "name": data.name}

    @router.post("/v1/notes", status_code=201, dependencies=[RequireScope("kit:write")])
    def create_note(data: ThingIn) -> dict[str, str]:
        calls.append("note:" + data.name)
        return {"id": f"n{len(calls)}", "name": data.name}

    return router


@pytest.fixture
async def kit(
    database_url: str, identity: TestIdentity
) -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    calls: list[str] = []
    settings = ServiceSettings(
        service_name=AUD, database_url=database_url, identity_jwks=identity.jwks_json
    )
    app = build_service_app(
        settings=settings,
        title="kit",
        description="kit",
        routers=[_router(calls)],
        migrations_dir=MIGRATIONS,
        audit_read_scopes=["kit:read"],
    )
    async with service_client(app) as client:
        yield client, calls


def unsigned_token(sub: str) -> str:
    """`alg: none`: the claims of a real token, no signature."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"iss": "mudanjiang-gateway", "aud": AUD, "sub": sub, "iat": now, "exp": now + 60}
    claims |= {"scope": "kit:write", "jurisdiction": ["*"]}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _victim(identity: TestIdentity, key: str, scopes: str = "kit:write") -> dict[str, str]:
    return {**identity.headers(AUD, scopes, sub=VICTIM), "Idempotency-Key": key}


def _forged(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {unsigned_token(VICTIM)}", "Idempotency-Key": key}


async def test_forged_identity_never_replays_another_clients_answer(
    kit: tuple[httpx.AsyncClient, list[str]], identity: TestIdentity
) -> None:
    client, calls = kit
    first = await client.post("/v1/things", json={"name": "a"}, headers=_victim(identity, "k1"))
    assert first.status_code == 201
    forged = await client.post("/v1/things", json={"name": "a"}, headers=_forged("k1"))
    assert forged.status_code == 401
    assert "idempotent-replayed" not in forged.headers
    assert "t1" not in forged.text
    again = await client.post("/v1/things", json={"name": "a"}, headers=_victim(identity, "k1"))
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    assert calls == ["a"]


@pytest.mark.parametrize("path", ["/v1/nowhere", "/v1/things/extra"])
async def test_forged_request_to_any_path_reserves_nothing(
    kit: tuple[httpx.AsyncClient, list[str]], identity: TestIdentity, path: str
) -> None:
    client, calls = kit
    assert (await client.post(path, json={"name": "a"}, headers=_forged("k2"))).status_code in (
        401,
        404,
        405,
    )
    assert (
        await client.post("/v1/things", json={"name": "a"}, headers=_forged("k2"))
    ).status_code == 401
    real = await client.post("/v1/things", json={"name": "a"}, headers=_victim(identity, "k2"))
    assert real.status_code == 201 and "idempotent-replayed" not in real.headers
    assert calls == ["a"]


async def test_unmatched_route_and_refusals_before_the_handler_reserve_nothing(
    kit: tuple[httpx.AsyncClient, list[str]], identity: TestIdentity
) -> None:
    client, calls = kit
    headers = _victim(identity, "k3")
    assert (
        await client.post("/v1/nowhere", json={"name": "a"}, headers=headers)
    ).status_code == 404
    assert (await client.get("/v1/things", headers=headers)).status_code == 405
    no_scope = _victim(identity, "k3", scopes="kit:read")
    assert (
        await client.post("/v1/things", json={"name": "a"}, headers=no_scope)
    ).status_code == 403
    assert (await client.post("/v1/things", json={"nom": "a"}, headers=headers)).status_code == 422
    real = await client.post("/v1/things", json={"name": "a"}, headers=headers)
    assert real.status_code == 201 and "idempotent-replayed" not in real.headers
    assert calls == ["a"]


async def test_the_same_key_on_another_route_is_another_record(
    kit: tuple[httpx.AsyncClient, list[str]], identity: TestIdentity
) -> None:
    client, calls = kit
    headers = _victim(identity, "k4")
    assert (await client.post("/v1/things", json={"name": "a"}, headers=headers)).status_code == 201
    note = await client.post("/v1/notes", json={"name": "a"}, headers=headers)
    assert note.status_code == 201 and "idempotent-replayed" not in note.headers
    other = _victim(identity, "k4") | identity.headers(AUD, "kit:write", sub="another-client")
    mine = await client.post("/v1/things", json={"name": "a"}, headers=other)
    assert mine.status_code == 201 and "idempotent-replayed" not in mine.headers
    assert calls == ["a", "note:a", "a"]


async def test_anonymous_callers_share_no_idempotency_namespace(
    kit: tuple[httpx.AsyncClient, list[str]], identity: TestIdentity
) -> None:
    client, calls = kit
    anonymous = {**identity.headers(AUD, "kit:write", sub="anonymous"), "Idempotency-Key": "k5"}
    for _ in range(2):
        answer = await client.post("/v1/things", json={"name": "a"}, headers=anonymous)
        assert answer.status_code == 201 and "idempotent-replayed" not in answer.headers
    assert calls == ["a", "a"]
