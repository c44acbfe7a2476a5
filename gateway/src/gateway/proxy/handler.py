"""The proxy fast path: a plain ASGI handler for ``/{service}/v1/...``.

Order of checks: token -> client enabled -> coarse scope -> rate limit -> body size ->
circuit breaker -> upstream. Every answer carries X-Request-ID; every request is logged
once and counted in the metrics.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.types import Receive, Scope, Send

from gateway.observability.accesslog import log_access
from gateway.observability.metrics import RATE_LIMITED, RETRIES, UPSTREAM_ERRORS
from gateway.observability.otel import HopTracer
from gateway.observability.tracing import child_traceparent, new_request_id
from gateway.problems import Problem, send_problem
from gateway.proxy.auth import authenticate, bearer_token, require_service_scope
from gateway.proxy.body import (
    BUFFER_LIMIT,
    BodyTooLarge,
    ClientGone,
    StreamedBody,
    declared_length,
    read_body,
    too_large,
)
from gateway.proxy.headers import (
    downstream_headers,
    forwarded_value,
    upstream_headers,
    valid_request_id,
)
from gateway.proxy.transport import TransportFailure, UpstreamResponse
from gateway.proxy.upstreams import Upstream
from gateway.ratelimit import rate_limit_headers
from gateway.runtime import Runtime
from gateway.tokens import Identity

if TYPE_CHECKING:
    from opentelemetry.trace import Span

_RETRYABLE_METHODS = frozenset({"GET", "HEAD"})
_BUFFER_RESPONSE_LIMIT = 256 * 1024


@dataclass
class Exchange:
    """What one request collected on its way, for the access log and the metrics."""

    request_id: str
    method: str
    service: str
    route: str
    trace_id: str = ""
    traceparent: str = ""
    span: Span | None = None  # when OpenTelemetry export is on
    client: str = "-"
    status: int = 500
    upstream_time: float = 0.0
    response_headers: list[tuple[bytes, bytes]] = field(default_factory=list)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key == name:
            return value
    return None


class ProxyHandler:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.max_body = runtime.settings.max_body_bytes
        self.access_log = runtime.settings.access_log

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, service: str, path: str, public: bool
    ) -> None:
        """``path`` is the canonical ``/v1/...`` path (``proxy.target``): decided on and sent."""
        started = time.perf_counter()
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        incoming_id = _header(headers, b"x-request-id")
        request_id = incoming_id.decode() if valid_request_id(incoming_id) else new_request_id()
        exchange = Exchange(
            request_id=request_id,
            method=scope["method"],
            service=service,
            route=self.rt.routes.template(service, path),
        )
        self._start_trace(exchange, _header(headers, b"traceparent"))
        try:
            await self._handle(scope, receive, send, exchange, path, public)
        except Problem as problem:
            exchange.status = problem.status
            await send_problem(
                send, problem, request_id=request_id, extra_headers=exchange.response_headers
            )
        except ClientGone:
            exchange.status = 499  # the caller left while sending its body: nobody to answer
        finally:
            self._observe(exchange, time.perf_counter() - started)
            if exchange.span is not None:
                self._finish_trace(exchange, exchange.span)

    def _start_trace(self, exchange: Exchange, incoming: bytes | None) -> None:
        if self.rt.tracer is None:
            exchange.trace_id, exchange.traceparent = child_traceparent(incoming)
        else:
            exchange.span, exchange.trace_id, exchange.traceparent = self.rt.tracer.start(
                incoming, exchange.method
            )

    def _finish_trace(self, exchange: Exchange, span: Span) -> None:
        HopTracer.finish(
            span,
            route=exchange.route,
            method=exchange.method,
            status=exchange.status,
            client=exchange.client,
            upstream=exchange.service,
            upstream_seconds=exchange.upstream_time,
            request_id=exchange.request_id,
        )

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        exchange: Exchange,
        path: str,
        public: bool,
    ) -> None:
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        upstream = self.rt.upstreams[exchange.service]
        identity = await authenticate(
            bearer_token(_header(headers, b"authorization")),
            public=public,
            verifier=self.rt.verifier,
            registry=self.rt.registry,
        )
        exchange.client = identity.sub
        if not public:
            require_service_scope(identity, exchange.service)
        await self._rate_limit(identity, scope, exchange)
        length, chunked = declared_length(headers)
        if length is not None and length > self.max_body:
            raise too_large(self.max_body)
        if not upstream.breaker.allow():
            raise _circuit_open(upstream)
        try:
            content = await self._request_content(receive, length, chunked)
        except (BodyTooLarge, ClientGone) as exc:
            upstream.breaker.release_probe()
            if isinstance(exc, ClientGone):
                exchange.status = 499
                return
            raise too_large(self.max_body) from None
        upstream_headers = self._upstream_headers(scope, identity, exchange)
        if isinstance(content, StreamedBody) and length is not None:
            upstream_headers.append((b"content-length", str(length).encode()))
        url = upstream.base_url + path
        if scope["query_string"]:
            url += "?" + scope["query_string"].decode("latin-1")
        await self._forward(upstream, send, exchange, url, upstream_headers, content)

    async def _rate_limit(self, identity: Identity, scope: Scope, exchange: Exchange) -> None:
        settings = self.rt.settings
        if identity.is_anonymous:
            tier_name = "anonymous"
            key = f"anon:{(scope.get('client') or ('-', 0))[0]}"
        else:
            state = self.rt.registry.state(identity.sub)
            tier_name = state.tier if state else settings.default_tier
            key = f"client:{identity.sub}"
        tier = settings.tier(tier_name)
        decision = await self.rt.limiter.hit(key, tier)
        exchange.response_headers = rate_limit_headers(decision, tier)
        if not decision.allowed:
            RATE_LIMITED.labels(tier_name, "anonymous" if identity.is_anonymous else "client").inc()
            raise Problem(
                429,
                "rate_limited",
                "Too many requests",
                f"rate limit of tier {tier_name} exceeded; retry later",
            )

    async def _request_content(
        self, receive: Receive, length: int | None, chunked: bool
    ) -> bytes | StreamedBody | None:
        if not chunked and not length:
            return None
        if not chunked and length is not None and length <= BUFFER_LIMIT:
            return await read_body(receive, self.max_body)
        return StreamedBody(receive, self.max_body)

    def _upstream_headers(
        self, scope: Scope, identity: Identity, exchange: Exchange
    ) -> list[tuple[bytes, bytes]]:
        headers = upstream_headers(scope["headers"])
        token = self.rt.issuer.service_token(identity, exchange.service)
        client_host = (scope.get("client") or ("", 0))[0]
        scheme = scope.get("scheme", "http")
        headers += [
            (b"authorization", b"Bearer " + token.encode()),
            (b"x-request-id", exchange.request_id.encode()),
            (b"traceparent", exchange.traceparent.encode()),
            (b"x-forwarded-for", client_host.encode()),
            (b"x-forwarded-proto", scheme.encode()),
            (b"forwarded", forwarded_value(client_host, scheme)),
        ]
        return headers

    async def _forward(
        self,
        upstream: Upstream,
        send: Send,
        exchange: Exchange,
        url: str,
        headers: list[tuple[bytes, bytes]],
        content: bytes | StreamedBody | None,
    ) -> None:
        sent_at = time.perf_counter()
        response = await self._send_upstream(upstream, exchange, url, headers, content)
        try:
            out_headers = downstream_headers(response.raw_headers)
            out_headers.append((b"x-request-id", exchange.request_id.encode()))
            out_headers.extend(exchange.response_headers)
            exchange.status = response.status
            start = {
                "type": "http.response.start",
                "status": response.status,
                "headers": out_headers,
            }
            if _small(response.raw_headers):
                body = b"".join([chunk async for chunk in response.aiter_raw()])
                exchange.upstream_time = time.perf_counter() - sent_at
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            exchange.upstream_time = time.perf_counter() - sent_at
            await send(start)
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()

    async def _send_upstream(
        self,
        upstream: Upstream,
        exchange: Exchange,
        url: str,
        headers: list[tuple[bytes, bytes]],
        content: bytes | StreamedBody | None,
    ) -> UpstreamResponse:
        retryable = exchange.method in _RETRYABLE_METHODS and not isinstance(content, StreamedBody)
        attempts = 2 if retryable else 1
        for attempt in range(1, attempts + 1):
            try:
                response = await upstream.transport.send(exchange.method, url, headers, content)
            except TransportFailure as failure:
                if isinstance(content, StreamedBody) and content.exceeded:
                    upstream.breaker.release_probe()
                    raise too_large(self.max_body) from None
                if failure.kind == "connect" and attempt < attempts:
                    RETRIES.labels(upstream.name).inc()
                    continue
                raise self._transport_problem(upstream, failure) from failure
            except BodyTooLarge:
                upstream.breaker.release_probe()
                raise too_large(self.max_body) from None
            except BaseException:
                upstream.breaker.release_probe()
                raise
            upstream.breaker.record_success()
            return response
        raise AssertionError("unreachable")

    def _transport_problem(self, upstream: Upstream, failure: TransportFailure) -> Problem:
        name = upstream.name
        UPSTREAM_ERRORS.labels(name, failure.kind).inc()
        if failure.kind == "pool":
            upstream.breaker.release_probe()
            return Problem(
                503,
                "upstream_busy",
                "Service busy",
                f"service {name} has no free connection",
                service=name,
            )
        upstream.breaker.record_failure()
        if failure.kind == "connect":
            return Problem(
                503,
                "upstream_unavailable",
                "Service unavailable",
                f"service {name} is not reachable",
                service=name,
                headers=[(b"retry-after", b"5")],
            )
        if failure.kind == "timeout":
            return Problem(
                504,
                "upstream_timeout",
                "Gateway timeout",
                f"service {name} did not answer within {upstream.config.read_timeout:g} s",
                service=name,
            )
        return Problem(
            502,
            "bad_gateway",
            "Bad gateway",
            f"service {name} sent an invalid response",
            service=name,
        )

    def _observe(self, exchange: Exchange, total: float) -> None:
        self.rt.metrics.observe(
            upstream=exchange.service,
            route=exchange.route,
            method=exchange.method,
            status=exchange.status,
            client=exchange.client,
            total=total,
            upstream_time=exchange.upstream_time,
        )
        if self.access_log:
            log_access(
                request_id=exchange.request_id,
                client=exchange.client,
                method=exchange.method,
                route=exchange.route,
                upstream=exchange.service,
                status=exchange.status,
                total=total,
                upstream_time=exchange.upstream_time,
                trace_id=exchange.trace_id,
            )


def _small(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"content-length":
            return value.isdigit() and int(value) <= _BUFFER_RESPONSE_LIMIT
    return False


def _circuit_open(upstream: Upstream) -> Problem:
    wait = max(1, round(upstream.breaker.retry_after()))
    return Problem(
        503,
        "circuit_open",
        "Service unavailable",
        f"service {upstream.name} is failing; the gateway stops calling it for {wait} s",
        service=upstream.name,
        headers=[(b"retry-after", str(wait).encode())],
    )
