"""The OpenAPI a service publishes says what it really does (issue 17).

``contract_document`` is pure: it takes FastAPI's document and
- replaces FastAPI's ``HTTPValidationError`` with the one shared ``Problem`` schema
  (``application/problem+json``) and declares the problems every operation can answer;
- declares the kit's headers: ``Idempotency-Key`` on POST, ``If-Match`` on PATCH/PUT;
- keeps one tag per operation.
Operation ids are ``{service}.{function}`` (``outfall.register_outfall``): see ``operation_id``.
"""

import copy
import inspect
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from suitekit.errors import PROBLEM_JSON
from suitekit.idempotency import MAX_KEY_LENGTH

PROBLEM_REF = "#/components/schemas/Problem"
FASTAPI_422_DESCRIPTION = "Validation Error"  # FastAPI's own 422, replaced by ours
METHODS = ("get", "put", "post", "delete", "patch")
WRITES = ("post", "put", "patch", "delete")

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details; `title` and `detail` follow Accept-Language "
    "(zh-CN by default, en on request).",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "summarises every error"},
        "code": {
            "type": "string",
            "description": "machine-readable, stable",
            "examples": ["validation_failed"],
        },
        "errors": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
        "allowed": {
            "type": "array",
            "items": {"type": "string"},
            "description": "next actions the state machine allows (code invalid_transition)",
        },
        "state": {"type": "string"},
        "clause": {"type": "string", "description": "the clause of the gazette a rule cites"},
        "request_id": {"type": "string"},
    },
    "additionalProperties": True,
}
PROBLEM_FIELD_ERROR: dict[str, Any] = {
    "title": "ProblemFieldError",
    "type": "object",
    "required": ["field", "message"],
    "properties": {
        "field": {
            "type": "string",
            "description": "the request's own name, e.g. body.survey_method",
        },
        "message": {"type": "string"},
    },
}
PROBLEM_DESCRIPTIONS = {
    "401": "no valid token (problem+json)",
    "403": "the token lacks the scope (problem+json)",
    "404": "not found, or outside the caller's jurisdiction (problem+json)",
    "409": "conflicts with the state (code invalid_transition lists `allowed`) or with an "
    "Idempotency-Key used for another body (problem+json)",
    "412": "If-Match names a stale version (problem+json)",
    "422": "invalid input or a refused rule (`errors`, `clause`) (problem+json)",
    "428": "If-Match is missing (problem+json)",
    "503": "storage unavailable; nothing was written (problem+json)",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "same key + same body replays the first answer; same key + another body: 409",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "the ETag of the version you read (GET); missing: 428, stale: 412",
    "schema": {"type": "string", "examples": ['"3"']},
}


OFFICER_ID = {
    "name": "X-Officer-Id",
    "in": "header",
    "required": False,
    "description": "the officer acting for the client (police station systems); recorded with "
    "every registry query",
    "schema": {"type": "string", "maxLength": 64},
}
OFFICER_SCOPES = ("lawyer-query:process",)
RESPONSE_HEADERS = {
    "ETag": {
        "description": "version of the record; send it back as If-Match to change it",
        "schema": {"type": "string"},
    },
    "Location": {
        "description": "gateway path of the created record (/{service}/v1/...)",
        "schema": {"type": "string"},
    },
}


def response_headers_of(endpoints: dict[str, Callable[..., Any]]) -> dict[str, list[str]]:
    """operationId -> headers its endpoint sets (read from its source: set_etag, Location)."""
    found: dict[str, list[str]] = {}
    for op_id, endpoint in endpoints.items():
        try:
            source = inspect.getsource(endpoint)
        except (OSError, TypeError):
            continue
        marks = (("ETag", "set_etag("), ("Location", '"Location"'))
        headers = [header for header, mark in marks if mark in source]
        if headers:
            found[op_id] = headers
    return found


def _declare_response_headers(operation: dict[str, Any], headers: list[str]) -> None:
    for status, response in operation.get("responses", {}).items():
        if status.startswith("2"):
            declared = response.setdefault("headers", {})
            for name in headers:
                declared.setdefault(name, copy.deepcopy(RESPONSE_HEADERS[name]))


def _scopes_of(operation: dict[str, Any]) -> set[str]:
    return {scope for req in operation.get("security") or [] for v in req.values() for scope in v}


