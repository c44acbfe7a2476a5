"""Request-body examples in the published OpenAPI are valid against their own schemas, and the
main one is accepted by the service itself (issue 17)."""

import json
from pathlib import Path

import httpx
import pytest

from outfall import app as outfall_app
from suitekit.openapi_contract import example_errors
from suitekit.openapi_snapshot import document_of

pytestmark = pytest.mark.anyio
EXAMPLES = json.loads(
    (Path(outfall_app.__file__).parent / "openapi_examples.json").read_text(encoding="utf-8")
)


def test_every_example_is_placed_and_valid_against_its_schema() -> None:
    document = document_of("outfall")
    placed = {
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if "example" in op.get("requestBody", {}).get("content", {}).get("application/json", {})
    }
    assert placed == set(EXAMPLES)
    assert example_errors(document) == []


async def test_the_register_example_is_accepted(client: httpx.AsyncClient, city: dict) -> None:
    created = await client.post(
        "/v1/outfalls", json=EXAMPLES["outfall.register_outfall"], headers=city
    )
    assert created.status_code == 201, created.text
