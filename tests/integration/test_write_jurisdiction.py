"""Every write that names the division its record will belong to checks the caller covers it
(issue 14, item 4), driven by the gateway's merged OpenAPI so new endpoints are covered.

For each service operation that writes (POST, PUT, PATCH) and whose request body carries a
division field, a county client (231003, every scope of that service) sends a sample body:
- naming another county (231002): refused with 403/404 problem+json, nothing written;
- naming its own county: gets past the jurisdiction check (no 403/404, no invalid-request 422),
  which proves the sample is valid and the refusal above came from the jurisdiction.
An operation with a division field and no sample fails the test: add one to SAMPLES.
"""

import itertools
import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
from stdnum.cn import uscc

from renovation.rules.tasks import DISTRICT_GOVERNMENTS

DIVISION_FIELDS = ("jurisdiction_code", "district", "county_code", "division_code")
OWN, OTHER = "231003", "231002"
WRITE_METHODS = ("post", "put", "patch")
SERVICES = ("outfall", "renovation", "credits", "labs", "lawyer-query")
TODAY = date.today()
SEEDS = itertools.count(uuid.uuid4().int % 10**9)


class Context:
    """City-wide helpers that build the records a sample refers to (a lab, a task id)."""

    def __init__(self, suite, gateway: httpx.Client, scopes: list[str]) -> None:
        self.gateway = gateway
        self.city = suite.headers(scopes)

    def seed(self) -> int:
        return next(SEEDS)

    def created(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.gateway.post(path, json=body, headers=self.city)
        assert answer.status_code == 201, f"{path}: {answer.status_code} {answer.text[:300]}"
        return answer.json()

    def district_task(self) -> str:
        listed = self.gateway.get("/renovation/v1/tasks", params={"limit": 100}, headers=self.city)
        for task in listed.json()["items"]:
            if DISTRICT_GOVERNMENTS in task["lead_units"] + task["cooperating_units"]:
                return task["id"]
        raise AssertionError("no task of the district governments in the 44-task plan")


def _uscc(seed: int) -> str:
    first_17 = f"9123100{seed:010d}"
    return first_17 + uscc.calc_check_digit(first_17)


def _lab(ctx: Context, division: str) -> dict[str, Any]:
    seed = ctx.seed()
    return {
        "name": f"辖区测试检测机构{seed}",
        "uscc": _uscc(seed),
        "jurisdiction_code": division,
        "contract_start": "2022-01-01",
        "contract_end": "2030-12-31",
        "contract_fee": "250000.00",
        "capacity": 5,
        "scope": [{"food_category": "dairy", "test_item": "melamine"}],
    }


def _outfall(ctx: Context, division: str) -> dict[str, Any]:
    return {
        "survey_level": 1,
        "survey_method": "drone_remote_sensing",
        "surveyed_at": "2022-06-18T09:30:00+08:00",
        "location_name": f"辖区测试点{ctx.seed()}",
        "jurisdiction_code": division,
        "water_body_name": "牡丹江",
        "water_body_code": "MDJ01",
        "longitude": 129.63,
        "latitude": 44.55,
        "category": "industrial",
    }


def _project(ctx: Context, division: str) -> dict[str, Any]:
    return {
        "programme_year": 2022,
        "district": division,
        "name": f"辖区测试小区{ctx.seed()}",
        "buildings": 3,
        "households": 90,
        "floor_area_m2": "6000",
        "content_class": "basic",
        "checklist": ["building_body"],
        "courtyard_investment_yuan": "900000",
        "building_investment_yuan": "600000",
    }


def _section(ctx: Context, division: str) -> dict[str, Any]:
    project = ctx.created("/renovation/v1/projects", _project(ctx, division))
    return {
        "programme_year": 2022,
        "district": division,
        "name": f"辖区测试标段{ctx.seed()}",
        "already_published": True,
        "parts": [{"project_id": project["id"]}],
    }


def _lab_task(ctx: Context, division: str) -> dict[str, Any]:
    lab = ctx.created("/labs/v1/labs", _lab(ctx, OWN))  # a lab the county client can see
    return {
        "lab_id": lab["id"],
        "jurisdiction_code": division,
        "food_category": "dairy",
        "test_items": ["melamine"],
        "assigned_on": TODAY.isoformat(),
        "report_due_on": (TODAY + timedelta(days=7)).isoformat(),
    }


def _school(ctx: Context, division: str) -> dict[str, Any]:
    return {
        "code": f"SCH-{ctx.seed()}",
        "name": "辖区测试高中",
        "county_code": division,
        "school_type": "ordinary",
    }


Sample = Callable[[Context, str], tuple[dict[str, str], dict[str, Any]]]


def _plain(body: Callable[[Context, str], dict[str, Any]]) -> Sample:
    return lambda ctx, division: ({}, body(ctx, division))


SAMPLES: dict[str, Sample] = {
    "POST /outfall/v1/outfalls": _plain(_outfall),
    "POST /renovation/v1/projects": _plain(_project),
    "POST /renovation/v1/tender-sections": _plain(_section),
    "POST /renovation/v1/tender-sections/propose": _plain(
        lambda ctx, division: {"programme_year": 2022, "district": division}
    ),
    "POST /renovation/v1/tasks/{task_id}/progress": lambda ctx, division: (
        {"task_id": ctx.district_task()},
        {"kind": "monthly", "period_start": "2022-06-01", "district": division},
    ),
    "POST /credits/v1/schools": _plain(_school),
    "POST /labs/v1/labs": _plain(_lab),
    "POST /labs/v1/tasks": _plain(_lab_task),
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _division_writes(document: dict[str, Any]) -> dict[str, list[str]]:
    """'METHOD /path' -> the division fields of its request body."""
    found: dict[str, list[str]] = {}
    for path, item in document["paths"].items():
        if path.split("/")[1] not in SERVICES:
            continue
        for method in WRITE_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            schema = _resolve(document, content.get("application/json", {}).get("schema", {}))
            fields = [f for f in DIVISION_FIELDS if f in schema.get("properties", {})]
            if fields:
                found[f"{method.upper()} {path}"] = fields
    return found


def _service_scopes(document: dict[str, Any], service: str) -> list[str]:
    scopes: set[str] = set()
    for path, item in document["paths"].items():
        if path.split("/")[1] != service:
            continue
        for operation in item.values():
            for requirement in operation.get("security", []) if isinstance(operation, dict) else []:
                for values in requirement.values():
                    scopes.update(values)
    return sorted(scopes)


def _fill(path: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        path = path.replace("{" + name + "}", value)
    return path


def test_every_write_naming_a_division_checks_the_caller_covers_it(
    suite, gateway: httpx.Client
) -> None:
    document = gateway.get("/openapi.json").json()
    writes = _division_writes(document)
    assert "POST /credits/v1/schools" in writes  # the finding's own endpoint is in the table
    missing = sorted(set(writes) - set(SAMPLES))
    assert not missing, f"add a sample body for: {missing}"
    wrong: list[str] = []
    for label in sorted(writes):
        method, path = label.split(" ", 1)
        service = path.split("/")[1]
        scopes = _service_scopes(document, service)
        ctx = Context(suite, gateway, scopes)
        county = suite.headers(scopes, [OWN])
        params, other_body = SAMPLES[label](ctx, OTHER)
        refused = gateway.request(method, _fill(path, params), json=other_body, headers=county)
        if refused.status_code not in (403, 404) or not refused.headers.get(
            "content-type", ""
        ).startswith("application/problem+json"):
            wrong.append(
                f"{label} as {OWN} for {OTHER}: {refused.status_code} {refused.text[:200]}"
            )
        params, own_body = SAMPLES[label](ctx, OWN)
        allowed = gateway.request(method, _fill(path, params), json=own_body, headers=county)
        invalid = allowed.status_code == 422 and allowed.json().get("code") == "validation_failed"
        if allowed.status_code in (403, 404) or invalid or allowed.status_code >= 500:
            wrong.append(f"{label} as {OWN} for itself: {allowed.status_code} {allowed.text[:200]}")
    assert not wrong, wrong


def _minimal(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A value of the schema's shape (required properties only), to get past validation."""
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return _minimal(document, options[0]) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        properties = schema.get("properties", {})
        return {k: _minimal(document, v) for k, v in properties.items() if k in required}
    if kind == "array":
        return [_minimal(document, schema.get("items", {}))] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if fmt == "date":
        return TODAY.isoformat()
    if fmt == "date-time":
        return f"{TODAY.isoformat()}T09:00:00+08:00"
    return "x" * max(1, schema.get("minLength", 1))


def _member_writes(document: dict[str, Any], collection: str) -> list[tuple[str, str, dict]]:
    """Write operations on one item of `collection` (`/things/{id}/...`)."""
    found = []
    for path, item in document["paths"].items():
        if not path.startswith(collection + "/{"):
            continue
        for method in (*WRITE_METHODS, "delete"):
            if method in item:
                found.append((method.upper(), path, item[method]))
    return found


def test_no_write_on_another_countys_record_reaches_its_handler(
    suite, gateway: httpx.Client
) -> None:
    """Every write on an item of a division-owned collection, as another county: 403/404.

    A 409 or a domain 422 would mean the handler loaded the record first (a failure); a
    request the schema refuses (validation 422) never reached it and is counted apart."""
    document = gateway.get("/openapi.json").json()
    creates = [w for w in _division_writes(document) if "{" not in w and w in SAMPLES]
    wrong, refused, unreached = [], 0, []
    for label in creates:
        method, collection = label.split(" ", 1)
        members = _member_writes(document, collection)
        if method != "POST" or not members:
            continue
        service = collection.split("/")[1]
        scopes = _service_scopes(document, service)
        ctx = Context(suite, gateway, scopes)
        record = ctx.created(collection, SAMPLES[label](ctx, OTHER)[1])
        county = suite.headers(scopes, [OWN])
        for member_method, template, operation in members:
            first = template[len(collection) + 2 :].split("}")[0]
            path = re.sub(r"\{[^}]+\}", "x", template.replace("{" + first + "}", record["id"]))
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body = _minimal(document, content["schema"]) if content else None
            answer = gateway.request(member_method, path, json=body, headers=county)
            code = answer.json().get("code") if answer.content else None
            if answer.status_code in (403, 404):
                refused += 1
            elif answer.status_code == 428 or (
                answer.status_code == 422 and code == "validation_failed"
            ):
                unreached.append(f"{member_method} {template}")
            else:
                wrong.append(
                    f"{member_method} {template}: {answer.status_code} {answer.text[:160]}"
                )
    print(f"member writes refused {refused}, refused before the handler {len(unreached)}")
    assert refused, "no member write was tried"
    assert not wrong, wrong
