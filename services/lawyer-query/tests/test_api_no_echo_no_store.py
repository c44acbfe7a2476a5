"""Data protection at the edges (issue 14, lawyer-query findings), driven by the OpenAPI.

- No answer, log line or metric repeats a value that could be an ID number or a name: every
  route gets ID-shaped and name-shaped values in its path, query and body; the answers, the
  captured log records and /metrics are scanned. (Failed before: a 404 for
  `/v1/applications/231004199212078257` had the ID number in `detail`.)
- Every answer is `Cache-Control: no-store`, the JSON query answer included.
- Printing is a POST (a GET that counts and audits could be repeated by a cache or by the
  gateway's retry); a retry with the same Idempotency-Key gets the same copy, counted once,
  and the kept copy is sealed, never stored in clear.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio
AUD = "lawyer-query"
ID_NUMBER = "231004199212078257"
NAME = "欧阳明月"
PROBES = (ID_NUMBER, NAME)
SUSPENDED_LAWYER = "12310202010000003"  # lawyer_query.demo: suspended, so refused
EVERY_SCOPE = ["lawyer-query:read", "lawyer-query:process", "lawyer-query:supervise"]


def _everyone(identity: TestIdentity) -> dict[str, str]:
    headers = identity.headers(AUD, EVERY_SCOPE, sub="probe-client")
    return {**headers, "X-Officer-Id": "officer-0002"}


def _body_for(document: dict[str, Any], operation: dict[str, Any], probe: str) -> Any:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content["schema"]
    for option in schema.get("anyOf", [schema]):
        if "$ref" in option:
            name = option["$ref"].rsplit("/", 1)[-1]
            properties = document["components"]["schemas"][name].get("properties", {})
            return {prop: probe for prop in properties} | {probe: probe}
    return {probe: probe}


def _requests(document: dict[str, Any], probe: str) -> list[tuple[str, str, dict, Any]]:
    planned = []
    for template, item in document["paths"].items():
        for method, operation in item.items():
            path = re.sub(r"\{[^}]+\}", probe, template)
            query = {
                p["name"]: probe for p in operation.get("parameters", []) if p["in"] == "query"
            }
            planned.append((method.upper(), path, query, _body_for(document, operation, probe)))
    return planned


def _shown(response: httpx.Response) -> str:
    text = response.text
    if "json" in response.headers.get("content-type", ""):
        text += json.dumps(response.json(), ensure_ascii=False)
    return text + json.dumps(dict(response.headers), ensure_ascii=False)


async def test_no_answer_log_line_or_metric_repeats_an_id_number_or_a_name(
    client: httpx.AsyncClient, identity: TestIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    document = (await client.get("/openapi.json")).json()
    headers = _everyone(identity)
    echoed, cacheable, sent = [], [], 0
    with caplog.at_level(logging.DEBUG):
        for probe in PROBES:
            for method, path, query, body in _requests(document, probe):
                response = await client.request(
                    method, path, params=query, json=body, headers=headers
                )
                sent += 1
                if probe in _shown(response):
                    echoed.append(f"{method} {path}: {response.status_code} {response.text[:160]}")
                if response.headers.get("cache-control") != "no-store":
                    cacheable.append(f"{method} {path}: {response.status_code}")
    metrics = (await client.get("/metrics")).text
    logged = "\n".join(str(record.__dict__) for record in caplog.records)
    assert sent > 20 and "request" in logged  # every route was called and the capture works
    assert not echoed, echoed
    assert not cacheable, cacheable
    for probe in PROBES:
        assert probe not in metrics and probe not in logged


async def _answered(client: httpx.AsyncClient, officer: dict, body: dict) -> str:
    created = await client.post("/v1/applications", json=body, headers=officer)
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    answer = await client.post(f"/v1/applications/{app_id}/query", headers=officer)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"  # the JSON answer carries registry data
    return app_id


async def test_printing_is_a_post_and_a_retry_with_the_same_key_counts_once(
    app_and_client: tuple[FastAPI, httpx.AsyncClient],
    officer: dict,
    supervisor: dict,
    pick: Any,
    make_application: Any,
) -> None:
    app, client = app_and_client
    citizen = pick("registered", "mudanjiang")
    app_id = await _answered(client, officer, make_application([citizen]))
    path = f"/v1/applications/{app_id}/result.pdf"
    assert (await client.get(path, headers=officer)).status_code == 405
    keyed = {**officer, "Idempotency-Key": "print-1"}
    first = await client.post(path, headers=keyed)
    retry = await client.post(path, headers=keyed)
    assert first.status_code == retry.status_code == 200, first.text
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.content == first.content and retry.headers["cache-control"] == "no-store"
    fetched = (await client.get(f"/v1/applications/{app_id}", headers=officer)).json()
    assert fetched["print_count"] == 1
    audit = (await client.get("/v1/audit", params={"entity_id": app_id}, headers=supervisor)).json()
    assert [e["action"] for e in audit["items"]].count("print_result") == 1
    with app.state.engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT body FROM idempotency_record")).scalars().all()
    assert kept and all(b"%PDF" not in bytes(body) for body in kept)  # sealed, not in clear
    assert all(citizen.id_number.encode() not in bytes(body) for body in kept)


async def test_a_refusal_notice_is_printed_by_post(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    body = make_application([pick("registered", "mudanjiang")], lawyer=SUSPENDED_LAWYER)
    created = await client.post("/v1/applications", json=body, headers=officer)
    assert created.status_code == 201 and created.json()["status"] == "refused"
    path = f"/v1/applications/{created.json()['id']}/refusal-notice.pdf"
    assert (await client.get(path, headers=officer)).status_code == 405
    printed = await client.post(path, headers=officer)
    assert printed.status_code == 200 and printed.headers["cache-control"] == "no-store"
