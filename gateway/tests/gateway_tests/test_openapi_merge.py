"""The merged OpenAPI document: prefixes, schema names, security per route."""

from __future__ import annotations

from typing import Any

from gateway.openapi import SCHEME, merge
from gateway.proxy.routes_index import RouteIndex

SERVICE_DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/healthz": {"get": {"operationId": "healthz"}},
        "/v1/outfalls": {
            "post": {
                "operationId": "create",
                "tags": ["outfalls"],
                "security": [{"gateway": ["outfall:write"]}],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/New"}}
                    }
                },
            },
            "get": {"operationId": "list", "security": [{"gateway": []}]},
        },
        "/v1/outfalls/{id}": {"get": {"operationId": "one"}},
        "/v1/public/outfalls": {"get": {"operationId": "public"}},
    },
    "components": {
        "schemas": {
            "New": {"properties": {"site": {"$ref": "#/components/schemas/Site"}}},
            "Site": {"type": "object"},
        }
    },
}


def _merged(**services: dict[str, Any] | None) -> dict[str, Any]:
    own = {"openapi": "3.1.0", "info": {"title": "gw"}, "paths": {"/oauth/token": {}}}
    return merge(own, services, title="suite")


def test_service_paths_are_prefixed_and_operations_renamed() -> None:
    doc = _merged(outfall=SERVICE_DOC)
    assert "/outfall/v1/outfalls" in doc["paths"]
    assert "/outfall/healthz" not in doc["paths"] and "/healthz" not in doc["paths"]
    assert "/oauth/token" in doc["paths"]
    post = doc["paths"]["/outfall/v1/outfalls"]["post"]
    assert post["operationId"] == "outfall__create"
    assert post["tags"] == ["outfall: outfalls"]  # one tag: the UI lists it once
    assert doc["paths"]["/outfall/v1/outfalls"]["get"]["tags"] == ["outfall"]
    assert {"name": "outfall: outfalls"} in doc["tags"]


def test_stable_dotted_operation_ids_are_kept() -> None:
    service = {
        "openapi": "3.1.0",
        "paths": {"/v1/outfalls": {"post": {"operationId": "outfall.register_outfall"}}},
    }
    doc = _merged(outfall=service)
    post = doc["paths"]["/outfall/v1/outfalls"]["post"]
    assert post["operationId"] == "outfall.register_outfall"


def test_one_shared_problem_schema_and_rate_limit_answer() -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    content = {"application/problem+json": {"schema": problem}}
    service = {
        "openapi": "3.1.0",
        "paths": {"/v1/things": {"get": {"responses": {"404": {"content": content}}}}},
        "components": {"schemas": {"Problem": {"type": "object"}}},
    }
    doc = _merged(outfall=service, labs=service)
    schemas = doc["components"]["schemas"]
    assert "Problem" in schemas and "outfall__Problem" not in schemas
    get = doc["paths"]["/outfall/v1/things"]["get"]
    assert get["responses"]["404"]["content"] == content
    assert get["responses"]["429"]["content"] == content


def test_scope_descriptions_say_what_they_allow() -> None:
    flows = _merged()["components"]["securitySchemes"][SCHEME]["flows"]
    scopes = flows["clientCredentials"]["scopes"]
    for scope, text in scopes.items():
        assert scope not in text and len(text) > 30, (scope, text)
    assert "jurisdiction" in scopes["outfall:read"]


def test_schemas_are_namespaced_and_refs_follow() -> None:
    doc = _merged(outfall=SERVICE_DOC)
    schemas = doc["components"]["schemas"]
    assert {"outfall__New", "outfall__Site"} <= set(schemas)
    assert schemas["outfall__New"]["properties"]["site"]["$ref"].endswith("/outfall__Site")
    body = doc["paths"]["/outfall/v1/outfalls"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/outfall__New")


def test_security_scopes_per_route() -> None:
    doc = _merged(outfall=SERVICE_DOC)
    paths = doc["paths"]
    assert paths["/outfall/v1/outfalls"]["post"]["security"] == [{SCHEME: ["outfall:write"]}]
    coarse = paths["/outfall/v1/outfalls/{id}"]["get"]["security"]
    assert {SCHEME: ["outfall:read"]} in coarse and {SCHEME: ["outfall:write"]} in coarse
    assert paths["/outfall/v1/public/outfalls"]["get"]["security"] == []
    flow = doc["components"]["securitySchemes"][SCHEME]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token" and "lawyer-query:process" in flow["scopes"]


def test_a_down_service_is_named_not_fatal() -> None:
    doc = _merged(outfall=SERVICE_DOC, labs=None)
    assert doc["x-unavailable-services"] == ["labs"]
    assert "/outfall/v1/outfalls" in doc["paths"]


def test_route_templates_for_labels() -> None:
    index = RouteIndex()
    index.learn("outfall", ["/v1/outfalls/{id}", "/v1/outfalls/export", "/v1/outfalls"])
    assert index.template("outfall", "/v1/outfalls/of_123") == "/outfall/v1/outfalls/{id}"
    assert index.template("outfall", "/v1/outfalls/export") == "/outfall/v1/outfalls/export"
    assert index.template("outfall", "/v1/outfalls") == "/outfall/v1/outfalls"
    assert index.template("outfall", "/v1/nothing/here") == "/outfall/v1/{path}"
    assert index.template("labs", "/v1/labs/1") == "/labs/v1/{path}"


def test_gateway_own_validation_answers_are_problems() -> None:
    own = {
        "openapi": "3.1.0",
        "paths": {"/admin/clients": {"post": {"responses": {"422": {"content": {}}}}}},
        "components": {"schemas": {"HTTPValidationError": {}, "ValidationError": {}}},
    }
    doc = merge(own, {}, title="suite")
    schemas = doc["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "Problem" in schemas
    answer = doc["paths"]["/admin/clients"]["post"]["responses"]["422"]
    assert answer["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
