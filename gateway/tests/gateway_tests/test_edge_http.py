"""Through a real gateway to a recording upstream (real HTTP): what reaches a service.

Issue 14 items 1 (paths), 6 (own endpoints' body limits, admin checked before the body),
7 (response headers) and the forwarding headers of item 8.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.settings import UpstreamConfig
from gateway_tests.conftest import GatewayFactory, RunningGateway, free_port, start_echo

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"


@dataclass
class Recorder:
    port: int
    record: Path

    def paths(self) -> list[bytes]:
        """Proxied requests (the gateway's own OpenAPI fetch for metric labels left out)."""
        lines = self.record.read_bytes().splitlines() if self.record.exists() else []
        return [line for line in lines if line != b"/openapi.json"]

    def clear(self) -> None:
        self.record.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def recorder(gateway_port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorder]:
    record = tmp_path_factory.mktemp("recording") / "paths.log"
    port = free_port()
    jwks = f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json"
    process = start_echo(port, jwks, "outfall", record=record)
    yield Recorder(port, record)
    process.terminate()
    process.wait(timeout=10)


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


async def raw_request(
    gw: RunningGateway, target: bytes, *, method: bytes = b"GET", headers: bytes = b""
) -> RawAnswer:
    """The request line exactly as given: httpx would normalise the path."""
    host, port = gw.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        method
        + b" "
        + target
        + b" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
        + headers
        + b"\r\n"
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return RawAnswer(int(lines[0].split()[1]), {k.lower(): v for k, v in fields.items()}, body)


ESCAPES = [
    b"/outfall%2fv1%2fpublic/metrics",
    b"/outfall%2Fv1%2Fpublic/metrics",
    b"/outfall%2Fv1%2Fpublic/v1/outfalls",
    b"/lawyer-query%2fv1%2fpublic/docs",
    b"/outfall%2fv1",
    b"/outfall%5cv1%5cpublic/metrics",
    b"/outfall\\v1\\public/metrics",
    b"/outfall%252fv1%252fpublic/metrics",
    b"/outfall;x=1/v1/public/ping",
    b"/outfall/v1;x=1/public/ping",
    b"/outfall/v1/public;x/ping",
    b"/outfall/v1//public/ping",
    b"/outfall/v1/public/%2e%2e/echo",
    b"/outfall/v1/public/..%2fecho",
    b"/admin%2fclients",
]


async def test_no_encoding_escapes_the_service_prefix(
    start_gateway: GatewayFactory, recorder: Recorder
) -> None:
    url = f"http://127.0.0.1:{recorder.port}"
    upstreams = {name: UpstreamConfig(name=name, url=url) for name in ("outfall", "lawyer-query")}
    async with start_gateway(upstreams=upstreams) as gw:
        recorder.clear()
        for target in ESCAPES:
            answer = await raw_request(gw, target)
            assert answer.status == 400, (target, answer)
            assert answer.headers["content-type"] == PROBLEM, target
            assert answer.headers["x-request-id"]
        assert recorder.paths() == []  # nothing was forwarded
        # what is forwarded is what was decided on, re-encoded once
        ok = await raw_request(gw, b"/outfall/v1/%70ublic/ping?x=%2F")
        assert ok.status == 200 and b'"client_id":"anonymous"' in ok.body
        assert recorder.paths() == [b"/v1/public/ping"]


async def test_upstream_receives_only_its_v1_paths(
    start_gateway: GatewayFactory, recorder: Recorder
) -> None:
    url = f"http://127.0.0.1:{recorder.port}"
    async with start_gateway(upstreams={"outfall": UpstreamConfig(name="outfall", url=url)}) as gw:
        token = (await gw.headers(["outfall:read"]))["Authorization"].encode()
        recorder.clear()
        targets = [b"/outfall/v1/outfalls/a%20b", b"/outfall/v1/outfalls/%E7%89%A1", b"/outfall/v1"]
        for target in targets:
            await raw_request(gw, target, headers=b"Authorization: " + token + b"\r\n")
        assert recorder.paths() == [b"/v1/outfalls/a%20b", b"/v1/outfalls/%E7%89%A1", b"/v1"]


async def test_no_failure_reaches_a_caller_as_text_plain(gw: RunningGateway) -> None:
    for target in (b"/outfall%2fv1", b"/outfall/v1/%00", b"/%ff%fe/v1/x", b"/nothing"):
        answer = await raw_request(gw, target)
        assert answer.status in (400, 404), target
        assert answer.headers["content-type"] == PROBLEM, target


# --- item 6: the gateway's own endpoints refuse large bodies before reading them ---------

TOKEN_FORM = b"Content-Type: application/x-www-form-urlencoded\r\n"


async def head_only(gw: RunningGateway, base: str, target: bytes, headers: bytes) -> RawAnswer:
    """Send the request head only (no body byte): the answer must come without the body."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"POST " + target + b" HTTP/1.1\r\nHost: gw\r\n" + headers + b"\r\n")
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=30)
    writer.close()
    lines = head.decode("latin-1").split("\r\n")
    fields = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:] if line)}
    return RawAnswer(int(lines[0].split()[1]), fields, b"")


async def test_token_endpoint_refuses_a_large_declared_body_unread(gw: RunningGateway) -> None:
    huge = b"Content-Length: 11534336\r\n"
    answer = await head_only(gw, gw.base_url, b"/oauth/token", TOKEN_FORM + huge)
    assert answer.status == 413 and answer.headers["content-type"] == PROBLEM


async def test_token_endpoint_limit_is_4_kib(gw: RunningGateway) -> None:
    client_id, secret = gw.add_client(["outfall:read"])
    base = f"grant_type=client_credentials&client_id={client_id}&client_secret={secret}&pad="
    at_limit = base.encode().ljust(4096, b"a")
    ok = await gw.http.post(
        "/oauth/token", content=at_limit, headers={"Content-Type": TOKEN_FORM[14:-2].decode()}
    )
    assert ok.status_code == 200, ok.text
    over = await gw.http.post(
        "/oauth/token",
        content=at_limit + b"a",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert over.status_code == 413 and over.json()["limit"] == 4096

    async def streamed():  # chunked: no Content-Length to refuse by
        for _ in range(5):
            yield b"a" * 1024

    chunked = await gw.http.post(
        "/oauth/token",
        content=streamed(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert chunked.status_code == 413 and chunked.headers["content-type"] == PROBLEM


async def test_admin_checks_the_token_before_reading_the_body(gw: RunningGateway) -> None:
    huge = b"Content-Type: application/json\r\nContent-Length: 11534336\r\n"
    anonymous = await head_only(gw, str(gw.ops.base_url), b"/admin/clients", huge)
    assert anonymous.status == 401 and anonymous.headers["content-type"] == PROBLEM
    admin = (await gw.headers(["admin"]))["Authorization"].encode()
    authorised = await head_only(
        gw,
        str(gw.ops.base_url).rstrip("/"),
        b"/admin/clients",
        huge + b"Authorization: " + admin + b"\r\n",
    )
    assert authorised.status == 413
    nested = b"[" * 100_000 + b"]" * 100_000
    anonymous_nested = await gw.ops.post(
        "/admin/clients", content=nested, headers={"Content-Type": "application/json"}
    )
    assert anonymous_nested.status_code == 401


async def test_admin_body_limit_is_64_kib(gw: RunningGateway) -> None:
    admin = await gw.headers(["admin"])
    body = b'{"id": "probe", "scopes": ["outfall:read"], "jurisdiction": ["*"], "display_name": "'
    at_limit = body.ljust(64 * 1024 - 2, b"x") + b'"}'
    fits = await gw.ops.post(
        "/admin/clients", content=at_limit, headers={**admin, "Content-Type": "application/json"}
    )
    assert fits.status_code == 422  # read and validated: display_name is too long
    over = await gw.ops.post(
        "/admin/clients",
        content=at_limit[:-2] + b'x"}',
        headers={**admin, "Content-Type": "application/json"},
    )
    assert over.status_code == 413 and over.json()["limit"] == 64 * 1024


# --- item 7: response headers filtered whatever their case --------------------------------


async def test_hop_by_hop_and_internal_response_headers_are_dropped(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    response = await gw.http.get("/outfall/v1/internal-headers", headers=headers)
    assert response.status_code == 200
    assert response.headers["x-kept"] == "yes"
    for name in ("keep-alive", "proxy-authenticate", "x-powered-by", "x-internal-hint"):
        assert name not in response.headers, name
    assert "EchoUpstream/1.0" not in response.headers.get_list("server")
    assert response.headers.get_list("x-request-id") == [response.headers["x-request-id"]]
    assert response.headers["x-request-id"] != "upstream-own-id"


# --- item 8: the caller's forwarding claims never reach a service -------------------------


async def test_caller_forwarding_headers_are_replaced_by_the_gateways(gw: RunningGateway) -> None:
    headers = await gw.headers(["outfall:read"])
    claims = {
        "X-Forwarded-For": "10.1.2.3",
        "X-Forwarded-Host": "admin.internal",
        "X-Forwarded-Proto": "https",
        "Forwarded": "for=10.1.2.3;host=admin.internal",
        "X-Real-IP": "10.1.2.3",
        "X-Original-URL": "/metrics",
    }
    seen = (await gw.http.get("/outfall/v1/echo", headers={**headers, **claims})).json()["headers"]
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["forwarded"] == "for=127.0.0.1;proto=http"
    for name in ("x-forwarded-host", "x-real-ip", "x-original-url"):
        assert name not in seen, name


# --- item 5: operator data only on the operations listener --------------------------------


async def test_public_port_serves_no_operator_data(gw: RunningGateway) -> None:
    await gw.http.get("/outfall/v1/public/ping")
    for path in ("/metrics", "/status", "/admin/clients"):
        answer = await gw.http.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == PROBLEM
    for path in ("/healthz", "/readyz", "/.well-known/jwks.json", "/openapi.json", "/docs"):
        assert (await gw.http.get(path)).status_code == 200, path
    metrics = await gw.ops.get("/metrics")
    assert metrics.status_code == 200 and "gateway_requests_total" in metrics.text
    assert (await gw.ops.get("/status")).json()["services"]["outfall"]["ready"] is True


def test_operations_listener_is_on_loopback_by_default() -> None:
    from gateway.settings import OPS_PORT_OFFSET, GatewaySettings, load_settings

    settings = load_settings({})
    assert settings.ops_host == "127.0.0.1"
    assert settings.ops_port == settings.port + OPS_PORT_OFFSET != settings.port
    assert GatewaySettings(ops_port=9999).ops_port == 9999
