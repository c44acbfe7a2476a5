"""The run's own pure helpers: reading the contract, building configs, rendering the report."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import httpx
from relkit.contract import fill, operations, service_operations
from relkit.patching import patch_candidates, variant
from relkit.seed import body_of, items_of

DOCUMENT = {
    "paths": {
        "/oauth/token": {"post": {"security": None}},
        "/admin/clients": {"get": {}},
        "/outfall/v1/outfalls/{outfall_id}": {
            "get": {
                "security": [{"oauth2": ["outfall:read"]}, {"oauth2": ["outfall:write"]}],
                "parameters": [{"name": "outfall_id", "in": "path", "schema": {"type": "string"}}],
            },
            "patch": {
                "security": [{"oauth2": ["outfall:write"]}],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/U"}}}
                },
            },
        },
        "/renovation/v1/public/projects/{project_id}": {"get": {"security": []}},
        "/renovation/v1/programmes/{year}": {
            "get": {
                "security": [{"oauth2": ["renovation:read"]}],
                "parameters": [{"name": "year", "in": "path", "schema": {"type": "integer"}}],
            }
        },
    },
    "components": {
        "schemas": {
            "U": {
                "properties": {
                    "capacity": {"type": "integer"},
                    "status": {"type": "string", "enum": ["a", "b"]},
                    "remarks": {"anyOf": [{"type": "string", "maxLength": 12}, {"type": "null"}]},
                    "missing": {"type": "string"},
                }
            }
        }
    },
}


def test_operations_know_service_scopes_and_public_paths() -> None:
    ops = {op.label: op for op in operations(DOCUMENT)}
    assert ops["POST /oauth/token"].public and ops["POST /oauth/token"].service is None
    assert not ops["GET /admin/clients"].public
    get = ops["GET /outfall/v1/outfalls/{outfall_id}"]
    assert get.service == "outfall" and get.service_path == "/v1/outfalls/{outfall_id}"
    assert get.accepted_scopes == ["outfall:read", "outfall:write"] and not get.public
    assert ops["GET /renovation/v1/public/projects/{project_id}"].public
    assert len(service_operations(DOCUMENT)) == 4


def test_fill_prefers_real_ids_then_typed_placeholders() -> None:
    ops = {op.label: op for op in operations(DOCUMENT)}
    get = ops["GET /outfall/v1/outfalls/{outfall_id}"]
    assert fill(get, {"outfall_id": "of_1"}) == "/outfall/v1/outfalls/of_1"
    assert fill(get) == "/outfall/v1/outfalls/rel-absent-0000"
    assert fill(ops["GET /renovation/v1/programmes/{year}"]) == "/renovation/v1/programmes/2022"


def test_patch_candidates_are_plain_fields_present_in_the_record() -> None:
    op = next(o for o in operations(DOCUMENT) if o.method == "patch")
    record = {"capacity": 3, "status": "a", "remarks": None}
    names = [name for name, _, _ in patch_candidates(DOCUMENT, op, record)]
    assert names == ["capacity", "remarks"]  # enum skipped, absent field skipped
    assert variant("integer", 3, 0, {}) == 4
    assert len(variant("string", None, 1, {"anyOf": [{"maxLength": 12}]})) <= 12


def _report_module():
    path = Path(__file__).parent / "report.py"
    spec = importlib.util.spec_from_file_location("reliability_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_json_lines_export_reads_as_one_item_per_line() -> None:
    """`/v1/audit/export` answers JSON lines, which `.json()` refuses ("Extra data")."""
    lines = b'{"seq": 1, "hash": "a"}\n{"seq": 2, "hash": "b"}\n'
    export = httpx.Response(200, content=lines, headers={"content-type": "application/x-ndjson"})
    page = httpx.Response(200, json={"items": [{"seq": 1}], "next_cursor": None})
    assert items_of(body_of(export)) == [{"seq": 1, "hash": "a"}, {"seq": 2, "hash": "b"}]
    assert items_of(body_of(page)) == [{"seq": 1}]


def test_report_rewrites_only_the_generated_section(tmp_path: Path) -> None:
    report = _report_module()
    doc = tmp_path / "reliability.md"
    doc.write_text(f"# Title\n\nhand text\n\n{report.START}\nold\n{report.END}\n\ntail\n")
    figures = {
        "load": {"throughput_rps": 12.5, "read_back_written": 3, "read_back_read_back": 3},
        "fuzz": {"free": {"operations_tested": 2, "operations_total": 3, "test_cases": 9,
                          "unique_failures": 0, "failures": []}},
    }  # fmt: skip
    summary = {"tests": 1, "passed": 1, "failed": [], "skipped": [], "names": []}
    report.write_doc(doc, report.render(figures, summary, 5))
    text = doc.read_text()
    assert text.startswith("# Title\n\nhand text") and text.endswith("tail\n")
    assert "old" not in text and "12.5 rps" in text and "| 3 / 3 |" in text
    assert "2 of 3 / 9" in text
