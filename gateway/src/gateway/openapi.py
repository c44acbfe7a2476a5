"""One OpenAPI document for the suite: every service's paths under its prefix.

``merge`` is pure; ``collect`` fetches each service's ``/openapi.json`` through its pool.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from typing import Any

from gateway.clients.rules import ALL_SCOPES
from gateway.proxy.upstreams import Upstream
from gateway.scope_text import SCOPE_DESCRIPTIONS
from suitekit.openapi_contract import (
    PROBLEM_DESCRIPTIONS,
    PROBLEM_FIELD_ERROR,
    PROBLEM_SCHEMA,
    problem_response,
)

log = logging.getLogger("gateway.openapi")
SCHEME = "oauth2"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_REF = "#/components/schemas/"
# schemas every service publishes identically (suitekit.openapi_contract): kept once, unprefixed
SHARED_SCHEMAS = ("Problem", "ProblemFieldError")
RATE_LIMITED = {
    "description": "rate limit of the client's tier (Retry-After, RateLimit-*) (problem+json)",
    "content": {"application/problem+json": {"schema": {"$ref": _SCHEMA_REF + "Problem"}}},
}


def security_scheme(token_url: str = "/oauth/token") -> dict[str, Any]:
    return {
        "type": "oauth2",
        "description": "OAuth2 client credentials (RFC 6749 §4.4) at the gateway",
        "flows": {
            "clientCredentials": {
                "tokenUrl": token_url,
                "scopes": dict(SCOPE_DESCRIPTIONS),
            }
        },
    }


def _rename_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        renamed = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_SCHEMA_REF):
                name = value[len(_SCHEMA_REF) :]
                renamed[key] = _SCHEMA_REF + (name if name in SHARED_SCHEMAS else prefix + name)
            else:
                renamed[key] = _rename_refs(value, prefix)
        return renamed
    if isinstance(node, list):
        return [_rename_refs(item, prefix) for item in node]
    return node


def _declared_scopes(operation: dict[str, Any]) -> list[str]:
    scopes: list[str] = []
    for requirement in operation.get("security") or []:
        for values in requirement.values():
            scopes.extend(values)
    return list(dict.fromkeys(scopes))


def operation_security(service: str, path: str, operation: dict[str, Any]) -> list[Any]:
    """Public paths need nothing; others the scopes the service declares, else any of its own."""
    if path == "/v1/public" or path.startswith("/v1/public/"):
        return []
    declared = _declared_scopes(operation)
    if declared:
        return [{SCHEME: [scope]} for scope in declared]
    own = [s for s in ALL_SCOPES if s.startswith(f"{service}:")]
    return [{SCHEME: [scope]} for scope in own]


def operation_tag(service: str, operation: dict[str, Any]) -> str:
    tags = operation.get("tags") or []
    return f"{service}: {tags[0]}" if tags else service


def _service_paths(service: str, document: dict[str, Any]) -> dict[str, Any]:
    prefix = f"{service}__"
    paths: dict[str, Any] = {}
    for path, item in (document.get("paths") or {}).items():
        if not path.startswith("/v1/"):
            continue  # /healthz, /metrics ... are not reachable through the gateway
        new_item = _rename_refs(copy.deepcopy(item), prefix)
        for method in _METHODS:
            operation = new_item.get(method)
            if operation is None:
                continue
            operation["tags"] = [operation_tag(service, operation)]  # listed once in the UI
            operation_id = operation.get("operationId")
            if operation_id and not operation_id.startswith(f"{service}."):
                operation["operationId"] = prefix + operation_id
            operation["security"] = operation_security(service, path, operation)
            if "responses" in operation:
                operation["responses"].setdefault("429", copy.deepcopy(RATE_LIMITED))
        paths[f"/{service}{path}"] = new_item
    return paths


def _own_validation_problems(document: dict[str, Any]) -> None:
    """The gateway's own operations answer 422 as problem+json too, with the shared schema."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if schemas.pop("HTTPValidationError", None) is None:
        return
    schemas.pop("ValidationError", None)
    schemas.setdefault("Problem", copy.deepcopy(PROBLEM_SCHEMA))
    schemas.setdefault("ProblemFieldError", copy.deepcopy(PROBLEM_FIELD_ERROR))
    for item in (document.get("paths") or {}).values():
        for method in _METHODS:
            responses = (item.get(method) or {}).get("responses") or {}
            if "422" in responses:
                responses["422"] = problem_response(PROBLEM_DESCRIPTIONS["422"])


def merge(
    own: dict[str, Any], services: dict[str, dict[str, Any] | None], *, title: str
) -> dict[str, Any]:
    merged = copy.deepcopy(own)
    _own_validation_problems(merged)
    merged["info"] = {**merged.get("info", {}), "title": title}
    paths = merged.setdefault("paths", {})
    components = merged.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    components.setdefault("securitySchemes", {})[SCHEME] = security_scheme()
    unavailable = []
    for service, document in sorted(services.items()):
        if document is None:
            unavailable.append(service)
            continue
        paths.update(_service_paths(service, document))
        for name, schema in (document.get("components", {}).get("schemas") or {}).items():
            key = name if name in SHARED_SCHEMAS else f"{service}__{name}"
            schemas[key] = _rename_refs(schema, f"{service}__")
    merged["tags"] = _tags(paths)
    if unavailable:
        merged["x-unavailable-services"] = unavailable
    return merged


def _tags(paths: dict[str, Any]) -> list[dict[str, str]]:
    used = {
        tag
        for item in paths.values()
        for method in _METHODS
        for tag in (item.get(method) or {}).get("tags", [])
    }
    return [{"name": tag} for tag in sorted(used)]


def path_templates(document: dict[str, Any]) -> list[str]:
    return [p for p in (document.get("paths") or {}) if p.startswith("/v1/")]


async def fetch_document(upstream: Upstream, timeout: float = 3.0) -> dict[str, Any] | None:
    try:
        status_code, body = await upstream.fetch("/openapi.json", timeout=timeout)
        document = json.loads(body) if status_code == 200 else None
        return document if isinstance(document, dict) else None
    except Exception as exc:  # one service down must not break the suite's document
        log.info("openapi of %s unavailable: %s", upstream.name, type(exc).__name__)
        return None


async def collect(upstreams: dict[str, Upstream]) -> dict[str, dict[str, Any] | None]:
    names = list(upstreams)
    documents = await asyncio.gather(*(fetch_document(upstreams[n]) for n in names))
    return dict(zip(names, documents, strict=True))
