"""OpenTelemetry export of the gateway hop: one SERVER span per proxied request, over OTLP/HTTP.

Off unless a collector is configured (``GATEWAY_OTEL_ENDPOINT``, or the standard
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` / ``OTEL_EXPORTER_OTLP_ENDPOINT``). The span continues the
caller's W3C trace, and its span id is the parent id the upstream receives in ``traceparent``,
so a collector joins caller, gateway and service into one trace. Spans leave in batches from a
background thread (BatchSpanProcessor): a slow or absent collector never delays a request.
Sampling follows the SDK's defaults (parent-based; ``OTEL_TRACES_SAMPLER`` overrides).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode
from opentelemetry.trace.span import TraceFlags

from suitekit.tracecontext import parse_traceparent

if TYPE_CHECKING:
    from gateway.settings import GatewaySettings

_STANDARD_ENDPOINTS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def traces_endpoint(settings: GatewaySettings) -> str | None:
    """The collector's traces URL, ``None`` when export is off; the standard variables are read
    by the exporter itself."""
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return None
    if settings.otel_endpoint:
        return settings.otel_endpoint.rstrip("/") + "/v1/traces"
    if any(os.environ.get(name) for name in _STANDARD_ENDPOINTS):
        return ""
    return None


class HopTracer:
    """Starts the gateway's span when a request arrives and ends it once the answer is sent."""

    def __init__(self, provider: TracerProvider) -> None:
        self._provider = provider
        self._tracer = provider.get_tracer("gateway")

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> HopTracer | None:
        endpoint = traces_endpoint(settings)
        if endpoint is None:
            return None
        attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": "gateway"}
        provider = TracerProvider(resource=Resource.create(attributes))
        exporter = OTLPSpanExporter(endpoint=endpoint or None)
        provider.add_span_processor(BatchSpanProcessor(exporter))
        return cls(provider)

    def start(self, incoming: bytes | None, method: str) -> tuple[trace.Span, str, str]:
        """``(span, trace_id, traceparent for the upstream)``."""
        parent = parse_traceparent(incoming)
        context = None
        if parent is not None:
            trace_id, span_id, flags = parent
            remote = SpanContext(
                int(trace_id, 16), int(span_id, 16), is_remote=True, trace_flags=TraceFlags(flags)
            )
            context = trace.set_span_in_context(NonRecordingSpan(remote))
        span = self._tracer.start_span(
            method, context=context, kind=SpanKind.SERVER, start_time=time.time_ns()
        )
        own = span.get_span_context()
        trace_hex = f"{own.trace_id:032x}"
        return span, trace_hex, f"00-{trace_hex}-{own.span_id:016x}-{int(own.trace_flags):02x}"

    @staticmethod
    def finish(
        span: trace.Span,
        *,
        route: str,
        method: str,
        status: int,
        client: str,
        upstream: str,
        upstream_seconds: float,
        request_id: str,
    ) -> None:
        if span.is_recording():
            span.update_name(f"{method} {route}")
            span.set_attributes(
                {
                    "http.request.method": method,
                    "http.route": route,
                    "http.response.status_code": status,
                    "suite.request_id": request_id,
                    "suite.client_id": client,
                    "suite.upstream": upstream,
                    "suite.upstream_duration_ms": round(upstream_seconds * 1000, 3),
                }
            )
            if status >= 500:
                span.set_status(Status(StatusCode.ERROR))
        span.end()

    def shutdown(self) -> None:
        """Flush what is queued (bounded by the exporter's timeout) and stop the thread."""
        self._provider.shutdown()
