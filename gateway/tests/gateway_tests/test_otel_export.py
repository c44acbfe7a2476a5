"""OpenTelemetry export: spans reach a real OTLP/HTTP receiver and join the caller's trace."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from gateway.observability.otel import traces_endpoint
from gateway.settings import GatewaySettings
from gateway_tests.conftest import GatewayFactory, RunningGateway, free_port

pytestmark = pytest.mark.anyio

INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
INCOMING_SPAN = "00f067aa0ba902b7"


class Collector:
    """The receiving half of OTLP/HTTP (protobuf): what a collector's otlp receiver accepts."""

    def __init__(self) -> None:
        self.requests: list[ExportTraceServiceRequest] = []
        self.paths: list[str] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                message = ExportTraceServiceRequest()
                message.ParseFromString(body)
                collector.requests.append(message)
                collector.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def spans(self) -> list[tuple[dict[str, Any], Any]]:
        """``(resource attributes, span)`` of everything received."""
        found = []
        for request in self.requests:
            for resource_spans in request.resource_spans:
                resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    found += [(resource, span) for span in scope_spans.spans]
        return found


def _value(value: Any) -> Any:
    return getattr(value, value.WhichOneof("value"))


def _attributes(span: Any) -> dict[str, Any]:
    return {a.key: _value(a.value) for a in span.attributes}


@pytest.fixture
def collector() -> Iterator[Collector]:
    running = Collector()
    yield running
    running.server.shutdown()


@pytest.fixture(autouse=True)
def _no_ambient_otel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_SDK_DISABLED",
        "OTEL_SERVICE_NAME",
        "OTEL_TRACES_SAMPLER",
    ):
        monkeypatch.delenv(name, raising=False)


async def _echo(gw: RunningGateway, traceparent: str) -> httpx.Response:
    headers = await gw.headers(["outfall:read"])
    return await gw.http.get("/outfall/v1/echo", headers={**headers, "traceparent": traceparent})


async def test_gateway_span_continues_the_callers_trace_and_parents_the_upstream_hop(
    start_gateway: GatewayFactory, collector: Collector
) -> None:
    async with start_gateway(otel_endpoint=f"http://127.0.0.1:{collector.port}") as gw:
        response = await _echo(gw, f"00-{INCOMING_TRACE}-{INCOMING_SPAN}-01")
        assert response.status_code == 200
        forwarded = response.json()["headers"]["traceparent"]
        refused = await gw.http.get("/outfall/v1/echo")  # no token: traced as well
        assert refused.status_code == 401
    # leaving the context stopped the gateway, which flushes the batch before it exits

    assert collector.paths and set(collector.paths) == {"/v1/traces"}
    spans = collector.spans()
    assert len(spans) == 2
    resource, proxied = next(
        (r, s) for r, s in spans if _attributes(s)["http.response.status_code"] == 200
    )
    assert resource["service.name"] == "gateway"
    assert proxied.trace_id.hex() == INCOMING_TRACE
    assert proxied.parent_span_id.hex() == INCOMING_SPAN
    assert proxied.span_id.hex() == forwarded.split("-")[2]  # the upstream's parent is this span
    assert proxied.kind == proxied.SPAN_KIND_SERVER
    attributes = _attributes(proxied)
    assert proxied.name == f"GET {attributes['http.route']}"
    assert attributes["http.request.method"] == "GET"
    assert attributes["suite.upstream"] == "outfall"
    assert attributes["suite.request_id"] == response.headers["x-request-id"]
    assert attributes["suite.upstream_duration_ms"] > 0
    assert proxied.end_time_unix_nano > proxied.start_time_unix_nano

    _, unauthorised = next(
        (r, s) for r, s in spans if _attributes(s)["http.response.status_code"] == 401
    )
    assert unauthorised.trace_id.hex() != INCOMING_TRACE  # no traceparent sent: a new trace
    assert unauthorised.parent_span_id == b""
    assert _attributes(unauthorised)["suite.request_id"] == refused.headers["x-request-id"]


async def test_a_caller_that_did_not_sample_gets_no_exported_span(
    start_gateway: GatewayFactory, collector: Collector
) -> None:
    async with start_gateway(otel_endpoint=f"http://127.0.0.1:{collector.port}") as gw:
        response = await _echo(gw, f"00-{INCOMING_TRACE}-{INCOMING_SPAN}-00")
        forwarded = response.json()["headers"]["traceparent"]
    assert forwarded.startswith(f"00-{INCOMING_TRACE}-") and forwarded.endswith("-00")
    assert collector.spans() == []


async def test_export_is_off_by_default(start_gateway: GatewayFactory) -> None:
    async with start_gateway() as gw:
        assert gw.runtime.tracer is None
        headers = await gw.headers(["outfall:read"])
        response = await gw.http.get("/outfall/v1/echo", headers=headers)
        assert response.json()["headers"]["traceparent"].startswith("00-")


def test_endpoint_comes_from_the_setting_or_the_standard_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert traces_endpoint(GatewaySettings()) is None
    assert traces_endpoint(GatewaySettings(otel_endpoint="http://c:4318/")) == (
        "http://c:4318/v1/traces"
    )
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert traces_endpoint(GatewaySettings()) == ""  # the exporter reads the variable itself
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert traces_endpoint(GatewaySettings(otel_endpoint="http://c:4318")) is None
