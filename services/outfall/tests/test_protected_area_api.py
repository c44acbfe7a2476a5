"""§六(一): an outfall in a drinking-water source protection zone, nature reserve or other
specially protected area is banned (依法取缔): closure is its only way out, it never takes the
"no remediation needed" path and is never listed publicly with a signboard (issue 16)."""

import httpx
import pytest
from outfall_helpers import EVIDENCE, HARDWARE, NORMAL_TEST, act, traced

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio

CHECKLIST = {"hardware": HARDWARE, "paper_ledger": True}
CLOSE = {"type": "close", "plan": "依法取缔", "deadline": "2022-12-31"}
DONE = {"note": "已取缔", "evidence": EVIDENCE}


@pytest.fixture
def anonymous(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("outfall", "", sub="anonymous", jurisdiction=[])


async def _public_codes(client: httpx.AsyncClient, anonymous: dict[str, str]) -> list[str]:
    listed = (await client.get("/v1/public/outfalls", headers=anonymous)).json()
    return [item["code"] for item in listed["items"]]


@pytest.mark.parametrize(
    "area", ["drinking_water_source", "nature_protected_area", "other_special_protection"]
)
async def test_protected_outfall_cannot_be_standardised_without_remediation_s6_1(
    client: httpx.AsyncClient, city: dict[str, str], area: str
) -> None:
    outfall = await traced(client, city, protected_area=area)
    oid = outfall["id"]
    await act(client, city, oid, "rapid-tests", NORMAL_TEST, expected=201)
    assert (await client.get(f"/v1/outfalls/{oid}", headers=city)).json()["allowed_actions"] == [
        "plan_remediation"
    ]
    refused = await act(client, city, oid, "standardization", CHECKLIST, expected=409)
    assert refused["code"] == "invalid_transition" and refused["allowed"] == ["plan_remediation"]
    planned = await act(client, city, oid, "remediation", CLOSE)
    assert planned["allowed_actions"] == ["plan_remediation", "complete_close"]
    assert (await act(client, city, oid, "remediation/complete", DONE))["status"] == "closed"


async def test_unprotected_outfall_still_has_the_direct_path_s5_4(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    outfall = await traced(client, city)
    await act(client, city, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    done = await act(client, city, outfall["id"], "standardization", CHECKLIST)
    assert done["status"] == "standardized"


async def test_standardised_outfall_found_protected_leaves_public_list_and_is_closed_s6_1(
    client: httpx.AsyncClient, city: dict[str, str], anonymous: dict[str, str]
) -> None:
    outfall = await traced(client, city)
    oid, code = outfall["id"], outfall["code"]
    await act(client, city, oid, "rapid-tests", NORMAL_TEST, expected=201)
    await act(client, city, oid, "standardization", CHECKLIST)
    assert await _public_codes(client, anonymous) == [code]
    current = await client.get(f"/v1/outfalls/{oid}", headers=city)
    patched = await client.patch(
        f"/v1/outfalls/{oid}",
        json={"protected_area": "drinking_water_source"},
        headers=city | {"If-Match": current.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["allowed_actions"] == ["plan_remediation"]
    assert await _public_codes(client, anonymous) == []
    page = await client.get(f"/v1/public/outfalls/{code}", headers=anonymous)
    assert page.status_code == 404
    qr = await client.get(f"/v1/public/outfalls/{code}/qr.svg", headers=anonymous)
    assert qr.status_code == 404
    board = await client.get(f"/v1/outfalls/{oid}/signboard", headers=city)
    assert board.status_code == 409 and board.json()["code"] == "protected_area_must_close"
    rectify = {**CLOSE, "type": "rectify"}
    refused = await act(client, city, oid, "remediation", rectify, expected=422)
    assert refused["code"] == "protected_area_must_close"
    await act(client, city, oid, "remediation", CLOSE)
    assert (await act(client, city, oid, "remediation/complete", DONE))["status"] == "closed"


async def test_plan_made_before_the_area_was_known_must_be_replanned_as_closure_s6_1(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    outfall = await traced(client, city)
    oid = outfall["id"]
    rectify = {**CLOSE, "type": "rectify", "plan": "整改"}
    assert (await act(client, city, oid, "remediation", rectify))["allowed_actions"] == [
        "plan_remediation",
        "complete_rectify",
    ]
    current = await client.get(f"/v1/outfalls/{oid}", headers=city)
    await client.patch(
        f"/v1/outfalls/{oid}",
        json={"protected_area": "nature_protected_area"},
        headers=city | {"If-Match": current.headers["etag"]},
    )
    refused = await act(client, city, oid, "remediation/complete", DONE, expected=409)
    assert refused["allowed"] == ["plan_remediation"]
    await act(client, city, oid, "remediation", CLOSE)
    assert (await act(client, city, oid, "remediation/complete", DONE))["status"] == "closed"


@pytest.mark.parametrize(
    ("plan", "completion"),
    [("close", "complete_close"), ("rectify", "complete_rectify")],
)
async def test_allowed_actions_name_only_the_completion_of_the_planned_type(
    client: httpx.AsyncClient, city: dict[str, str], plan: str, completion: str
) -> None:
    outfall = await traced(client, city)
    body = {**CLOSE, "type": plan}
    planned = await act(client, city, outfall["id"], "remediation", body)
    assert planned["allowed_actions"] == ["plan_remediation", completion]
