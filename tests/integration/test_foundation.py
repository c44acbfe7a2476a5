"""The walking skeleton, end to end: real processes, real HTTP, through the gateway."""

import http.client
import json
import time
import uuid
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from suitekit.supervisor import SERVICES

ALL_READ = [f"{m.name}:read" for m in SERVICES]
OUTFALL = {
    "survey_level": 1,
    "survey_method": "drone_remote_sensing",
    "surveyed_at": "2022-06-18T09:30:00+08:00",
    "location_name": "东安区某厂",
    "jurisdiction_code": "231002",
    "water_body_name": "牡丹江",
    "water_body_code": "MDJ01",
    "longitude": 129.63,
    "latitude": 44.55,
    "category": "industrial",
}


def gateway_signing_key(suite) -> tuple[str, object]:
    key_dir = Path(suite.suite.env_for(suite.suite.members()[0])["GATEWAY_SIGNING_KEY_DIR"])
    manifest = json.loads((key_dir / "manifest.json").read_text())
    kid = manifest["active"]
    return kid, load_pem_private_key((key_dir / f"{kid}.pem").read_bytes(), password=None)


def forged(suite, **claims) -> str:
    kid, key = gateway_signing_key(suite)
    now = int(time.time())
    body = {
        "iss": "mudanjiang-gateway",
        "aud": "mudanjiang-suite",
        "sub": "intruder",
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        "scope": " ".join(ALL_READ),
        "jurisdiction": ["*"],
    } | claims
    return jwt.encode(body, key, algorithm="EdDSA", headers={"kid": kid})


def test_token_is_issued_and_every_service_answers(
    suite, gateway: httpx.Client, ops: httpx.Client
) -> None:
    headers = suite.admin_headers()  # the bootstrap client: city-wide, every scope
    for member in SERVICES:
        response = gateway.get(f"/{member.name}/v1/audit", params={"limit": 1}, headers=headers)
        assert response.status_code == 200, (member.name, response.text)
    status = ops.get("/status").json()
    assert status  # every upstream is listed with its readiness
    assert all(name in json.dumps(status) for name in (m.name for m in SERVICES))


def test_token_response_follows_rfc6749(suite, gateway: httpx.Client) -> None:
    client_id, secret = suite.add_client(["outfall:read"])
    response = gateway.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    assert body["scope"] == "outfall:read"


def test_wrong_secret_is_401(suite, gateway: httpx.Client) -> None:
    client_id, _ = suite.add_client(["outfall:read"])
    response = gateway.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, "wrong")
    )
    assert response.status_code in (400, 401)


