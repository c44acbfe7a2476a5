"""W3C Trace Context (traceparent): continue the caller's trace, or start one."""

from __future__ import annotations

import os
import random

from suitekit.tracecontext import parse_traceparent

# ids need uniqueness, not secrecy: a seeded PRNG saves two getrandom() calls per request
_random = random.Random()
os.register_at_fork(after_in_child=_random.seed)  # forked workers must not share the stream


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
