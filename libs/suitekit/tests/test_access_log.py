"""The kit's access-log line: request id, route template, and the trace id the gateway sent."""

import logging

import httpx
import pytest
from fastapi import FastAPI

from suitekit.observability import ObservabilityMiddleware

pytestmark = pytest.mark.anyio

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(ObservabilityMiddleware, service="kit-test")

    @app.get("/v1/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    return app


async def _logged(caplog: pytest.LogCaptureFixture, headers: dict[str, str]) -> logging.LogRecord:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://kit") as http:
        with caplog.at_level(logging.INFO, logger="suite.access"):
            response = await http.get("/v1/things/secret-42?name=someone", headers=headers)
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "suite.access"]
    return record


async def test_access_log_carries_the_trace_id_of_a_valid_traceparent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = await _logged(
        caplog, {"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01", "x-request-id": "req-1"}
    )
    assert record.trace_id == TRACE  # type: ignore[attr-defined]
    assert record.request_id == "req-1"  # type: ignore[attr-defined]
    assert record.route == "/v1/things/{thing_id}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "header",
    [{}, {"traceparent": "garbage"}, {"traceparent": f"00-{'0' * 32}-00f067aa0ba902b7-01"}],
)
async def test_access_log_has_no_trace_id_without_a_valid_traceparent(
    caplog: pytest.LogCaptureFixture, header: dict[str, str]
) -> None:
    record = await _logged(caplog, header)
    assert record.trace_id is None  # type: ignore[attr-defined]
    assert "someone" not in str(record.__dict__)  # query strings are never logged
