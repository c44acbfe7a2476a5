"""The ASGI layer in front of everything the gateway serves, on both listeners.

Here, before any route code runs: the one decision on the path (``proxy.target``), the body
limits of the gateway's own endpoints (checked from ``Content-Length`` and while reading, so
a large body is refused without being read), the ``admin`` check before an admin body is
read, and a catch-all so that no failure reaches a caller as a text/plain 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.observability.tracing import new_request_id
from gateway.problems import Problem, send_problem
from gateway.proxy.body import BodyTooLarge, ClientGone, declared_length, read_body, too_large
from gateway.proxy.headers import valid_request_id
from gateway.proxy.target import PathRefused, proxy_target, refuse_ambiguous_separators

log = logging.getLogger("gateway")

# Issue 14 item 6: small limits on the gateway's own endpoints (the proxied API keeps
# GATEWAY_MAX_BODY_BYTES); a token request is a short form, a client registration small JSON.
TOKEN_BODY_LIMIT = 4 * 1024
ADMIN_BODY_LIMIT = 64 * 1024
OWN_BODY_LIMIT = 64 * 1024  # anything else the gateway answers itself

ProxyCall = Callable[[Scope, Receive, Send, str, str, bool], Awaitable[None]]
AdminGate = Callable[[Scope], Awaitable[None]]


def body_limit(path: str) -> int:
    if path == "/oauth/token":
        return TOKEN_BODY_LIMIT
    if path == "/admin" or path.startswith("/admin/"):
        return ADMIN_BODY_LIMIT
    return OWN_BODY_LIMIT


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            return value.decode() if valid_request_id(value) else new_request_id()
    return new_request_id()


def _raw_path(scope: Scope) -> bytes:
    raw = scope.get("raw_path")
    return raw if raw else scope["path"].encode("utf-8")


class Edge:
    """One listener's entry point: proxied paths to ``proxy`` (when given), the rest to ``own``."""

    def __init__(
        self,
        own: ASGIApp,
        *,
        proxy: ProxyCall | None = None,
        services: frozenset[str] = frozenset(),
        admin_gate: AdminGate | None = None,
    ) -> None:
        self.own = own
        self.proxy = proxy
        self.services = services
        self.admin_gate = admin_gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.own(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._dispatch(scope, receive, tracked_send)
        except Problem as problem:
            if started:
                raise
            await send_problem(send, problem, request_id=_request_id(scope), extra_headers=[])
        except ClientGone:
            return
        except Exception:
            log.exception("unhandled error at the gateway's edge")
            if started:
                raise
            internal = Problem(500, "internal_error", "Internal error", "unexpected error")
            await send_problem(send, internal, request_id=_request_id(scope), extra_headers=[])

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_path = _raw_path(scope)
        try:
            if self.proxy is None:
                refuse_ambiguous_separators(raw_path)
                target = None
            else:
                target = proxy_target(raw_path, self.services)
        except PathRefused as exc:
            raise Problem(400, "bad_path", "Bad request", str(exc)) from exc
        if target is not None and self.proxy is not None:
            await self.proxy(scope, receive, send, target.service, target.path, target.public)
            return
        path: str = scope["path"]
        if self.admin_gate is not None and (path == "/admin" or path.startswith("/admin/")):
            await self.admin_gate(scope)  # authentication before a byte of the body is read
        receive = await self._bounded_body(scope, receive, body_limit(path))
        await self.own(scope, receive, send)

    @staticmethod
    async def _bounded_body(scope: Scope, receive: Receive, limit: int) -> Receive:
        """Read the (small) body here under ``limit`` and replay it to the route."""
        length, chunked = declared_length(scope["headers"])
        if length is not None and length > limit:
            raise too_large(limit)
        if not chunked and not length:
            return receive
        try:
            body = await read_body(receive, limit)
        except BodyTooLarge:
            raise too_large(limit) from None
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect, when the caller leaves

        return replay
