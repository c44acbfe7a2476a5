"""One JSON access-log line per request (no query strings: they may carry personal data)."""

from __future__ import annotations

import logging

access_log = logging.getLogger("gateway.access")


def log_access(
    *,
    request_id: str,
    client: str,
    method: str,
    route: str,
    upstream: str,
    status: int,
    total: float,
    upstream_time: float,
    trace_id: str,
) -> None:
    if not access_log.isEnabledFor(logging.INFO):
        return
    access_log.info(
        "request",
        extra={
            "request_id": request_id,
            "client_id": client,
            "method": method,
            "route": route,
            "upstream": upstream,
            "status": status,
            "duration_ms": round(total * 1000, 3),
            "gateway_ms": round((total - upstream_time) * 1000, 3),
            "upstream_ms": round(upstream_time * 1000, 3),
            "trace_id": trace_id,
        },
    )
