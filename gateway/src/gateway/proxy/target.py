"""Which service a request path is for, decided once on one representation (pure).

The raw path (as the caller sent it) is split on ``/`` first, then each segment is
percent-decoded once. Every decision (service, ``v1``, ``public``, dot segments) is taken on
these decoded segments, and the upstream receives the same segments re-encoded: what the
gateway authorised is exactly what the service routes. Separators hidden in a segment
(``%2F``, ``%5C``, a ``\\``), ``;`` parameters, empty segments and double encoding of a
separator or a dot are refused, since some server or framework down the line reads them
differently.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote, unquote_to_bytes

# RFC 3986 pchar minus ';' (refused): what may stay unencoded in a forwarded segment
_SAFE = "!$&'()*+,=:@-._~"
_ENCODED_SEPARATOR = re.compile(rb"%(2f|5c)", re.IGNORECASE)
_DOUBLE_ENCODED = re.compile(rb"%25(2f|5c|2e|3b|25)", re.IGNORECASE)
_VERSION = b"v1"


class PathRefused(ValueError):
    """The path is ambiguous: the answer is a 400, and nothing is forwarded."""


@dataclass(frozen=True, slots=True)
class ProxyTarget:
    service: str
    path: str  # canonical and percent-encoded, always "/v1" or "/v1/...": what the upstream gets
    public: bool


def refuse_ambiguous_separators(raw_path: bytes) -> None:
    """Any path (proxied or the gateway's own): no separator hidden in a segment."""
    if _ENCODED_SEPARATOR.search(raw_path):
        raise PathRefused("encoded '/' or '\\' in the path is refused")
    if b"\\" in raw_path:
        raise PathRefused("'\\' in the path is refused")
    if _DOUBLE_ENCODED.search(raw_path):
        raise PathRefused("double percent-encoding in the path is refused")


def proxy_target(raw_path: bytes, services: Collection[str]) -> ProxyTarget | None:
    """The service and canonical upstream path, or None when the path is the gateway's own.

    Raises PathRefused for an ambiguous path (see the module docstring).
    """
    refuse_ambiguous_separators(raw_path)
    if not raw_path.startswith(b"/"):
        raise PathRefused("the path must start with '/'")
    raw_segments = raw_path[1:].split(b"/")
    decoded = [unquote_to_bytes(segment) for segment in raw_segments]
    service = _service_of(decoded[0], services)
    if service is None:
        return None
    rest = decoded[1:]
    if not rest or rest[0].split(b";")[0] != _VERSION:
        return None  # /outfall/metrics and the like: not a proxied path, the gateway says 404
    _check_segments(decoded)  # a ';' parameter on the service or version segment included
    path = "/" + "/".join(quote(segment, safe=_SAFE) for segment in rest)
    return ProxyTarget(service=service, path=path, public=len(rest) > 1 and rest[1] == b"public")


def _service_of(first: bytes, services: Collection[str]) -> str | None:
    name = first.split(b";")[0]
    try:
        text = name.decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if text in services else None


def _check_segments(decoded: list[bytes]) -> None:
    for index, segment in enumerate(decoded):
        last = index == len(decoded) - 1
        if segment == b"" and not last:
            raise PathRefused("empty path segments ('//') are refused")
        if segment in (b".", b".."):
            raise PathRefused("'.' and '..' path segments are refused")
        if b";" in segment:
            raise PathRefused("';' in the path is refused")
        if b"/" in segment or b"\\" in segment:  # only reachable without raw_path
            raise PathRefused("encoded '/' or '\\' in the path is refused")
        if b"\x00" in segment:
            raise PathRefused("NUL in the path is refused")