def test_missing_token_is_401(gateway: httpx.Client) -> None:
    response = gateway.get("/outfall/v1/outfalls")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_expired_token_is_401(suite, gateway: httpx.Client) -> None:
    token = forged(suite, iat=int(time.time()) - 3600, exp=int(time.time()) - 1800)
    response = gateway.get("/outfall/v1/outfalls", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_tampered_token_is_401(suite, gateway: httpx.Client) -> None:
    header, payload, signature = suite.token(ALL_READ).split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["scope"] += " admin"
    payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    token = f"{header}.{payload}.{signature}"
    response = gateway.get("/outfall/v1/outfalls", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_alg_none_token_is_401(gateway: httpx.Client) -> None:
    now = int(time.time())
    token = jwt.encode(
        {
            "iss": "mudanjiang-gateway",
            "aud": "mudanjiang-suite",
            "sub": "x",
            "iat": now,
            "exp": now + 600,
            "scope": " ".join(ALL_READ),
            "jurisdiction": ["*"],
        },
        key=None,
        algorithm="none",
    )
    response = gateway.get("/outfall/v1/outfalls", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_for_other_audience_is_401(suite, gateway: httpx.Client) -> None:
    token = forged(suite, aud="outfall")
    response = gateway.get("/outfall/v1/outfalls", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_without_the_scope_is_403(suite, gateway: httpx.Client) -> None:
    headers = suite.headers(["labs:read"])
    response = gateway.get("/outfall/v1/outfalls", headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    read_only = suite.headers(["outfall:read"])
    refused = gateway.post("/outfall/v1/outfalls", json=OUTFALL, headers=read_only)
    assert refused.status_code == 403


def test_county_client_cannot_read_other_county_outfall(suite, gateway: httpx.Client) -> None:
    city = suite.headers(["outfall:read", "outfall:write"])
    haerlin = gateway.post(
        "/outfall/v1/outfalls", headers=city, json={**OUTFALL, "jurisdiction_code": "231083"}
    ).json()
    dongan_own = gateway.post("/outfall/v1/outfalls", headers=city, json=OUTFALL).json()
    dongan = suite.headers(["outfall:read"], jurisdiction=["231002"])
    assert gateway.get(f"/outfall/v1/outfalls/{haerlin['id']}", headers=dongan).status_code == 404
    assert (
        gateway.get(f"/outfall/v1/outfalls/{dongan_own['id']}", headers=dongan).status_code == 200
    )


def test_direct_call_to_a_service_without_gateway_identity_is_401(suite) -> None:
    for member in SERVICES:
        response = httpx.get(f"{suite.suite.url(member)}/v1/audit", timeout=10)
        assert response.status_code == 401, member.name


def test_client_token_replayed_straight_to_a_service_is_401(suite) -> None:
    token = suite.token(ALL_READ)
    outfall = SERVICES[0]
    response = httpx.get(
        f"{suite.suite.url(outfall)}/v1/outfalls",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 401


def test_bad_input_is_problem_json_and_writes_nothing(suite, gateway: httpx.Client) -> None:
    city = suite.headers(["outfall:read", "outfall:write"])
    admin = suite.admin_headers()
    before = gateway.get("/outfall/v1/audit", params={"limit": 500}, headers=admin).json()["items"]
    response = gateway.post(
        "/outfall/v1/outfalls", headers=city, json={**OUTFALL, "longitude": 500}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["body.longitude"]
    after = gateway.get("/outfall/v1/audit", params={"limit": 500}, headers=admin).json()["items"]
    assert len(after) == len(before)


def test_request_id_is_echoed_and_generated(suite, gateway: httpx.Client) -> None:
    headers = suite.headers(ALL_READ) | {"X-Request-ID": "it-req-42"}
    response = gateway.get("/outfall/v1/jurisdictions", headers=headers)
    assert response.headers["x-request-id"] == "it-req-42"
    generated = gateway.get("/outfall/v1/jurisdictions", headers=suite.headers(ALL_READ))
    assert generated.headers["x-request-id"]


def test_merged_openapi_lists_every_service(gateway: httpx.Client) -> None:
    document = gateway.get("/openapi.json").json()
    prefixes = {path.split("/")[1] for path in document["paths"]}
    assert {m.name for m in SERVICES} <= prefixes


def test_stopped_service_gives_503_fast_while_others_answer(suite, gateway: httpx.Client) -> None:
    labs = next(m for m in SERVICES if m.name == "labs")
    headers = suite.admin_headers()
    suite.suite.stop_member(labs)
    try:
        started = time.monotonic()
        response = gateway.get("/labs/v1/audit", headers=headers)
        elapsed = time.monotonic() - started
        assert response.status_code in (502, 503)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "labs" in response.text
        assert elapsed < 10  # within the upstream timeout, not hanging
        assert gateway.get("/outfall/v1/audit", headers=headers).status_code == 200
    finally:
        suite.suite.start_member(labs)
        suite.suite.wait_ready(labs)
    assert _eventually_ok(gateway, "/labs/v1/audit", headers)


def _eventually_ok(gateway: httpx.Client, path: str, headers: dict, seconds: float = 30) -> bool:
    """After a restart the breaker half-opens and lets a probe through."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if gateway.get(path, headers=headers).status_code == 200:
            return True
        time.sleep(0.5)
    return False


def _raw_get(url: str, target: str) -> tuple[int, str, bytes]:
    """The request target exactly as given (an HTTP client library may normalise it)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.getheader("content-type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "target",
    [
        "/outfall%2fv1%2fpublic/metrics",
        "/lawyer-query%2fv1%2fpublic/docs",
        "/outfall%2Fv1%2Fpublic/v1/outfalls",
        "/outfall%2fv1",
        "/outfall%252fv1%252fpublic/metrics",
        "/outfall%5cv1%5cpublic/metrics",
        "/outfall;x/v1/public/metrics",
    ],
)
def test_encoded_separators_never_reach_a_service_issue14(suite, target: str) -> None:
    """Issue 14 item 1, through the real processes: a 400 problem, never the service's own
    /metrics or /docs, never a text/plain 500."""
    status, content_type, body = _raw_get(suite.gateway_url, target)
    assert status == 400, (target, status, body[:200])
    assert content_type == "application/problem+json"
    assert b"swagger" not in body.lower() and b"_total" not in body


def test_operator_data_is_only_on_the_operations_port_issue14(
    suite, gateway: httpx.Client, ops: httpx.Client
) -> None:
    """Issue 14 item 5: /metrics names every client, /status the internal URLs."""
    for path in ("/metrics", "/status", "/admin/clients"):
        assert gateway.get(path).status_code == 404, path
    assert "gateway_requests_total" in ops.get("/metrics").text
    assert ops.get("/status").json()["services"]
    listed = ops.get("/admin/clients", headers=suite.admin_headers())
    assert listed.status_code == 200 and listed.json()["items"]
