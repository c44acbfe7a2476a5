"""Header rules for forwarding (pure): hop-by-hop removal and what goes upstream."""

from __future__ import annotations

import re

# RFC 9110 §7.6.1 connection-specific fields, plus those an intermediary must not forward
HOP_BY_HOP: frozenset[bytes] = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
# never passed upstream: the caller's credentials are replaced by the gateway identity, and
# host/content-length are set by the HTTP client for the upstream connection
_DROP_UPSTREAM: frozenset[bytes] = HOP_BY_HOP | {
    b"authorization",
    b"host",
    b"content-length",
    b"x-request-id",
    b"traceparent",
    b"expect",  # the gateway already answered 100-continue and holds or streams the body
}
# the caller's claims about the network are dropped; the gateway sets its own (handler)
FORWARDING: frozenset[bytes] = frozenset(
    {
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-host",
        b"x-forwarded-proto",
        b"x-forwarded-port",
        b"x-forwarded-prefix",
        b"x-forwarded-server",
        b"x-real-ip",
        b"x-original-url",
        b"x-rewrite-url",
        b"x-original-forwarded-for",
        b"x-client-ip",
        b"true-client-ip",
    }
)
_DROP_UPSTREAM = _DROP_UPSTREAM | FORWARDING
# internal details of the upstream (its software, its own request id) stay inside
_DROP_DOWNSTREAM: frozenset[bytes] = HOP_BY_HOP | {
    b"x-request-id",
    b"server",
    b"date",
    b"x-powered-by",
}

_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")


def connection_listed(headers: list[tuple[bytes, bytes]]) -> set[bytes]:
    """Names listed in ``Connection:`` are hop-by-hop too (RFC 9110 §7.6.1)."""
    names: set[bytes] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            names.update(part.strip().lower() for part in value.split(b",") if part.strip())
    return names


def _without(
    headers: list[tuple[bytes, bytes]], dropped: frozenset[bytes]
) -> list[tuple[bytes, bytes]]:
    """Field names are case-insensitive (RFC 9110 §5.1): compared lower-cased, sent as is."""
    listed = connection_listed(headers)
    kept = []
    for name, value in headers:
        lowered = name.lower()
        if lowered not in dropped and lowered not in listed:
            kept.append((name, value))
    return kept


def upstream_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return _without(headers, _DROP_UPSTREAM)


def downstream_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return _without(headers, _DROP_DOWNSTREAM)


def forwarded_value(client_host: str, scheme: str) -> bytes:
    """RFC 7239 ``Forwarded`` for the address the gateway saw (IPv6 quoted in brackets)."""
    node = f'"[{client_host}]"' if ":" in client_host else (client_host or "unknown")
    return f"for={node};proto={scheme}".encode()


def valid_request_id(value: bytes | None) -> bool:
    return value is not None and _REQUEST_ID.match(value) is not None
