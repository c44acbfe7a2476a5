"""Authorisation matrix generated from the gateway's merged OpenAPI (issue 9, part 2).

Every operation of every service is covered without naming it, so services that land later
are covered by the same loops. Each test collects every violation and asserts the list empty.
"""

from __future__ import annotations

from typing import Any

import httpx
from relkit import figures
from relkit.contract import Operation, fill, operations, service_operations
from relkit.harness import SuiteUnderTest, running_services
from relkit.patching import patch_candidates, variant
from relkit.payloads import COUNTIES
from relkit.seed import items_of

from suitekit.identity import division_prefix

JURISDICTION_KEYS = ("jurisdiction_code", "district", "county_code", "division_code")
INTERNAL_FIELDS = {
    "version",
    "created_by",
    "updated_by",
    "client_id",
    "id_number",
    "id_number_hash",
    "secret",
    "allowed_actions",
    "audit",
    "history",
    "officer_id",
}


def _send(
    client: httpx.Client, op: Operation, path: str, headers: dict[str, str]
) -> httpx.Response:
    body = {} if op.has_body else None
    return client.request(op.method.upper(), path, json=body, headers=headers)


def _is_problem(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/problem+json")


def test_every_protected_operation_without_token_is_401(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], known_ids: dict[str, dict[str, str]]
) -> None:
    protected = [op for op in operations(merged_openapi) if not op.public]
    wrong = []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for op in protected:
            response = _send(client, op, fill(op, known_ids.get(op.service or "")), {})
            ok = (
                response.status_code == 401
                and _is_problem(response)
                and response.headers.get("www-authenticate", "").startswith("Bearer")
            )
            if not ok:
                wrong.append(f"{op.label}: {response.status_code} {response.text[:120]}")
    figures.record("auth", no_token_cases=len(protected), no_token_failures=len(wrong))
    assert protected and not wrong, wrong


def test_every_protected_operation_without_its_scope_is_403(
    sut: SuiteUnderTest,
    merged_openapi: dict[str, Any],
    all_scopes: list[str],
    known_ids: dict[str, dict[str, str]],
) -> None:
    protected = [op for op in service_operations(merged_openapi) if not op.public]
    wrong = []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for op in protected:
            lacking = [s for s in all_scopes if s not in op.accepted_scopes]
            headers = sut.headers(lacking)
            response = _send(client, op, fill(op, known_ids.get(op.service or "")), headers)
            if response.status_code != 403 or not _is_problem(response):
                wrong.append(f"{op.label}: {response.status_code} {response.text[:120]}")
    figures.record("auth", missing_scope_cases=len(protected), missing_scope_failures=len(wrong))
    assert protected and not wrong, wrong


def test_gateway_admin_operations_need_the_admin_scope(
    sut: SuiteUnderTest,
    merged_openapi: dict[str, Any],
    ops_openapi: dict[str, Any],
    all_scopes: list[str],
) -> None:
    """On the operations listener; the public port does not serve them at all (issue 14)."""
    admin_ops = [op for op in operations(ops_openapi) if op.path.startswith("/admin/")]
    assert not [op for op in operations(merged_openapi) if op.path.startswith("/admin/")]
    headers = sut.headers(all_scopes)  # every service scope, but not `admin`
    wrong = []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as public:
        for op in admin_ops:
            answer = _send(public, op, fill(op, {"client_id": sut.suite.client_id}), headers)
            if answer.status_code != 404:
                wrong.append(f"public port {op.label}: {answer.status_code}")
    with httpx.Client(base_url=sut.ops_url, timeout=30) as client:
        for op in admin_ops:
            response = _send(client, op, fill(op, {"client_id": sut.suite.client_id}), headers)
            if response.status_code != 403:
                wrong.append(f"{op.label}: {response.status_code} {response.text[:120]}")
    figures.record("auth", admin_cases=len(admin_ops), admin_failures=len(wrong))
    assert admin_ops and not wrong, wrong


