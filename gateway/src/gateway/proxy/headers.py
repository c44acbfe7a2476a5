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
_DROP_DOWNSTREAM: frozenset[bytes] = HOP_BY_HOP | {b"x-request-id", b"server", b"date"}

_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")


def connection_listed(headers: list[tuple[bytes, bytes]]) -> set[bytes]:
    """Names listed in ``Connection:`` are hop-by-hop too (RFC 9110 §7.6.1)."""
    names: set[bytes] = set()
    for name, value in headers:
        if name == b"connection":
            names.update(part.strip().lower() for part in value.split(b",") if part.strip())
    return names


def upstream_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    listed = connection_listed(headers)
    return [(n, v) for n, v in headers if n not in _DROP_UPSTREAM and n not in listed]


def downstream_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    listed = connection_listed(headers)
    return [(n, v) for n, v in headers if n not in _DROP_DOWNSTREAM and n not in listed]


def valid_request_id(value: bytes | None) -> bool:
    return value is not None and _REQUEST_ID.match(value) is not None
