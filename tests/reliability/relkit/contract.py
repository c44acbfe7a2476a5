"""The merged OpenAPI document read as a list of operations (what every test iterates over)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")
GATEWAY_PUBLIC = {"/oauth/token", "/.well-known/jwks.json", "/healthz", "/readyz"}
_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def service(self) -> str | None:
        """The service prefix (`outfall`), or None for the gateway's own operations."""
        head = self.path.split("/")[1]
        return head if self.path.startswith(f"/{head}/v1/") else None

    @property
    def service_path(self) -> str:
        """The path inside the service (`/v1/...`)."""
        return self.path[len(self.service or "") + 1 :]

    @property
    def accepted_scopes(self) -> list[str]:
        """Any one of these scopes lets the caller in (the merged document lists alternatives)."""
        scopes: list[str] = []
        for requirement in self.spec.get("security") or []:
            for values in requirement.values():
                scopes.extend(values)
        return list(dict.fromkeys(scopes))

    @property
    def public(self) -> bool:
        if self.service is None:
            return self.path in GATEWAY_PUBLIC
        return "/v1/public/" in self.path or self.spec.get("security") == []

    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    def param_schema(self, name: str) -> dict[str, Any]:
        for parameter in self.spec.get("parameters") or []:
            if parameter.get("name") == name and parameter.get("in") == "path":
                return parameter.get("schema") or {}
        return {}

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.spec


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in METHODS:
            if method in item:
                found.append(Operation(method, path, item[method]))
    return found


def service_operations(document: dict[str, Any]) -> list[Operation]:
    return [op for op in operations(document) if op.service is not None]


def declared_scopes(document: dict[str, Any]) -> list[str]:
    """Every scope the gateway knows (its security scheme), e.g. `outfall:read`, `admin`."""
    scheme = document["components"]["securitySchemes"]["oauth2"]
    return list(scheme["flows"]["clientCredentials"]["scopes"])


def placeholder(op: Operation, name: str, known: dict[str, str] | None = None) -> str:
    """A value for a path parameter: a real id when one is known, else a well-typed dummy."""
    if known and name in known:
        return known[name]
    schema = op.param_schema(name)
    if schema.get("enum"):
        return str(schema["enum"][0])
    if schema.get("type") == "integer":
        return str(max(int(schema.get("minimum", 2022)), 2022))
    return "rel-absent-0000"


def fill(op: Operation, known: dict[str, str] | None = None) -> str:
    return _PARAM.sub(lambda m: placeholder(op, m.group(1), known), op.path)