def _jurisdiction_of(item: dict[str, Any]) -> str | None:
    for key in JURISDICTION_KEYS:
        value = item.get(key)
        if isinstance(value, str) and len(value) == 6 and value.isdigit():
            return value
    return None


def _other_county(code: str) -> str:
    return next(c for c in COUNTIES if c != code and not code.startswith(division_prefix(c)))


def _covered(code: str | None, county: str) -> bool:
    return code is not None and code.startswith(division_prefix(county))


def _jurisdiction_cases(ops: list[Operation]) -> list[tuple[Operation, list[Operation]]]:
    """Collections (GET without parameters) and the GET operations on one of their items."""
    cases = []
    for collection in (op for op in ops if op.method == "get" and not op.path_params):
        prefix = collection.path + "/{"
        members = [
            op
            for op in ops
            if op.method == "get" and op.path.startswith(prefix) and len(op.path_params) == 1
        ]
        if members:
            cases.append((collection, members))
    return cases


def test_county_client_never_sees_another_countys_records(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], all_scopes: list[str]
) -> None:
    ops = [op for op in service_operations(merged_openapi) if not op.public]
    city = sut.headers([*all_scopes, "admin"])
    checked, wrong, scoped_collections, unreachable = 0, [], [], []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for collection, members in _jurisdiction_cases(ops):
            listed = client.get(collection.path, params={"limit": 100}, headers=city)
            scoped = [i for i in items_of(listed.json()) if _jurisdiction_of(i) and "id" in i]
            if listed.status_code != 200 or not scoped:
                continue
            scoped_collections.append(collection.label)
            record = scoped[0]
            county = _other_county(_jurisdiction_of(record) or "")
            own_scopes = [s for s in all_scopes if s.startswith(f"{collection.service}:")]
            headers = sut.headers(own_scopes, jurisdiction=[county])
            seen = client.get(collection.path, params={"limit": 100}, headers=headers)
            leaked = [i for i in items_of(seen.json()) if not _covered(_jurisdiction_of(i), county)]
            checked += 1
            if seen.status_code != 200 or leaked:
                wrong.append(f"{collection.label} as {county}: {seen.status_code} {leaked[:2]}")
            for op in members:
                path = fill(op, {op.path_params[0]: str(record["id"])})
                if client.get(path, headers=city).status_code != 200:
                    unreachable.append(op.label)  # e.g. required query parameters
                    continue
                response = client.get(path, headers=headers)
                checked += 1
                name = str(record.get("name") or "")
                if response.status_code not in (403, 404) or (name and name in response.text):
                    wrong.append(f"{op.label} as {county}: {response.status_code}")
    figures.record(
        "auth",
        jurisdiction_cases=checked,
        jurisdiction_failures=len(wrong),
        jurisdiction_collections=scoped_collections,
        jurisdiction_not_reachable_city_wide=unreachable,
    )
    assert scoped_collections and not wrong, wrong


def test_public_operations_answer_without_token_and_show_no_internal_field(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], known_ids: dict[str, dict[str, str]]
) -> None:
    """A public record may not exist yet (404 answers that); refusing anonymous callers is wrong."""
    public = [op for op in service_operations(merged_openapi) if op.public and op.method == "get"]
    wrong, shown_records = [], 0
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for op in public:
            response = client.get(fill(op, known_ids.get(op.service or "")))
            if response.status_code in (401, 403) or response.status_code >= 500:
                wrong.append(f"{op.label}: {response.status_code} {response.text[:120]}")
            if response.status_code != 200:
                continue
            shown_records += 1
            if not response.headers.get("content-type", "").startswith("application/json"):
                continue
            body = response.json()
            shown = set(body) if isinstance(body, dict) else set()
            for item in items_of(body):
                shown |= set(item)
            if shown & INTERNAL_FIELDS:
                wrong.append(f"{op.label} shows {sorted(shown & INTERNAL_FIELDS)}")
    figures.record(
        "auth",
        public_cases=len(public),
        public_answered_200=shown_records,
        public_failures=len(wrong),
    )
    assert not wrong, wrong


