"""The published OpenAPI declares the problems, headers and ids the kit really gives (issue 17)."""

from typing import Any

from fastapi import APIRouter, FastAPI, Response
from pydantic import BaseModel

from suitekit.etag import set_etag
from suitekit.openapi_contract import contract_document, install_openapi_contract, operation_id


class ThingCreate(BaseModel):
    name: str


def _document() -> dict[str, Any]:
    router = APIRouter(prefix="/v1", tags=["things", "extra"])

    @router.post("/things", status_code=201)
    def register_thing(data: ThingCreate, response: Response) -> dict[str, str]:
        response.headers["Location"] = "/v1/things/1"
        set_etag(response, 1)
        return {}

    @router.patch("/things/{thing_id}")
    def change_thing(thing_id: str, data: ThingCreate) -> dict[str, str]:
        return {}

    @router.get(
        "/things/{thing_id}/board",
        responses={409: {"description": "not ready yet"}},
    )
    def thing_board(thing_id: str) -> dict[str, str]:
        return {}

    @router.get("/public/things")
    def public_things() -> list[str]:
        return []

    ids = operation_id("demo")
    app = FastAPI(generate_unique_id_function=ids)
    app.include_router(router)
    install_openapi_contract(app, operation_ids=ids)
    document = app.openapi()
    return document


def test_operation_ids_are_service_dot_function() -> None:
    paths = _document()["paths"]
    assert paths["/v1/things"]["post"]["operationId"] == "demo.register_thing"
    assert paths["/v1/things/{thing_id}"]["patch"]["operationId"] == "demo.change_thing"


def test_validation_errors_are_the_shared_problem_schema() -> None:
    document = _document()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    answer = document["paths"]["/v1/things"]["post"]["responses"]["422"]
    schema = answer["content"]["application/problem+json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Problem"}
    problem = document["components"]["schemas"]["Problem"]
    assert {"code", "errors", "allowed", "clause"} <= set(problem["properties"])


def test_problem_answers_follow_what_the_operation_can_meet() -> None:
    paths = _document()["paths"]
    assert set(paths["/v1/things"]["post"]["responses"]) >= {"401", "403", "409", "422", "503"}
    assert "404" not in paths["/v1/things"]["post"]["responses"]
    patch = paths["/v1/things/{thing_id}"]["patch"]["responses"]
    assert {"404", "412", "428"} <= set(patch)
    public = paths["/v1/public/things"]["get"]["responses"]
    assert "401" not in public and "403" not in public


def test_kit_headers_are_declared_parameters() -> None:
    paths = _document()["paths"]
    post = {p["name"]: p for p in paths["/v1/things"]["post"]["parameters"]}
    assert post["Idempotency-Key"]["in"] == "header" and not post["Idempotency-Key"]["required"]
    patch = {p["name"]: p for p in paths["/v1/things/{thing_id}"]["patch"]["parameters"]}
    assert patch["If-Match"]["required"] is True


def test_one_tag_per_operation() -> None:
    assert _document()["paths"]["/v1/things"]["post"]["tags"] == ["things"]


def test_response_headers_the_endpoint_sets_are_declared() -> None:
    created = _document()["paths"]["/v1/things"]["post"]["responses"]["201"]
    assert set(created["headers"]) == {"ETag", "Location"}
    patch = _document()["paths"]["/v1/things/{thing_id}"]["patch"]["responses"]["200"]
    assert "headers" not in patch


def test_officer_header_on_operations_of_the_process_scope() -> None:
    document = {
        "paths": {
            "/v1/applications": {
                "post": {"security": [{"gateway": ["lawyer-query:process"]}]},
                "get": {"security": [{"gateway": ["lawyer-query:read"]}]},
            }
        }
    }
    paths = contract_document(document)["paths"]["/v1/applications"]
    assert "X-Officer-Id" in {p["name"] for p in paths["post"]["parameters"]}
    assert "X-Officer-Id" not in {p["name"] for p in paths["get"].get("parameters", [])}


def test_a_problem_the_route_declares_itself_uses_the_shared_schema() -> None:
    board = _document()["paths"]["/v1/things/{thing_id}/board"]["get"]["responses"]
    assert board["409"]["description"] == "not ready yet"
    assert board["409"]["content"]["application/problem+json"]["schema"]["$ref"].endswith(
        "/Problem"
    )
