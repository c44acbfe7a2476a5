"""Records to test against: created through the gateway, then ids harvested from the lists."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from relkit import payloads
from relkit.contract import Operation, service_operations
from suitekit.audit_offline import split_export

_PARAM = re.compile(r"\{([^}]+)\}")


def items_of(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        return [i for i in body["items"] if isinstance(i, dict)]
    if isinstance(body, list):
        return [i for i in body if isinstance(i, dict)]
    return []


def body_of(response: httpx.Response) -> Any:
    """The JSON document; a JSON-lines answer (`/v1/audit/export`) as the list of its lines."""
    if response.headers.get("content-type", "").startswith("application/x-ndjson"):
        return [json.loads(line) for line in split_export(response.text)]
    return response.json()


def all_items(client: httpx.Client, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every item of a paginated list (`limit`/`cursor`, `{items, next_cursor}`), or every line
    of a JSON-lines export (one answer, no cursor)."""
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        body = body_of(client.get(path, params=params, headers=headers))
        found += items_of(body)
        cursor = body.get("next_cursor") if isinstance(body, dict) else None
        if not cursor:
            return found


def seed_records(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    """Create a few records per service that has no demo records; say what was accepted."""
    outcome: dict[str, Any] = {}
    created: dict[str, list[dict[str, Any]]] = {}

    def post(service: str, path: str, body: dict[str, Any], extra: dict[str, str]) -> None:
        response = client.post(f"/{service}{path}", json=body, headers=headers | extra)
        if response.status_code in (200, 201):
            created.setdefault(service, []).append(response.json())
        else:
            outcome.setdefault("rejected", []).append(
                f"{service} {path}: {response.status_code} {response.text[:300]}"
            )

    for county in ("231002", "231083"):
        post("outfall", "/v1/outfalls", payloads.outfall(county), {})
    for index, county in enumerate(("231002", "231083")):
        post("labs", "/v1/labs", payloads.lab(900 + index, county), {})
    people = payloads.demo_people(2)
    if people:
        body = payloads.lawyer_application([n for n, _ in people], [i for _, i in people])
        post("lawyer-query", "/v1/applications", body, payloads.OFFICER)
    for application in created.get("lawyer-query", []):
        # run the registry query too, so personal data flows through the service (log scan)
        path = f"/lawyer-query/v1/applications/{application['id']}"
        ran = client.post(f"{path}/query", headers=headers | payloads.OFFICER)
        pdf = client.post(f"{path}/result.pdf", headers=headers | payloads.OFFICER)
        outcome["lawyer_query_run"] = [ran.status_code, pdf.status_code]
    outcome["created"] = {service: len(records) for service, records in created.items()}
    return outcome


def _collection_ops(ops: list[Operation]) -> list[Operation]:
    return [op for op in ops if op.method == "get"]


def harvest_ids(
    client: httpx.Client, document: dict[str, Any], headers: dict[str, str]
) -> dict[str, dict[str, str]]:
    """service -> {path parameter: a real value}, found by listing each collection."""
    ops = service_operations(document)
    known: dict[str, dict[str, str]] = {}
    for _round in range(3):
        for op in _collection_ops(ops):
            service = op.service or ""
            mine = known.setdefault(service, {})
            if any(p not in mine for p in op.path_params):
                continue
            children = _child_params(op, ops)
            if not children or all(c in mine for c in children):
                continue
            path = _PARAM.sub(lambda m, mine=mine: mine[m.group(1)], op.path)
            response = client.get(path, params={"limit": 5}, headers=headers)
            if response.status_code != 200:
                continue
            items = items_of(response.json())
            for child in children:
                value = _value_for(child, items)
                if value is not None:
                    mine.setdefault(child, value)
    return known


def _child_params(op: Operation, ops: list[Operation]) -> set[str]:
    """Parameters that name one item of this collection: `/things` -> `/things/{thing_id}`."""
    prefix = op.path + "/{"
    return {o.path[len(prefix) :].split("}")[0] for o in ops if o.path.startswith(prefix)}


def _value_for(param: str, items: list[dict[str, Any]]) -> str | None:
    for item in items:
        for key in (param, "id", param.removesuffix("_id"), "code"):
            if key in item and isinstance(item[key], str | int) and not isinstance(item[key], bool):
                return str(item[key])
    return None
