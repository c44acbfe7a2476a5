"""W3C Trace Context (traceparent): continue the caller's trace, or start one."""

from __future__ import annotations

import os
import random
import re

_TRACEPARENT = re.compile(rb"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_ZERO_TRACE = b"0" * 32
_ZERO_SPAN = b"0" * 16
# ids need uniqueness, not secrecy: a seeded PRNG saves two getrandom() calls per request
_random = random.Random()
os.register_at_fork(after_in_child=_random.seed)  # forked workers must not share the stream


def parse_traceparent(incoming: bytes | None) -> tuple[str, str, int] | None:
    """``(trace_id, parent span id, flags)`` of a valid header; ``None`` for an invalid or absent
    one, which starts a new trace (W3C Trace Context §4.3, "restart")."""
    match = _TRACEPARENT.match(incoming) if incoming else None
    if match and match[1] != b"ff" and match[2] != _ZERO_TRACE and match[3] != _ZERO_SPAN:
        return match[2].decode(), match[3].decode(), int(match[4], 16)
    return None


def child_traceparent(incoming: bytes | None) -> tuple[str, str]:
    """``(trace_id, traceparent for the upstream)`` with a new span id for the gateway hop."""
    parent = parse_traceparent(incoming)
    if parent is not None:
        trace_id, flags = parent[0], f"{parent[2]:02x}"
    else:
        trace_id, flags = f"{_random.getrandbits(128):032x}", "01"
    return trace_id, f"00-{trace_id}-{_random.getrandbits(64) or 1:016x}-{flags}"


def new_request_id() -> str:
    return f"{_random.getrandbits(128):032x}"
