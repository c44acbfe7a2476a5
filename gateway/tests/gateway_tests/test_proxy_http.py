"""Through a real gateway to a real upstream: identity, headers, limits, bodies, failures."""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest

from gateway.proxy.transport import aiohttp_available
from gateway.settings import UpstreamConfig
from gateway_tests.conftest import GatewayFactory, RunningGateway, start_echo

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"


async def test_caller_identity_is_forwarded_as_a_gateway_token(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read", "labs:read"], jurisdiction=["231002"])
    response = await gw.http.get("/outfall/v1/echo?a=1&b=%E7%89%A1", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["client_id"].startswith("c-")
    assert body["scopes"] == ["labs:read", "outfall:read"]
    assert body["jurisdiction"] == ["231002"]
    assert body["query"] == "a=1&b=%E7%89%A1"
    assert body["has_authorization"]  # the gateway's token; the echo verified aud=outfall


async def test_callers_token_never_reaches_the_service(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    sent = gw.runtime.issuer.service_token  # what the gateway signs for the upstream
    response = await gw.http.get("/outfall/v1/echo", headers=headers)
    assert response.status_code == 200
    token = headers["Authorization"].split()[1]
    assert jwt.get_unverified_header(token)["typ"] == "at+jwt"
    assert sent is not None and "authorization" not in response.json()["headers"]


async def test_request_id_is_generated_echoed_and_passed_on(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    generated = await gw.http.get("/outfall/v1/echo", headers=headers)
    request_id = generated.headers["x-request-id"]
    assert len(request_id) >= 16
    assert generated.json()["headers"]["x-request-id"] == request_id
    given = await gw.http.get("/outfall/v1/echo", headers={**headers, "X-Request-ID": "rq-42"})
    assert given.headers["x-request-id"] == "rq-42"
    assert given.json()["headers"]["x-request-id"] == "rq-42"
    refused = await gw.http.get("/outfall/v1/echo", headers={**headers, "X-Request-ID": "a b"})
    assert refused.headers["x-request-id"] != "a b"


async def test_traceparent_is_propagated_with_a_gateway_span(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    response = await gw.http.get("/outfall/v1/echo", headers={**headers, "traceparent": incoming})
    forwarded = response.json()["headers"]["traceparent"]
    assert forwarded.split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert forwarded.split("-")[2] != "00f067aa0ba902b7"


async def test_hop_by_hop_headers_are_not_forwarded(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    response = await gw.http.get(
        "/outfall/v1/echo",
        headers={**headers, "X-Officer-Id": "officer-9", "Connection": "x-hop", "X-Hop": "1"},
    )
    seen = response.json()["headers"]
    assert seen["x-officer-id"] == "officer-9"
    assert "x-hop" not in seen


@pytest.mark.parametrize(
    "client",
    [
        pytest.param(
            "aiohttp",
            marks=pytest.mark.skipif(not aiohttp_available(), reason="aiohttp not installed"),
        ),
        "httpx",
    ],
)
async def test_upstream_cookies_go_to_the_caller_and_are_never_replayed(
    start_gateway: GatewayFactory, client: str, echo_port: int
) -> None:
    # by host name: aiohttp's default jar ignores cookies of bare IP addresses
    by_name = {"outfall": UpstreamConfig(name="outfall", url=f"http://localhost:{echo_port}")}
    async with start_gateway(upstream_client=client, upstreams=by_name) as gw:
        first = await gw.headers(["outfall:read"])
        second = await gw.headers(["outfall:read"])
        answer = await gw.http.get("/outfall/v1/set-cookie", headers=first)
        assert "secret-of-one-caller" in answer.headers["set-cookie"]
        gw.http.cookies.clear()
        echoed = await gw.http.get("/outfall/v1/echo", headers=second)
        assert "cookie" not in echoed.json()["headers"]


async def test_missing_and_malformed_tokens_are_401_problems(gw: RunningGateway) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer not.a.jwt"}):
        response = await gw.http.get("/outfall/v1/echo", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["request_id"] == response.headers["x-request-id"]


async def test_token_without_a_scope_of_the_service_is_403(gw: RunningGateway) -> None:
    headers = await gw.headers(["labs:read"])
    response = await gw.http.get("/outfall/v1/echo", headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_fine_grained_scope_is_the_services_job(gw: RunningGateway) -> None:
    read_only = await gw.headers(["outfall:read"])
    response = await gw.http.post("/outfall/v1/outfalls", json={"a": 1}, headers=read_only)
    assert response.status_code == 403  # passed the gateway, refused by the service
    writer = await gw.headers(["outfall:write"])
    created = await gw.http.post("/outfall/v1/outfalls", json={"a": 1}, headers=writer)
    assert created.status_code == 201 and created.json() == {"received": len(b'{"a":1}')}


async def test_anonymous_only_on_public_paths(gw: RunningGateway) -> None:
    public = await gw.http.get("/outfall/v1/public/ping")
    assert public.status_code == 200
    assert public.json() == {"client_id": "anonymous", "scope": ""}
    private = await gw.http.get("/outfall/v1/echo")
    assert private.status_code == 401
    lookalike = await gw.http.get("/outfall/v1/publicity")
    assert lookalike.status_code == 401
    dotted = await gw.http.get("/outfall/v1/public/../echo")
    assert dotted.status_code in (400, 401)


async def test_dot_segments_are_refused(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    host, port = gw.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"GET /outfall/v1/../readyz HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
        + f"Authorization: {headers['Authorization']}\r\n\r\n".encode()
    )
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    assert status_line.split()[1] == b"400"  # raw path: httpx would normalise the dots


async def test_public_paths_have_their_own_stricter_limit(gw: RunningGateway) -> None:
    statuses = [(await gw.http.get("/outfall/v1/public/ping")).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2  # anonymous tier: burst 5 per address


async def test_rate_limit_429_with_retry_after_and_ratelimit_headers(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"], tier="tiny")
    answers = [await gw.http.get("/outfall/v1/cheap", headers=headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert answers[0].headers["ratelimit-remaining"] == "2"
    refused = answers[-1]
    assert refused.headers["content-type"] == PROBLEM
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["ratelimit-remaining"] == "0"


async def test_body_over_the_limit_is_413_by_declared_length(
    start_gateway: GatewayFactory,
) -> None:
    async with start_gateway(max_body_bytes=1024) as gw:
        headers = await gw.headers(["outfall:write"])
        at_limit = await gw.http.post("/outfall/v1/upload", content=b"x" * 1024, headers=headers)
        assert at_limit.status_code == 200 and at_limit.json() == {"received": 1024}
        over = await gw.http.post("/outfall/v1/upload", content=b"x" * 1025, headers=headers)
        assert over.status_code == 413
        assert over.headers["content-type"] == PROBLEM and over.json()["limit"] == 1024


async def test_streamed_body_over_the_limit_is_413(start_gateway: GatewayFactory) -> None:
    async with start_gateway(max_body_bytes=200_000) as gw:
        headers = await gw.headers(["outfall:write"])

        async def chunks(total: int):
            for _ in range(total // 10_000):
                yield b"y" * 10_000

        fits = await gw.http.post("/outfall/v1/upload", content=chunks(200_000), headers=headers)
        assert fits.status_code == 200 and fits.json() == {"received": 200_000}
        over = await gw.http.post("/outfall/v1/upload", content=chunks(300_000), headers=headers)
        assert over.status_code == 413


async def test_large_bodies_stream_both_ways(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:write"])
    size = 3 * 1024 * 1024
    upload = await gw.http.post("/outfall/v1/upload", content=b"z" * size, headers=headers)
    assert upload.json() == {"received": size}
    async with gw.http.stream("GET", f"/outfall/v1/big?size={size}", headers=headers) as big:
        assert big.status_code == 200
        received = 0
        async for chunk in big.aiter_raw():
            received += len(chunk)
    assert received == size


async def test_upstream_status_codes_pass_through(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    for code in (404, 409, 500):
        response = await gw.http.get(f"/outfall/v1/status/{code}", headers=headers)
        assert response.status_code == code and response.content == b"upstream says so"


async def test_stopped_service_is_503_naming_it_and_others_still_answer(
    gw: RunningGateway,
) -> None:
    headers = await gw.headers(["labs:read", "outfall:read"])
    started = time.perf_counter()
    down = await gw.http.get("/labs/v1/labs", headers=headers)
    assert time.perf_counter() - started < 2
    assert down.status_code == 503
    assert down.headers["content-type"] == PROBLEM
    assert down.json()["service"] == "labs" and "labs" in down.json()["detail"]
    assert (await gw.http.get("/outfall/v1/cheap", headers=headers)).status_code == 200


async def test_slow_service_is_504_within_its_read_timeout(gw: RunningGateway) -> None:
    headers = await gw.headers(["renovation:read"])
    started = time.perf_counter()
    response = await gw.http.get("/renovation/v1/slow?seconds=3", headers=headers)
    assert response.status_code == 504
    assert time.perf_counter() - started < 2  # renovation's read timeout is 0.5 s
    assert response.json()["service"] == "renovation"


async def test_unknown_service_is_404_problem(gw: RunningGateway) -> None:
    response = await gw.http.get("/nothing/v1/x")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_breaker_opens_answers_fast_and_closes_after_recovery(
    start_gateway: GatewayFactory,
) -> None:
    async with start_gateway(breaker_failure_threshold=3, breaker_open_seconds=0.5) as gw:
        headers = await gw.headers(["labs:read"])
        upstream = gw.runtime.upstreams["labs"]
        codes = [(await gw.http.get("/labs/v1/x", headers=headers)).json()["code"]
                 for _ in range(4)]  # fmt: skip
        assert codes == ["upstream_unavailable"] * 3 + ["circuit_open"]
        status = (await gw.ops.get("/status")).json()
        assert status["services"]["labs"]["circuit"] == "open"
        metrics = (await gw.ops.get("/metrics")).text
        assert 'gateway_circuit_state{upstream="labs"} 2.0' in metrics
        # the service comes back on the same address
        port = upstream.base_url.rsplit(":", 1)[1]
        echo = start_echo(int(port), f"{gw.base_url}/.well-known/jwks.json", "labs")
        try:
            await asyncio.sleep(0.6)
            probe = await gw.http.get("/labs/v1/cheap", headers=headers)
            assert probe.status_code == 200
            assert upstream.breaker.state.value == "closed"
        finally:
            echo.terminate()
            echo.wait(timeout=10)


async def test_disabled_client_is_refused_from_the_next_request(gw: RunningGateway) -> None:
    admin = await gw.headers(["admin"])
    client_id, secret = gw.add_client(["outfall:read"])
    headers = {"Authorization": f"Bearer {await gw.token_for(client_id, secret)}"}
    assert (await gw.http.get("/outfall/v1/cheap", headers=headers)).status_code == 200
    disabled = await gw.ops.post(f"/admin/clients/{client_id}/disable", headers=admin, json={})
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    refused = await gw.http.get("/outfall/v1/cheap", headers=headers)
    assert refused.status_code == 401 and refused.json()["code"] == "client_disabled"
    no_token = await gw.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert no_token.status_code == 401


async def test_changed_client_outdates_its_live_tokens(gw: RunningGateway) -> None:
    """Issue 14 item 8: removing a scope must not leave a 15-minute window."""
    admin = await gw.headers(["admin"])
    client_id, secret = gw.add_client(["outfall:read", "labs:read"])
    headers = {"Authorization": f"Bearer {await gw.token_for(client_id, secret)}"}
    assert (await gw.http.get("/outfall/v1/cheap", headers=headers)).status_code == 200
    changed = await gw.ops.patch(
        f"/admin/clients/{client_id}",
        headers={**admin, "If-Match": '"1"'},
        json={"scopes": ["labs:read"]},
    )
    assert changed.status_code == 200
    refused = await gw.http.get("/outfall/v1/cheap", headers=headers)
    assert refused.status_code == 401 and refused.json()["code"] == "token_outdated"
    fresh = {"Authorization": f"Bearer {await gw.token_for(client_id, secret)}"}
    assert (await gw.http.get("/outfall/v1/cheap", headers=fresh)).status_code == 403


async def test_status_lists_every_upstream(gw: RunningGateway) -> None:
    status = (await gw.ops.get("/status")).json()
    assert status["status"] == "degraded"  # labs is down in these tests
    assert status["services"]["outfall"]["ready"] is True
    assert status["services"]["labs"]["ready"] is False


async def test_merged_openapi_and_docs(gw: RunningGateway) -> None:
    document = (await gw.http.get("/openapi.json")).json()
    assert "/outfall/v1/echo" in document["paths"] and "/oauth/token" in document["paths"]
    assert document["paths"]["/outfall/v1/public/ping"]["get"]["security"] == []
    assert "oauth2" in document["components"]["securitySchemes"]
    assert "labs" in document["x-unavailable-services"]
    docs = await gw.http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_metrics_label_route_templates_not_raw_paths(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    await gw.http.get("/openapi.json")  # teaches the route templates
    await gw.http.get("/outfall/v1/outfalls/of_secret_123", headers=headers)
    metrics = (await gw.ops.get("/metrics")).text
    assert 'route="/outfall/v1/outfalls/{outfall_id}"' in metrics
    assert "of_secret_123" not in metrics
    assert "gateway_upstream_duration_seconds_bucket" in metrics
    assert "gateway_gateway_duration_seconds_bucket" in metrics
