"""The merged OpenAPI at the gateway tells the truth about every service (issue 17)."""

import re

import httpx

METHODS = ("get", "put", "post", "delete", "patch")
PROBLEM = {"$ref": "#/components/schemas/Problem"}
SERVICES = ("outfall", "renovation", "credits", "labs", "lawyer-query")


def service_operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, item[method])
        for path, item in document["paths"].items()
        if path.split("/")[1] in SERVICES
        for method in METHODS
        if method in item
    ]


def test_every_service_operation_declares_its_problems_with_one_schema(
    gateway: httpx.Client,
) -> None:
    document = gateway.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "Problem" in schemas and not any(n.endswith("__Problem") for n in schemas)
    assert not any("HTTPValidationError" in n for n in schemas)
    operations = service_operations(document)
    assert len(operations) > 150
    for path, method, operation in operations:
        problems = {
            status: answer["content"]["application/problem+json"]["schema"]
            for status, answer in operation["responses"].items()
            if status.startswith(("4", "5"))
        }
        assert {"429", "503"} <= set(problems), (method, path)
        assert all(schema == PROBLEM for schema in problems.values()), (method, path)


def test_operation_ids_are_stable_and_tags_single(gateway: httpx.Client) -> None:
    document = gateway.get("/openapi.json").json()
    ids = [op["operationId"] for _, _, op in service_operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z-]+\.[a-z0-9_]+", i) for i in ids), ids
    assert "outfall.register_outfall" in ids
    assert all(len(op["tags"]) == 1 for _, _, op in service_operations(document))


def test_kit_headers_are_declared(gateway: httpx.Client) -> None:
    paths = gateway.get("/openapi.json").json()["paths"]
    register = paths["/outfall/v1/outfalls"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in register["parameters"]}
    assert set(register["responses"]["201"]["headers"]) == {"ETag", "Location"}
    update = paths["/outfall/v1/outfalls/{outfall_id}"]["patch"]
    assert {"name": "If-Match", "required": True}.items() <= next(
        p for p in update["parameters"] if p["name"] == "If-Match"
    ).items()
