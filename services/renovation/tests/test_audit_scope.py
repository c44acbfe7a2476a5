"""Issue 14 item 3: a project's audit entries are scoped exactly like the project."""

import asyncio
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from renovation.app import create_app
from renovation.settings import Settings
from suitekit.audit_checkpoints import (
    checkpoint_body,
    load_or_create_key,
    public_key_b64,
    signature_valid,
)
from suitekit.testing import TestIdentity, service_client

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


async def test_checkpoints_are_signed_every_n_entries_with_the_configured_key(
    database_url: str, identity: TestIdentity, api: SimpleNamespace, tmp_path: Path
) -> None:
    key_file = tmp_path / "renovation-audit.pem"
    settings = Settings(
        database_url=database_url,
        identity_jwks=identity.jwks_json,
        public_base_url="https://gw.example",
        audit_key_file=key_file,
        audit_checkpoint_every_entries=2,
        audit_checkpoint_every_seconds=3600,
        audit_checkpoint_poll_seconds=0.05,
    )
    city = identity.headers("renovation", SCOPES, sub="housing-bureau")
    admin = identity.headers("renovation", ["admin"], sub="city-admin")
    async with service_client(create_app(settings)) as client:
        for n in range(2):
            body = api.PROJECT | {"name": f"检查点小区{n}"}
            assert (await client.post("/v1/projects", json=body, headers=city)).status_code == 201
        signed: list = []
        for _ in range(200):  # the scheduler ticks in the background; wait for its checkpoint
            signed = (await client.get("/v1/audit/checkpoints", headers=admin)).json()[
                "checkpoints"
            ]
            if signed:
                break
            await asyncio.sleep(0.05)
        doc = (await client.get("/v1/audit/checkpoints", headers=admin)).json()
    assert [c["entries"] for c in signed] == [2]  # N = 2 entries, not before
    pem = load_or_create_key(key_file)
    assert doc["public_key"] == public_key_b64(pem.public_key())
    body = checkpoint_body("renovation", 2, signed[0]["head_hash"], signed[0]["time"])
    assert signature_valid(pem.public_key(), body, signed[0]["signature"])
