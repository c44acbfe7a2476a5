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
