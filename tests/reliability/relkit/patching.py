"""PATCH bodies built from the contract: a plain field of the record, changed."""

from __future__ import annotations

import uuid
from typing import Any

from relkit.contract import Operation


def request_schema(document: dict[str, Any], op: Operation) -> dict[str, Any]:
    content = op.spec.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def plain_type(prop: dict[str, Any]) -> str | None:
    """integer / string without enum, pattern or format (alternatives with null allowed)."""
    options = prop.get("anyOf", [prop])
    kinds = [o for o in options if o.get("type") != "null"]
    if len(kinds) != 1 or any(k in kinds[0] for k in ("enum", "pattern", "format", "$ref")):
        return None
    kind = kinds[0].get("type")
    return kind if kind in ("integer", "string") else None


def variant(kind: str, current: Any, n: int, prop: dict[str, Any]) -> Any:
    if kind == "integer":
        base = current if isinstance(current, int) else 1
        return max(base, 1) + n + 1
    limit = next((o.get("maxLength") for o in prop.get("anyOf", [prop]) if o.get("maxLength")), 60)
    return f"rel-race-{n}-{uuid.uuid4().hex[:6]}"[: max(limit, 1)]


def patch_candidates(document: dict[str, Any], op: Operation, record: dict[str, Any]) -> list:
    properties = request_schema(document, op).get("properties", {})
    found = []
    for name, prop in properties.items():
        kind = plain_type(prop)
        if kind and name in record:
            found.append((name, kind, prop))
    return found
