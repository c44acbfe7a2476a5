"""POST /oauth/token and /admin/clients over real HTTP."""

from __future__ import annotations

import httpx
import jwt
import pytest

from gateway.settings import TierSpec
from gateway_tests.conftest import GatewayFactory, RunningGateway

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"


async def test_token_by_form_and_by_basic_rfc6749_4_4(gw: RunningGateway) -> None:
    client_id, secret = gw.add_client(["outfall:read", "outfall:write"], jurisdiction=["231002"])
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    by_form = await gw.http.post("/oauth/token", data=form)
    by_basic = await gw.http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "outfall:read"},
        auth=(client_id, secret),
    )
    for response in (by_form, by_basic):
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert by_form.json()["scope"] == "outfall:read outfall:write"
    assert by_basic.json()["scope"] == "outfall:read"
    claims = jwt.decode(by_basic.json()["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "mudanjiang-suite" and claims["iss"] == "mudanjiang-gateway"
    assert claims["jurisdiction"] == ["231002"] and claims["sub"] == client_id


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "scope": "admin"}, 400, "invalid_scope"),
    ],
)
async def test_bad_token_requests_are_problems_with_the_oauth_error(
    gw: RunningGateway, form: dict[str, str], status: int, error: str
) -> None:
    client_id, secret = gw.add_client(["outfall:read"])
    response = await gw.http.post("/oauth/token", data=form, auth=(client_id, secret))
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["error"] == error and response.json()["code"] == error


async def test_json_token_request_is_refused(gw: RunningGateway) -> None:
    response = await gw.http.post("/oauth/token", json={"grant_type": "client_credentials"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


async def test_wrong_secret_is_401_and_repeated_failures_are_429(gw: RunningGateway) -> None:
    client_id, secret = gw.add_client(["outfall:read"])
    statuses = []
    for _ in range(4):
        response = await gw.http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, "wrong-secret"),
        )
        statuses.append(response.status_code)
        if response.status_code == 401:
            assert response.json()["error"] == "invalid_client"
            assert response.headers["www-authenticate"].startswith("Basic")
    assert statuses == [401, 401, 401, 429]  # token-failures tier: 3 per client and address
    locked = await gw.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1


async def test_failures_from_one_address_never_lock_the_client_out_elsewhere(
    gw: RunningGateway,
) -> None:
    """Issue 14 item 8: throttled per (client, address) and per address, never per client."""
    client_id, secret = gw.add_client(["outfall:read"])
    form = {"grant_type": "client_credentials"}
    attacker = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx.AsyncClient(base_url=gw.base_url, transport=attacker) as elsewhere:
        tries = [
            (await elsewhere.post("/oauth/token", data=form, auth=(client_id, "wrong"))).status_code
            for _ in range(10)
        ]
        assert tries == [401] * 3 + [429] * 7  # at the limit (3) still 401, above it 429
        from_attacker = await elsewhere.post("/oauth/token", data=form, auth=(client_id, secret))
        assert from_attacker.status_code == 429  # that address is throttled for this client
    owner = await gw.http.post("/oauth/token", data=form, auth=(client_id, secret))
    assert owner.status_code == 200, owner.text  # the real system, from its own address


async def test_one_address_failing_on_many_clients_is_throttled(
    start_gateway: GatewayFactory,
) -> None:
    tiers = {
        "standard": TierSpec(rate=1000, burst=1000),
        "token-failures-address": TierSpec(rate=0.01, burst=4),
    }
    async with start_gateway(rate_tiers=tiers) as gw:
        form = {"grant_type": "client_credentials"}
        statuses = []
        for n in range(6):
            client_id, _ = gw.add_client(["outfall:read"])
            answer = await gw.http.post("/oauth/token", data=form, auth=(client_id, f"wrong-{n}"))
            statuses.append(answer.status_code)
        assert statuses == [401] * 4 + [429] * 2


async def test_jwks_publishes_the_verification_keys(gw: RunningGateway) -> None:
    jwks = (await gw.http.get("/.well-known/jwks.json")).json()
    token = await gw.token_for(*gw.add_client(["outfall:read"]))
    kid = jwt.get_unverified_header(token)["kid"]
    assert kid in {k["kid"] for k in jwks["keys"]}
    key = jwt.PyJWKSet.from_dict(jwks)[kid].key
    claims = jwt.decode(token, key, algorithms=["EdDSA"], audience="mudanjiang-suite")
    assert claims["scope"] == "outfall:read"


