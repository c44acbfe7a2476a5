"""What counts as a breaking change of a published contract (issue 17)."""

import copy
from typing import Any

from suitekit.openapi_snapshot import breaking_changes

BASE: dict[str, Any] = {
    "paths": {
        "/v1/outfalls": {
            "get": {"parameters": [{"in": "query", "name": "status", "required": False}]},
            "post": {},
        }
    },
    "components": {
        "schemas": {
            "OutfallCreate": {
                "properties": {
                    "survey_method": {"enum": ["drone_remote_sensing", "records"]},
                    "address": {"type": "string"},
                },
                "required": ["survey_method"],
            }
        }
    },
}


def changed(edit: Any) -> list[str]:
    new = copy.deepcopy(BASE)
    edit(new)
    return breaking_changes(BASE, new)


def test_additions_are_not_breaking() -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["paths"]["/v1/sites"] = {"get": {}}
        doc["components"]["schemas"]["OutfallCreate"]["properties"]["note"] = {}
        doc["components"]["schemas"]["OutfallCreate"]["properties"]["survey_method"]["enum"].append(
            "robot"
        )

    assert changed(add) == []


def test_removed_path_operation_field_and_enum_value_are_breaking() -> None:
    def remove(doc: dict[str, Any]) -> None:
        del doc["paths"]["/v1/outfalls"]["post"]
        del doc["components"]["schemas"]["OutfallCreate"]["properties"]["address"]
        doc["components"]["schemas"]["OutfallCreate"]["properties"]["survey_method"]["enum"] = [
            "records"
        ]

    found = changed(remove)
    assert "removed operation POST /v1/outfalls" in found
    assert "removed property OutfallCreate.address" in found
    assert any("'drone_remote_sensing'" in c for c in found)


def test_optional_made_required_is_breaking() -> None:
    def require(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["OutfallCreate"]["required"].append("address")
        doc["paths"]["/v1/outfalls"]["get"]["parameters"][0]["required"] = True

    assert changed(require) == [
        "made required parameter query:status of GET /v1/outfalls",
        "made required property OutfallCreate.address",
    ]
