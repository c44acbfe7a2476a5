"""Exports (§三4 forms as CSV/XLSX, GeoJSON) and public disclosure/tip-offs (§六(七))."""

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook
from outfall_helpers import HARDWARE, NORMAL_TEST, TRACE, act, register, traced

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio


@pytest.fixture
def anonymous(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("outfall", "", sub="anonymous", jurisdiction=[])


async def standardized(client: httpx.AsyncClient, headers: dict) -> dict:
    outfall = await traced(client, headers, subtype="industrial_enterprise")
    await act(client, headers, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    return await act(
        client,
        headers,
        outfall["id"],
        "standardization",
        {"hardware": HARDWARE, "paper_ledger": True},
    )


async def test_tracing_form_as_csv_and_xlsx_s3_4(
    client: httpx.AsyncClient, city: dict, dongan: dict
) -> None:
    done = await traced(client, city)
    await register(client, city)
    await traced(client, city, jurisdiction_code="231083")
    response = await client.get("/v1/exports/tracing-results", headers=dongan)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["排污口编码", "排污口名称", "所在县（市）区/管委会"]
    assert [r[0] for r in rows[1:]] == [done["code"]]
    assert rows[1][2] == "东安区" and TRACE["uscc"] in rows[1]
    xlsx = await client.get("/v1/exports/survey-results", params={"format": "xlsx"}, headers=city)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.title == "入河排污口排查成果登记表"
    assert sheet.max_row == 4  # header + three outfalls
    bad = await client.get("/v1/exports/nonsense", headers=city)
    assert bad.status_code == 422


async def test_geojson_has_one_point_per_outfall_in_scope(
    client: httpx.AsyncClient, city: dict, dongan: dict
) -> None:
    own = await register(client, city)
    await register(client, city, jurisdiction_code="231083")
    body = (await client.get("/v1/outfalls.geojson", headers=dongan)).json()
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [129.63, 44.55]}
    assert feature["properties"]["code"] == own["code"]


async def test_public_list_shows_signboards_only_without_token(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    await traced(client, city)
    listed = (await client.get("/v1/public/outfalls", headers=anonymous)).json()
    (item,) = listed["items"]
    assert set(item) == {
        "code",
        "name",
        "responsible_party",
        "water_body",
        "supervising_bureau",
        "jurisdiction",
        "longitude",
        "latitude",
        "public_url",
    }
    assert item["supervising_bureau"] == "市生态环境局"
    assert item["public_url"].endswith(f"/v1/public/outfalls/{board['code']}")
    page = await client.get(f"/v1/public/outfalls/{board['code']}", headers=anonymous)
    assert page.json()["code"] == board["code"]
    qr = await client.get(f"/v1/public/outfalls/{board['code']}/qr.png", headers=anonymous)
    assert qr.content.startswith(b"\x89PNG")
    record = (await client.get(f"/v1/outfalls/{board['id']}/signboard", headers=city)).json()
    assert "<svg" in record["qr_svg"] and record["public_url"] == item["public_url"]
    assert (await client.get("/v1/outfalls", headers=anonymous)).status_code == 403


async def test_tip_off_without_token_scope_keeps_contact_private(
    client: httpx.AsyncClient, city: dict, anonymous: dict, supervisor: dict, dongan: dict
) -> None:
    tip = {
        "location": "江滨公园北侧",
        "description": "夜间有黑色污水排入江中",
        "contact": "13800000000",
    }
    receipt = await client.post("/v1/public/tip-offs", json=tip, headers=anonymous)
    assert receipt.status_code == 201
    assert set(receipt.json()) == {"id", "status", "received_at"}
    bad = await client.post("/v1/public/tip-offs", json={"location": ""}, headers=anonymous)
    assert bad.status_code == 422
    assert (await client.get("/v1/tip-offs", headers=dongan)).status_code == 403
    listed = (await client.get("/v1/tip-offs", headers=city)).json()["items"]
    assert [t["contact"] for t in listed] == ["13800000000"]
    audit = (
        await client.get("/v1/audit", params={"entity_type": "tip_off"}, headers=supervisor)
    ).json()["items"]
    assert len(audit) == 1 and audit[0]["data"] == {"location": "江滨公园北侧"}
    assert "13800000000" not in str(audit)
    assert (await client.post("/v1/public/tip-offs", json=tip)).status_code == 401
