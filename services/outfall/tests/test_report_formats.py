"""The progress report as XLSX; an unknown or unoffered format is refused, never ignored
(issue 17: `?format=xlsx` silently returned JSON)."""

import io
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from openpyxl import load_workbook
from outfall_helpers import register

pytestmark = pytest.mark.anyio
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_progress_report_as_xlsx_has_chinese_labels_and_hj_codes_s3_4(
    client: httpx.AsyncClient, city: dict
) -> None:
    await register(client, city)
    response = await client.get(
        "/v1/reports/progress", params={"as_of": "2022-07-01", "format": "xlsx"}, headers=city
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["进度汇总", "分辖区分类型", "移交执法"]
    summary = [
        [c for c in row if c is not None] for row in book["进度汇总"].iter_rows(values_only=True)
    ]
    assert ["统计截至", "2022-07-01"] in summary
    assert summary[3][0] == "生成时间（北京时间）"
    groups = list(book["分辖区分类型"].iter_rows(values_only=True))
    assert groups[0][:3] == ("县（市）区/管委会", "排污口类型", "合计")
    assert "已发现（待核实）" in groups[0]
    dongan = next(row for row in groups[1:] if row[0] == "东安区")
    assert dongan[1] == "工业排污口" and dongan[2] == 1


@pytest.mark.parametrize("value", ["pdf", "XLSX", ""])
async def test_unknown_report_format_is_422_naming_the_formats(
    client: httpx.AsyncClient, city: dict, value: str
) -> None:
    response = await client.get("/v1/reports/progress", params={"format": value}, headers=city)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.format"


async def test_format_on_a_json_only_operation_is_406(
    client: httpx.AsyncClient, city: dict
) -> None:
    response = await client.get("/v1/outfalls", params={"format": "xlsx"}, headers=city)
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_acceptable"


async def test_survey_form_uses_chinese_labels_and_beijing_time_s3_4(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    response = await client.get(
        "/v1/exports/survey-results", params={"format": "xlsx"}, headers=city
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    record = dict(zip(header, row, strict=True))
    assert record["排污口编码"] == outfall["code"]
    assert record["排查方式"] == "无人机遥感"
    assert record["排污口类型"] == "工业排污口"
    assert record["状态"] == "已发现（待核实）"
    created = datetime.fromisoformat(outfall["created_at"])
    beijing = created.astimezone(timezone(timedelta(hours=8)))
    assert record["登记时间"] == beijing.strftime("%Y-%m-%d %H:%M")
