"""One JSON access-log line per request (no query strings: they may carry personal data).

The line is serialised here and written by a plain handler: the kit's JSON formatter is
made for occasional application logs and costs several times more per line on the hot path.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from suitekit.observability import ACCESS_MESSAGE, iso_utc

access_log = logging.getLogger("gateway.access")
_FLUSH_EVERY_SECONDS = 0.25


class BatchedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Flushes at most every 0.25 s (and from the app's flusher task), not once per line:
    one write system call per request was a visible share of the proxy's time."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)
        self._flushed_at = 0.0

    def flush(self) -> None:
        now = time.monotonic()
        if now - self._flushed_at >= _FLUSH_EVERY_SECONDS:
            self.force_flush(now)

    def force_flush(self, now: float | None = None) -> None:
        self._flushed_at = time.monotonic() if now is None else now
        super().flush()


def flush_access_log() -> None:
    for handler in access_log.handlers:
        if isinstance(handler, BatchedStreamHandler):
            handler.force_flush()


def configure_access_log(enabled: bool) -> None:
    access_log.handlers[:] = []
    access_log.propagate = False
    if not enabled:
        access_log.disabled = True
        return
    handler = BatchedStreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.disabled = False


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
    if access_log.disabled or not access_log.isEnabledFor(logging.INFO):
        return
    line = {
        "time": iso_utc(time.time()),
        "level": "INFO",
        "logger": "gateway.access",
        "service": "gateway",
        "message": ACCESS_MESSAGE,
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
    }
    access_log.info(json.dumps(line, separators=(",", ":")))
