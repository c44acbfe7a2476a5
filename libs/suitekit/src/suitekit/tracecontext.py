"""W3C Trace Context: reading a ``traceparent`` header, for the gateway and the services alike."""

import re

_TRACEPARENT = re.compile(rb"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_ZERO_TRACE = b"0" * 32
_ZERO_SPAN = b"0" * 16


def parse_traceparent(incoming: bytes | None) -> tuple[str, str, int] | None:
    """``(trace_id, parent span id, flags)`` of a valid header; ``None`` for an invalid or absent
    one, which starts a new trace (W3C Trace Context §4.3, "restart")."""
    match = _TRACEPARENT.match(incoming) if incoming else None
    if match and match[1] != b"ff" and match[2] != _ZERO_TRACE and match[3] != _ZERO_SPAN:
        return match[2].decode(), match[3].decode(), int(match[4], 16)
    return None
