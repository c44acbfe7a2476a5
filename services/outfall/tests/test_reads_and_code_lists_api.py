"""Issue 16, outfall: what a client creates it can read back (annual reports), code lists are
enums with a reference endpoint (survey methods), exports name outfalls by code."""

import csv
import io

import httpx
import pytest
from outfall_helpers import EVIDENCE, HARDWARE, NORMAL_TEST, REGISTER, SURVEY, act, register, traced

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio
REPORT = {"year": 2022, "usage": "正常使用", "monitoring": "季度监测达标"}


async def _monitored(client: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    outfall = await traced(client, headers)
    await act(client, headers, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    checklist = {"hardware": HARDWARE, "paper_ledger": True}
    return await act(client, headers, outfall["id"], "standardization", checklist)


async def test_annual_reports_are_read_back_with_filters_and_pages_s5_4(
    client: httpx.AsyncClient, city: dict[str, str], dongan: dict[str, str]
) -> None:
    outfall = await _monitored(client, city)
    url = f"/v1/outfalls/{outfall['id']}/annual-reports"
    assert (await client.get(url, headers=city)).json() == {"items": [], "next_cursor": None}
    for year in (2020, 2021, 2022):
        await act(client, city, outfall["id"], "annual-reports", REPORT | {"year": year}, 201)
    first = (await client.get(url, params={"limit": 2}, headers=city)).json()
    assert [r["year"] for r in first["items"]] == [2020, 2021]
    rest = await client.get(url, params={"cursor": first["next_cursor"]}, headers=city)
    (last,) = rest.json()["items"]
    assert last["year"] == 2022 and last["due"] == "2023-01-31" and last["usage"] == "正常使用"
    only = await client.get(url, params={"year": 2021}, headers=city)
    assert [r["year"] for r in only.json()["items"]] == [2021]
    assert (await client.get(url, params={"late": "yes"}, headers=city)).status_code == 422
    other = await register(client, city, jurisdiction_code="231083")
    hidden = f"/v1/outfalls/{other['id']}/annual-reports"
    assert (await client.get(hidden, headers=dongan)).status_code == 404


async def test_survey_method_is_an_enum_listed_in_the_reference_s5_1_1(
    client: httpx.AsyncClient, city: dict[str, str], identity: TestIdentity
) -> None:
    reader = identity.headers("outfall", ["outfall:read"])
    reference = (await client.get("/v1/reference", headers=reader)).json()
    assert "drone_remote_sensing" in reference["survey_methods"]
    level2 = next(level for level in reference["survey_levels"] if level["level"] == 2)
    assert level2["methods"] == ["manual_field_check"]
    assert reference["remediation_types"] == ["close", "merge", "rectify"]
    free_text = await client.post(
        "/v1/outfalls", json=REGISTER | {"survey_method": "looked around"}, headers=city
    )
    assert free_text.status_code == 422
    assert free_text.json()["errors"][0]["field"] == "body.survey_method"
    outfall = await register(client, city)
    wrong_level = await act(
        client, city, outfall["id"], "surveys", SURVEY | {"method": "robot"}, expected=422
    )
    assert wrong_level["code"] == "invalid_survey_method"
    unknown = await act(
        client, city, outfall["id"], "surveys", SURVEY | {"method": "guess"}, expected=422
    )
    assert unknown["errors"][0]["field"] == "body.method"
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]
    assert "enum" in schema["SurveyMethod"]


async def test_remediation_export_names_the_merge_target_by_its_code_s3_4(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    source = await traced(client, city)
    target = await traced(client, city)
    merge = {"type": "merge", "plan": "并入", "deadline": "2022-08-31", "merge_into": target["id"]}
    await act(client, city, source["id"], "remediation", merge)
    await act(
        client, city, source["id"], "remediation/complete", {"note": "已并入", "evidence": EVIDENCE}
    )
    response = await client.get("/v1/exports/remediation-information", headers=city)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("合并至排污口编码")
    (row,) = [r for r in rows[1:] if r[0] == source["code"]]
    assert row[column] == target["code"]
    assert target["id"] not in response.text


async def test_survey_records_are_read_back_with_level_filter_and_pages_s5_1_1(
    client: httpx.AsyncClient, city: dict[str, str], dongan: dict[str, str]
) -> None:
    outfall = await register(client, city)
    await act(client, city, outfall["id"], "surveys", SURVEY)
    url = f"/v1/outfalls/{outfall['id']}/surveys"
    everything = (await client.get(url, headers=city)).json()
    assert sorted(s["level"] for s in everything["items"]) == [1, 2]
    level2 = (await client.get(url, params={"level": 2}, headers=city)).json()["items"]
    assert [(s["method"], s["outcome"], s["surveyor"]) for s in level2] == [
        ("manual_field_check", "confirm", "张三")
    ]
    first = (await client.get(url, params={"limit": 1}, headers=city)).json()
    rest = await client.get(url, params={"cursor": first["next_cursor"]}, headers=city)
    assert len(first["items"]) == len(rest.json()["items"]) == 1
    other = await register(client, city, jurisdiction_code="231083")
    hidden = await client.get(f"/v1/outfalls/{other['id']}/surveys", headers=dongan)
    assert hidden.status_code == 404


@pytest.mark.parametrize("field", ["address", "category", "subtype", "remarks", "paper_ledger"])
async def test_patch_with_an_explicit_null_is_refused_or_clears_never_a_500(
    client: httpx.AsyncClient, city: dict[str, str], field: str
) -> None:
    outfall = await register(client, city, address="某路1号", remarks="备注")
    url = f"/v1/outfalls/{outfall['id']}"
    etag = (await client.get(url, headers=city)).headers["etag"]
    response = await client.patch(url, json={field: None}, headers=city | {"If-Match": etag})
    if field == "paper_ledger":  # a flag, never blank
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == (
            "body.paper_ledger"
        )
    else:
        assert response.status_code == 200, response.text
        assert response.json()[field] is None
