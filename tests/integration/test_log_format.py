"""One log format (issue 21): every process of the suite writes the same JSON line schema,
ISO 8601 UTC timestamps ending in Z, and the same field names for a request's line.

Services wrote `"2026-12-02 13:24:59,943"` (no zone) while the gateway wrote ISO 8601 with Z.
Here a request goes through the gateway to each service (real processes); every line of
every process's log is read back and checked, and the request's line is found in the gateway's
log and in the service's with the same request id and trace id.
"""

import json
import re
import time
import uuid
from pathlib import Path

import httpx

from suitekit.observability import ACCESS_FIELDS, ACCESS_MESSAGE, LOG_FIELDS
from suitekit.supervisor import GATEWAY, SERVICES

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


def _lines(log: Path) -> list[dict]:
    parsed = []
    for raw in log.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            try:
                parsed.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                raise AssertionError(f"{log.name}: not a JSON line: {raw[:200]!r}") from exc
    return parsed


def _request_line(log: Path, request_id: str) -> dict:
    deadline = time.monotonic() + 10  # the gateway flushes its access log every 0.25 s
    while time.monotonic() < deadline:
        found = [line for line in _lines(log) if line.get("request_id") == request_id]
        access = [line for line in found if line.get("message") == ACCESS_MESSAGE]
        if access:
            return access[-1]
        time.sleep(0.2)
    raise AssertionError(f"no access line for {request_id} in {log.name}")


def test_every_process_writes_the_same_schema(suite) -> None:
    data_dir = suite.suite.data_dir
    headers = suite.admin_headers()
    request_ids = {}
    for service in SERVICES:
        request_id = f"logfmt-{uuid.uuid4().hex[:12]}"
        response = httpx.get(
            f"{suite.gateway_url}/{service.name}/v1/audit/verify",
            headers={
                **headers,
                "X-Request-ID": request_id,
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            },
            timeout=30,
        )
        assert response.status_code < 500, response.text
        request_ids[service.name] = request_id

    for member in (GATEWAY, *SERVICES):
        log = data_dir / f"{member.name}.log"
        lines = _lines(log)
        assert lines, f"{log.name} is empty"
        for line in lines:
            missing = [f for f in LOG_FIELDS if f not in line]
            assert not missing, f"{log.name}: {missing} missing in {line}"
            assert ISO_UTC.match(line["time"]), f"{log.name}: time {line['time']!r}"
            assert line["service"] == member.name
            if line["message"] == ACCESS_MESSAGE and line["logger"].endswith(".access"):
                assert not [f for f in ACCESS_FIELDS if f not in line], line

    for service in SERVICES:
        request_id = request_ids[service.name]
        at_gateway = _request_line(data_dir / "gateway.log", request_id)
        at_service = _request_line(data_dir / f"{service.name}.log", request_id)
        for line in (at_gateway, at_service):
            assert set(ACCESS_FIELDS) <= set(line)
            assert line["trace_id"] == TRACE_ID
            assert isinstance(line["status"], int) and isinstance(line["duration_ms"], float)
        assert at_gateway["client_id"] == at_service["client_id"] == suite.suite.client_id
        assert at_gateway["status"] == at_service["status"]