async def test_admin_api_needs_the_admin_scope(gw: RunningGateway) -> None:
    assert (await gw.ops.get("/admin/clients")).status_code == 401
    other = await gw.headers(["outfall:read"])
    refused = await gw.ops.get("/admin/clients", headers=other)
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM


async def test_admin_creates_lists_updates_and_rotates(gw: RunningGateway) -> None:
    admin = await gw.headers(["admin"])
    created = await gw.ops.post(
        "/admin/clients",
        headers=admin,
        json={
            "id": "ning-an-outfall",
            "display_name": "宁安市生态环境分局",
            "scopes": ["outfall:read", "outfall:write"],
            "jurisdiction": ["231084"],
            "tier": "tiny",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["client_secret"]
    assert body["enabled"] and body["tier"] == "tiny" and created.headers["etag"] == '"1"'
    assert "secret_hash" not in body
    listed = (await gw.ops.get("/admin/clients", headers=admin, params={"limit": 500})).json()
    assert "ning-an-outfall" in {c["id"] for c in listed["items"]}
    assert all("client_secret" not in c for c in listed["items"])
    no_match = await gw.ops.patch(
        "/admin/clients/ning-an-outfall", headers=admin, json={"tier": "standard"}
    )
    assert no_match.status_code == 428
    stale = await gw.ops.patch(
        "/admin/clients/ning-an-outfall",
        headers={**admin, "If-Match": '"7"'},
        json={"tier": "standard"},
    )
    assert stale.status_code == 412
    updated = await gw.ops.patch(
        "/admin/clients/ning-an-outfall",
        headers={**admin, "If-Match": '"1"'},
        json={"tier": "standard", "scopes": ["outfall:read"]},
    )
    assert updated.status_code == 200 and updated.json()["scopes"] == ["outfall:read"]
    assert updated.headers["etag"] == '"2"'
    rotated = await gw.ops.post(
        "/admin/clients/ning-an-outfall/rotate-secret", headers=admin, json={"reason": "leak"}
    )
    new_secret = rotated.json()["client_secret"]
    assert new_secret != secret
    assert await gw.token_for("ning-an-outfall", new_secret)
    old = await gw.http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("ning-an-outfall", secret),
    )
    assert old.status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "x1y", "scopes": ["nope:read"], "jurisdiction": ["*"]},
        {"id": "x2y", "scopes": ["outfall:read"], "jurisdiction": []},
        {"id": "x3y", "scopes": ["outfall:read"], "jurisdiction": ["*"], "tier": "gold"},
        {"id": "x4y", "scopes": ["outfall:read"], "jurisdiction": ["*"], "extra": 1},
        {"scopes": ["outfall:read"], "jurisdiction": ["*"]},
        {"id": "东安-eco", "scopes": ["outfall:read"], "jurisdiction": ["*"]},
    ],
)
async def test_admin_bad_input_is_422_and_writes_nothing(
    gw: RunningGateway, payload: dict[str, object]
) -> None:
    admin = await gw.headers(["admin"])
    response = await gw.ops.post("/admin/clients", headers=admin, json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM and response.json()["errors"]
    missing = await gw.ops.get(f"/admin/clients/{payload.get('id', 'none')}", headers=admin)
    assert missing.status_code == 404


async def test_admin_state_actions_are_checked(gw: RunningGateway) -> None:
    admin = await gw.headers(["admin"])
    client_id, _ = gw.add_client(["outfall:read"])
    enable = await gw.ops.post(f"/admin/clients/{client_id}/enable", headers=admin, json={})
    assert enable.status_code == 409 and enable.json()["code"] == "invalid_transition"
    assert enable.json()["allowed"] == ["disable", "rotate-secret"]
    assert (await gw.ops.post(f"/admin/clients/{client_id}/disable", headers=admin)).is_success
    again = await gw.ops.post(f"/admin/clients/{client_id}/enable", headers=admin)
    assert again.status_code == 200 and again.json()["enabled"] is True


async def test_gateway_health_and_readiness(gw: RunningGateway) -> None:
    assert (await gw.http.get("/healthz")).json() == {"status": "ok"}
    assert (await gw.http.get("/readyz")).json() == {"status": "ready"}
