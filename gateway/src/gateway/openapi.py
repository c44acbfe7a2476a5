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

log = logging.getLogger("gateway.openapi")
SCHEME = "oauth2"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_REF = "#/components/schemas/"


def security_scheme(token_url: str = "/oauth/token") -> dict[str, Any]:
    return {
        "type": "oauth2",
        "description": "OAuth2 client credentials (RFC 6749 §4.4) at the gateway",
        "flows": {
            "clientCredentials": {
                "tokenUrl": token_url,
                "scopes": {scope: f"scope {scope}" for scope in ALL_SCOPES},
            }
        },
    }


def _rename_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        renamed = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_SCHEMA_REF):
                renamed[key] = _SCHEMA_REF + prefix + value[len(_SCHEMA_REF) :]
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
            operation["tags"] = [service, *(f"{service}: {t}" for t in operation.get("tags", []))]
            if "operationId" in operation:
                operation["operationId"] = prefix + operation["operationId"]
            operation["security"] = operation_security(service, path, operation)
        paths[f"/{service}{path}"] = new_item
    return paths


def merge(
    own: dict[str, Any], services: dict[str, dict[str, Any] | None], *, title: str
) -> dict[str, Any]:
    merged = copy.deepcopy(own)
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
            schemas[f"{service}__{name}"] = _rename_refs(schema, f"{service}__")
    merged["tags"] = [{"name": s, "description": f"{s} service"} for s in sorted(services)]
    if unavailable:
        merged["x-unavailable-services"] = unavailable
    return merged


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
