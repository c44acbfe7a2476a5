"""Concurrency through the gateway (part 5): If-Match races, outfall codes, Idempotency-Key.

Requests are really concurrent: one async client, many connections, released together.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from relkit import figures, payloads
from relkit.contract import Operation, fill, operations
from relkit.harness import SuiteUnderTest
from relkit.patching import patch_candidates, variant
from relkit.seed import all_items

CONTENDERS = 8
OUTFALLS = "/outfall/v1/outfalls"


async def _together(requests: list[Any]) -> list[httpx.Response]:
    return list(await asyncio.gather(*requests))


async def _race_one(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], field: tuple, record: dict
) -> dict[str, Any]:
    name, kind, prop = field
    current = await client.get(path, headers=headers)
    etag = current.headers["etag"]
    bodies = [{name: variant(kind, record.get(name), n, prop)} for n in range(CONTENDERS)]
    responses = await _together(
        [client.patch(path, json=b, headers=headers | {"If-Match": etag}) for b in bodies]
    )
    codes = sorted(r.status_code for r in responses)
    winners = [b for b, r in zip(bodies, responses, strict=True) if r.status_code == 200]
    final = (await client.get(path, headers=headers)).json()
    return {"codes": codes, "winner": winners, "final": final.get(name), "field": name}


def _patch_ops(document: dict[str, Any], known: dict[str, dict[str, str]]) -> list[Operation]:
    return [
        op
        for op in operations(document)
        if op.method == "patch"
        and op.service
        and all(p in known.get(op.service, {}) for p in op.path_params)
    ]


async def _if_match_races(
    sut: SuiteUnderTest, document: dict[str, Any], known: dict[str, dict[str, str]], headers: dict
) -> tuple[list[dict[str, Any]], list[str]]:
    results, unusable = [], []
    async with httpx.AsyncClient(base_url=sut.gateway_url, timeout=60) as client:
        for op in _patch_ops(document, known):
            path = fill(op, known[op.service or ""])
            record = (await client.get(path, headers=headers)).json()
            outcome = None
            for field in patch_candidates(document, op, record):
                trial = await client.get(path, headers=headers)
                probe = {field[0]: variant(field[1], record.get(field[0]), 99, field[2])}
                accepted = await client.patch(
                    path, json=probe, headers=headers | {"If-Match": trial.headers["etag"]}
                )
                if accepted.status_code == 200:
                    outcome = await _race_one(client, path, headers, field, record)
                    break
            if outcome is None:
                unusable.append(op.label)
            else:
                results.append({"operation": op.label, **outcome})
    return results, unusable


def test_if_match_race_has_exactly_one_winner_and_the_rest_412(
    sut: SuiteUnderTest,
    merged_openapi: dict[str, Any],
    known_ids: dict[str, dict[str, str]],
    full_headers: dict[str, str],
) -> None:
    if not _patch_ops(merged_openapi, known_ids):
        pytest.skip("no PATCH operation with a known record in the merged OpenAPI yet")
    results, unusable = asyncio.run(_if_match_races(sut, merged_openapi, known_ids, full_headers))
    figures.record(
        "concurrency",
        if_match_operations=[r["operation"] for r in results],
        if_match_contenders=CONTENDERS,
        if_match_codes={r["operation"]: r["codes"] for r in results},
        if_match_untested=unusable,
    )
    assert results, f"no PATCH accepted a plain field: {unusable}"
    for result in results:
        assert result["codes"] == [200] + [412] * (CONTENDERS - 1), result
        assert result["final"] == result["winner"][0][result["field"]], result


def test_concurrent_outfall_registrations_never_duplicate_a_code(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    count = 20

    async def register_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=sut.gateway_url, timeout=60) as client:
            return await _together(
                [
                    client.post(
                        "/outfall/v1/outfalls", json=payloads.outfall(), headers=full_headers
                    )
                    for _ in range(count)
                ]
            )

    responses = asyncio.run(register_all())
    created = [r.json() for r in responses if r.status_code == 201]
    codes = [o.get("code") for o in created]
    figures.record(
        "concurrency",
        outfall_registrations=count,
        outfall_created=len(created),
        outfall_distinct_codes=len(set(codes)),
        outfall_statuses=sorted(r.status_code for r in responses),
    )
    assert len(created) == count, [r.text[:200] for r in responses if r.status_code != 201]
    assert all(codes) and len(set(codes)) == count, codes


def _count_with(client: httpx.Client, path: str, headers: dict, key: str, value: str) -> int:
    return sum(1 for item in all_items(client, path, headers) if value in str(item.get(key, "")))


@pytest.mark.parametrize(
    ("path", "make", "key"),
    [
        ("/outfall/v1/outfalls", lambda: payloads.outfall(), "name"),
        ("/labs/v1/labs", lambda: payloads.lab(int(uuid.uuid4().int % 10**6)), "name"),
    ],
    ids=["outfall", "labs"],
)
def test_same_idempotency_key_from_many_connections_creates_one_record(
    sut: SuiteUnderTest, full_headers: dict[str, str], path: str, make: Any, key: str
) -> None:
    body = make()
    headers = full_headers | {"Idempotency-Key": f"rel-{uuid.uuid4().hex}"}

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=sut.gateway_url, timeout=60) as client:
            return await _together(
                [client.post(path, json=body, headers=headers) for _ in range(CONTENDERS)]
            )

    responses = asyncio.run(send_all())
    ids = {r.json()["id"] for r in responses if r.status_code == 201}
    with httpx.Client(base_url=sut.gateway_url, timeout=60) as client:
        marker = body.get("location_name") or body[key]  # outfall names embed the location
        stored = _count_with(client, path, full_headers, key, marker)
    figures.record(
        "concurrency",
        **{
            f"idempotency_{path.split('/')[1]}_statuses": sorted(r.status_code for r in responses),
            f"idempotency_{path.split('/')[1]}_records": stored,
        },
    )
    assert all(r.status_code in (201, 409) for r in responses), [r.text for r in responses]
    assert len(ids) == 1 and stored == 1, (ids, stored)