class OperationIds:
    """FastAPI's ``generate_unique_id_function``: ``{service}.{function}``, remembering each
    operation's endpoint (to read which response headers it sets)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.endpoints: dict[str, Callable[..., Any]] = {}

    def __call__(self, route: APIRoute) -> str:
        op_id = f"{self.service}.{route.name}"
        self.endpoints.setdefault(op_id, route.endpoint)
        return op_id


def operation_id(service: str) -> OperationIds:
    return OperationIds(service)


def problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }


def problem_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    statuses = ["503"]
    if not (path == "/v1/public" or path.startswith("/v1/public/")):
        statuses += ["401", "403"]
    if "{" in path:
        statuses.append("404")
    if method in WRITES:
        statuses.append("409")
    if method in ("put", "patch"):
        statuses += ["412", "428"]
    if operation.get("parameters") or operation.get("requestBody") or method in WRITES:
        statuses.append("422")
    return sorted(statuses)


def _add_header(operation: dict[str, Any], header: dict[str, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    names = {(p.get("in"), p.get("name", "").lower()) for p in parameters}
    if ("header", header["name"].lower()) not in names:
        parameters.append(copy.deepcopy(header))


def _one_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status, answer in responses.items():  # problems a route declares itself
        description = answer.get("description")
        if status[:1] in "45" and description != FASTAPI_422_DESCRIPTION:
            responses[status] = problem_response(description or status)
        elif status[:1] in "45":
            responses[status] = problem_response(PROBLEM_DESCRIPTIONS["422"])
    for status in problem_statuses(path, method, operation):
        responses.setdefault(status, problem_response(PROBLEM_DESCRIPTIONS[status]))
    if method == "post":
        _add_header(operation, IDEMPOTENCY_KEY)
    if method in ("put", "patch"):
        _add_header(operation, IF_MATCH)
    if _scopes_of(operation) & set(OFFICER_SCOPES):
        _add_header(operation, OFFICER_ID)
    if operation.get("tags"):
        operation["tags"] = operation["tags"][:1]


def _unique_operation_ids(paths: dict[str, Any]) -> None:
    operations = [item[m] for item in paths.values() for m in METHODS if m in item]
    counts = Counter(op.get("operationId") for op in operations)
    seen: Counter[str] = Counter()
    for op in operations:
        op_id = op.get("operationId")
        if op_id and counts[op_id] > 1:
            seen[op_id] += 1
            if seen[op_id] > 1:
                op["operationId"] = f"{op_id}_{seen[op_id]}"


def _add_examples(paths: dict[str, Any], examples: dict[str, Any]) -> None:
    """Request-body examples by operationId (from the service's ``openapi_examples.json``)."""
    for item in paths.values():
        for method in METHODS:
            operation = item.get(method) or {}
            example = examples.get(operation.get("operationId", ""))
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if example is not None and body is not None:
                body["example"] = example


def example_errors(document: dict[str, Any]) -> list[str]:
    """Each request-body example checked against its own schema (JSON Schema 2020-12)."""
    from jsonschema import Draft202012Validator  # test-time only

    errors: list[str] = []
    components = document.get("components", {})
    for item in document.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method) or {}
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if not body or "example" not in body:
                continue
            validator = Draft202012Validator({**body["schema"], "components": components})
            errors += [
                f"{operation.get('operationId')}: {e.json_path}: {e.message}"
                for e in validator.iter_errors(body["example"])
            ]
    return errors


def contract_document(
    document: dict[str, Any],
    examples: dict[str, Any] | None = None,
    response_headers: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    schemas["ProblemFieldError"] = copy.deepcopy(PROBLEM_FIELD_ERROR)
    paths = doc.get("paths", {})
    for path, item in paths.items():
        if not path.startswith("/v1"):
            continue
        for method in METHODS:
            if method in item:
                _one_operation(path, method, item[method])
    _unique_operation_ids(paths)
    _add_examples(paths, examples or {})
    for item in paths.values():
        for method in METHODS:
            operation = item.get(method) or {}
            headers = (response_headers or {}).get(operation.get("operationId", ""))
            if headers:
                _declare_response_headers(operation, headers)
    return doc


def install_openapi_contract(
    app: FastAPI, examples_file: Path | None = None, operation_ids: OperationIds | None = None
) -> None:
    generate = app.openapi
    examples = (
        json.loads(examples_file.read_text(encoding="utf-8"))
        if examples_file is not None and examples_file.exists()
        else {}
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            endpoints = operation_ids.endpoints if operation_ids is not None else {}
            document = generate()  # generating the ids fills operation_ids.endpoints
            app.openapi_schema = contract_document(
                document, examples, response_headers_of(endpoints)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