def test_direct_calls_to_service_ports_without_gateway_identity_are_401(
    sut: SuiteUnderTest, all_scopes: list[str]
) -> None:
    client_token = sut.token(all_scopes)  # a real client token, but not the gateway's identity
    cases, wrong = 0, []
    for member in running_services():
        base = sut.service_url(member.name)
        document = httpx.get(f"{base}/openapi.json", timeout=30).json()
        ops = [op for op in operations(document) if op.path.startswith("/v1/")]
        with httpx.Client(base_url=base, timeout=30) as client:
            for op in ops:
                for headers in ({}, {"Authorization": f"Bearer {client_token}"}):
                    response = _send(client, op, fill(op), headers)
                    cases += 1
                    if response.status_code != 401:
                        wrong.append(f"{member.name} {op.label}: {response.status_code}")
    figures.record("auth", direct_cases=cases, direct_failures=len(wrong))
    assert cases and not wrong, wrong


def _json_items(response: httpx.Response) -> list[dict[str, Any]]:
    """The items of a JSON list; none for other formats (e.g. the audit export's JSON lines,
    which is empty on a service whose records came from its demo data)."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return []
    return items_of(response.json())


def _scoped_records(
    client: httpx.Client, ops: list[Operation], headers: dict[str, str]
) -> list[tuple[Operation, dict[str, Any]]]:
    """(collection, one record carrying a division code) for every collection that has one."""
    found = []
    for collection in (op for op in ops if op.method == "get" and not op.path_params):
        listed = client.get(collection.path, params={"limit": 100}, headers=headers)
        if listed.status_code != 200:
            continue
        scoped = [i for i in _json_items(listed) if _jurisdiction_of(i) and "id" in i]
        if scoped:
            found.append((collection, scoped[0]))
    return found


def test_county_client_cannot_change_another_countys_record(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], all_scopes: list[str]
) -> None:
    """PATCH with a valid body and the current ETag, from a client of another county."""
    ops = [op for op in service_operations(merged_openapi) if not op.public]
    city = sut.headers([*all_scopes, "admin"])
    tried, wrong, inconclusive = [], [], []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for collection, record in _scoped_records(client, ops, city):
            patch = next(
                (
                    op
                    for op in ops
                    if op.method == "patch"
                    and op.path.startswith(collection.path + "/{")
                    and len(op.path_params) == 1
                    and op.path.count("/") == collection.path.count("/") + 1
                ),
                None,
            )
            if patch is None:
                continue
            path = fill(patch, {patch.path_params[0]: str(record["id"])})
            county = _other_county(_jurisdiction_of(record) or "")
            own = [s for s in all_scopes if s.startswith(f"{collection.service}:")]
            headers = sut.headers(own, jurisdiction=[county])
            before = client.get(path, headers=city)
            answered = None
            for name, kind, prop in patch_candidates(merged_openapi, patch, before.json()):
                body = {name: variant(kind, record.get(name), 7, prop)}
                etag = {"If-Match": before.headers.get("etag", "*")}
                answered = client.patch(path, json=body, headers=headers | etag)
                if answered.status_code != 422:
                    break
            after = client.get(path, headers=city)
            if answered is None or answered.status_code == 422:
                inconclusive.append(patch.label)
                continue
            tried.append(f"{patch.label} as {county}: {answered.status_code}")
            unchanged = after.headers.get("etag") == before.headers.get("etag")
            if answered.status_code not in (403, 404) or not unchanged:
                wrong.append(f"{patch.label} as {county}: {answered.status_code} {unchanged=}")
    figures.record(
        "auth",
        cross_county_patch_cases=tried,
        cross_county_patch_failures=len(wrong),
        cross_county_patch_inconclusive=inconclusive,
    )
    assert tried and not wrong, (tried, wrong, inconclusive)
