"""Request ids, one JSON access-log line per request, Prometheus request metrics.

One log line schema for every process of the suite (the gateway's hand-written access line
included): `LOG_FIELDS` on every line, `ACCESS_FIELDS` too on a request's line, `time` in
ISO 8601 UTC with milliseconds and a `Z`. Query strings are never logged: they may carry
personal data.
"""

import logging
import re
import sys
import time
import uuid
from typing import Any, TextIO

from prometheus_client import Counter, Histogram
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from suitekit.context import request_id_var
from suitekit.tracecontext import parse_traceparent

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

REQUESTS = Counter(
    "suite_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "suite_http_request_duration_seconds",
    "HTTP request duration",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
access_log = logging.getLogger("suite.access")

LOG_FIELDS = ("time", "level", "logger", "service", "message", "request_id")
ACCESS_FIELDS = ("trace_id", "client_id", "method", "route", "status", "duration_ms")
ACCESS_MESSAGE = "request"


def iso_utc(epoch_seconds: float) -> str:
    """`2026-12-02T13:24:59.943Z`: the one timestamp form of every log line."""
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_seconds))
    return f"{whole}.{int(epoch_seconds % 1 * 1000):03d}Z"


class SuiteJsonFormatter(JsonFormatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return iso_utc(record.created)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        log_data.pop("color_message", None)  # uvicorn's copy of `message` with ANSI colours
        return log_data


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def configure_logging(service: str, level: str = "INFO", stream: TextIO | None = None) -> None:
    """JSON lines on stdout (or `stream`: stderr for CLI commands whose stdout is their
    result) for every logger, uvicorn's included."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(
        SuiteJsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service},
        )
    )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _VALID_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


def _trace_id(scope: Scope) -> str | None:
    """The W3C trace id the gateway sent, so a service's log line joins the gateway's trace."""
    for name, value in scope.get("headers", []):
        if name == b"traceparent":
            parsed = parse_traceparent(value)
            return parsed[0] if parsed else None
    return None


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._observe(scope, status["code"], time.perf_counter() - started, request_id)
            request_id_var.reset(token)

    def _observe(self, scope: Scope, status: int, elapsed: float, request_id: str) -> None:
        route, method = _route_template(scope), scope["method"]
        REQUESTS.labels(self.service, method, route, str(status)).inc()
        LATENCY.labels(self.service, method, route).observe(elapsed)
        state: dict[str, Any] = scope.get("state") or {}
        access_log.info(
            ACCESS_MESSAGE,
            extra={
                "request_id": request_id,
                "client_id": state.get("client_id"),
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
                "trace_id": _trace_id(scope),
            },
        )
