"""Forwarding rules for headers (RFC 9110 §7.6.1) and W3C trace context."""

from __future__ import annotations

import re

import pytest

from gateway.observability.tracing import child_traceparent
from gateway.proxy.headers import downstream_headers, upstream_headers, valid_request_id

INCOMING = [
    (b"host", b"gateway:8000"),
    (b"connection", b"keep-alive, x-secret-hop"),
    (b"keep-alive", b"timeout=5"),
    (b"x-secret-hop", b"1"),
    (b"authorization", b"Bearer caller-token"),
    (b"proxy-authorization", b"Basic abc"),
    (b"te", b"trailers"),
    (b"upgrade", b"h2c"),
    (b"content-length", b"12"),
    (b"content-type", b"application/json"),
    (b"x-officer-id", b"officer-7"),
    (b"if-match", b'"3"'),
    (b"idempotency-key", b"k1"),
]


def test_upstream_gets_no_hop_by_hop_headers_and_not_the_callers_credentials() -> None:
    names = [name for name, _ in upstream_headers(INCOMING)]
    assert names == [b"content-type", b"x-officer-id", b"if-match", b"idempotency-key"]


def test_downstream_drops_hop_by_hop_and_keeps_the_rest() -> None:
    response = [
        (b"transfer-encoding", b"chunked"),
        (b"connection", b"close"),
        (b"content-type", b"application/json"),
        (b"etag", b'"4"'),
        (b"server", b"uvicorn"),
        (b"content-length", b"10"),
    ]
    kept = downstream_headers(response)
    assert kept == [(b"content-type", b"application/json"), (b"etag", b'"4"'),
                    (b"content-length", b"10")]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (b"abc-123", True),
        (b"a" * 128, True),
        (b"a" * 129, False),
        (b"", False),
        (b"has space", False),
        (b"new\nline", False),
        (None, False),
    ],
)
def test_request_id_is_accepted_only_when_safe(value: bytes | None, valid: bool) -> None:
    assert valid_request_id(value) is valid


def test_trace_is_continued_with_a_new_span() -> None:
    incoming = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    trace_id, outgoing = child_traceparent(incoming)
    assert trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    version, trace, span, flags = outgoing.split("-")
    assert (version, trace, flags) == ("00", trace_id, "01")
    assert span != "00f067aa0ba902b7" and re.fullmatch("[0-9a-f]{16}", span)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        b"garbage",
        b"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        b"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ],
)
def test_invalid_traceparent_starts_a_new_trace(bad: bytes | None) -> None:
    trace_id, outgoing = child_traceparent(bad)
    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-01", outgoing)
    assert trace_id != "00000000000000000000000000000000"
    assert trace_id != "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize(
    "name",
    [b"Connection", b"KEEP-ALIVE", b"Proxy-Authenticate", b"Server", b"X-Request-ID",
     b"Transfer-Encoding", b"X-Powered-By", b"X-Hint"],
)  # fmt: skip
def test_downstream_filter_ignores_the_case_of_names_issue14(name: bytes) -> None:
    headers = [(name, b"x"), (b"Connection", b"X-Hint"), (b"Content-Type", b"text/plain")]
    kept = downstream_headers(headers)
    assert kept == [(b"Content-Type", b"text/plain")]


@pytest.mark.parametrize(
    "name",
    [b"forwarded", b"x-forwarded-for", b"x-forwarded-host", b"x-forwarded-proto",
     b"x-real-ip", b"x-original-url", b"X-Forwarded-Prefix", b"Authorization"],
)  # fmt: skip
def test_callers_forwarding_claims_never_go_upstream_issue14(name: bytes) -> None:
    assert upstream_headers([(name, b"10.0.0.1"), (b"accept", b"*/*")]) == [(b"accept", b"*/*")]


def test_forwarded_value_quotes_ipv6() -> None:
    from gateway.proxy.headers import forwarded_value

    assert forwarded_value("10.1.2.3", "https") == b"for=10.1.2.3;proto=https"
    assert forwarded_value("::1", "http") == b'for="[::1]";proto=http'
