"""Issue 19: the project's public board behind its QR code (§五(四)5 建立公示制度, §五(四)4
畅通投诉举报渠道) and the district lists; HTML for a phone, JSON for systems."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image

from renovation.publicity.board import PUBLIC_SECTIONS

pytestmark = pytest.mark.anyio
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
UNITS = [
    {"role": "owner", "name": "东安区住房和城乡建设局"},
    {"role": "builder", "name": "牡丹江某建筑工程有限公司", "phone": "0453-6123456"},
    {"role": "supervisor", "name": "黑龙江某监理有限公司"},
]


@pytest.fixture
def anonymous(identity: Any) -> dict[str, str]:
    return identity.headers("renovation", "", sub="anonymous", jurisdiction=[])


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.board_titles: list[str] = []
        self.lang: str | None = None
        self._in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "data-section" in attributes:
            self.sections.append(attributes["data-section"] or "")
        if tag == "html":
            self.lang = attributes.get("lang")
        self._in_h3 = tag == "h3"

    def handle_endtag(self, tag: str) -> None:
        self._in_h3 = False if tag == "h3" else self._in_h3

    def handle_data(self, data: str) -> None:
        if self._in_h3:
            self.board_titles.append(re.sub(r"^\d+\.\s*", "", data.strip()))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


async def put_up(client: httpx.AsyncClient, headers: dict, pid: str, board: dict) -> None:
    response = await client.post(f"/v1/projects/{pid}/boards", json=board, headers=headers)
    assert response.status_code == 201, response.text


async def test_board_shows_every_public_section_in_order(
    client: httpx.AsyncClient, city: dict, anonymous: dict, api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    boards = [
        api.BOARDS[0],
        {**api.BOARDS[1], "content": "更换屋面防水、楼道照明；工期2022年6月至10月"},
        {**api.BOARDS[2], "units": UNITS},
    ]
    for board in boards:
        await put_up(client, city, pid, board)
    funding = {"source": "city_finance", "kind": "commitment", "amount_yuan": "800000"}
    posted = await client.post(
        f"/v1/projects/{pid}/funding", json={**funding, "on_date": "2022-06-01"}, headers=city
    )
    assert posted.status_code == 201, posted.text
    page = await client.get(f"/v1/public/projects/{pid}", headers={**anonymous, **HTML})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    shown = parse(page.text)
    assert shown.lang == "zh-CN"
    assert shown.sections == [key for key, _ in PUBLIC_SECTIONS]
    for _, heading in PUBLIC_SECTIONS:
        assert heading in page.text
    assert shown.board_titles == [b["title"] for b in boards]
    for text in (
        "楼房本体改造",
        "市级财政配套",
        "800,000.00",
        "牡丹江某建筑工程有限公司",
        "施工单位",
    ):
        assert text in page.text
    assert "13900000001" in page.text and "12345" in page.text and "更换屋面防水" in page.text
    assert "<script" not in page.text
    body = (await client.get(f"/v1/public/projects/{pid}", headers=anonymous)).json()
    for key in ("plan", "funding", "units", "schedule", "supervisor_phones", "complaint_phone"):
        assert key in body
    assert body["satisfaction"] is None
    assert [i["title"] for i in body["items"]] == [b["title"] for b in boards]
    assert [u["name"] for u in body["units"]] == [u["name"] for u in UNITS]
    assert [s["state"] for s in body["schedule"]][:2] == ["current", "to_come"]


async def test_new_board_items_show_after_the_earlier_ones(
    client: httpx.AsyncClient, city: dict, anonymous: dict, api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    titles = ["效果图", "改造内容", "工程公告", "施工进度（七月）"]
    for i, title in enumerate(titles):
        kind = ["effect_drawings", "content_schedule", "announcement", "announcement"][i]
        await put_up(
            client, city, pid, {"kind": kind, "title": title, "installed_on": "2022-06-15"}
        )
    page = await client.get(f"/v1/public/projects/{pid}", headers={**anonymous, **HTML})
    assert parse(page.text).board_titles == titles


async def test_bad_unit_on_a_board_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, city: dict, api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    bad = {**api.BOARDS[2], "units": [{"role": "boss", "name": "某公司"}]}
    refused = await client.post(f"/v1/projects/{pid}/boards", json=bad, headers=city)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"/v1/projects/{pid}/boards", headers=city)).json()["boards"] == []


async def _handed_over(client: httpx.AsyncClient, city: dict, api: SimpleNamespace) -> str:
    pid = (await api.create_project(client, city))["id"]
    await api.consult(client, city, pid, agree=200)
    assert (await api.action(client, city, pid, "design")).status_code == 200
    pay = {"kind": "payment", "amount_yuan": "200000", "on_date": "2022-06-01"}
    await client.post(f"/v1/projects/{pid}/contributions", json=pay, headers=city)
    for board in api.BOARDS:
        await put_up(client, city, pid, board)
    assert (await api.action(client, city, pid, "start", {"reason": "开工"})).status_code == 200
    await api.action(client, city, pid, "complete")
    await api.action(
        client, city, pid, "accept", {"on_date": "2022-11-15", "parties": api.ALL_PARTIES}
    )
    survey = {"surveyed_on": "2022-11-20", "surveyed": 100, "satisfied": 90}
    await client.post(f"/v1/projects/{pid}/satisfaction", json=survey, headers=city)
    handover = {"property_mode": "state_fallback", "contract_filing_ref": "牡物备2022-17"}
    assert (await api.action(client, city, pid, "handover", handover)).status_code == 200
    return pid


async def test_satisfaction_is_public_after_handover_at_the_90_percent_target(
    client: httpx.AsyncClient, city: dict, anonymous: dict, api: SimpleNamespace
) -> None:
    pid = await _handed_over(client, city, api)
    body = (await client.get(f"/v1/public/projects/{pid}", headers=anonymous)).json()
    assert body["satisfaction"]["percent"] in ("90.00", 90.0)
    assert body["satisfaction"]["meets_target"] is True  # 90/100: at §四(一)4's 90%
    assert [s["state"] for s in body["schedule"]][-1] == "current"
    page = await client.get(f"/v1/public/projects/{pid}", headers={**anonymous, **HTML})
    assert "满意度 <strong>90.00%</strong>" in page.text and "已达到" in page.text


async def test_district_list_pages_and_searches_as_plain_text(
    client: httpx.AsyncClient, city: dict, anonymous: dict, api: SimpleNamespace
) -> None:
    first = await api.create_project(client, city, name="东安区100%小区")
    second = await api.create_project(client, city, name="东安区另一小区")
    other = await api.create_project(client, city, district="231004", name="爱民区小区")
    listed = await client.get(
        "/v1/public/districts/231002/projects", params={"limit": 1}, headers=anonymous
    )
    page = listed.json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = await client.get(
        "/v1/public/districts/231002/projects",
        params={"limit": 1, "cursor": page["next_cursor"]},
        headers=anonymous,
    )
    codes = {page["items"][0]["id"], rest.json()["items"][0]["id"]}
    assert codes == {first["id"], second["id"]}
    found = await client.get("/v1/public/projects", params={"q": "100%"}, headers=anonymous)
    assert [p["id"] for p in found.json()["items"]] == [first["id"]]
    html = await client.get("/v1/public/districts/231004/projects", headers={**anonymous, **HTML})
    assert "爱民区老旧小区改造项目公示" in html.text and other["name"] in html.text
    assert first["name"] not in html.text
    city_html = await client.get("/v1/public/projects", headers={**anonymous, **HTML})
    assert "东安区" in city_html.text and "districts/231004/projects" in city_html.text
    missing = await client.get("/v1/public/districts/999999/projects", headers=anonymous)
    assert missing.status_code == 404


async def test_project_qr_carries_the_public_url_and_opens_the_board(
    client: httpx.AsyncClient, city: dict, anonymous: dict, api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    png = await client.get(f"/v1/projects/{pid}/qr", headers=city)
    (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert decoded.text == f"https://gw.example/renovation/v1/public/projects/{pid}"
    path = "/v1/public/" + decoded.text.split("/v1/public/", 1)[1]
    opened = await client.get(path, headers={**anonymous, **HTML})
    assert opened.status_code == 200 and api.PROJECT["name"] in opened.text


async def test_unknown_project_is_a_chinese_404(client: httpx.AsyncClient, anonymous: dict) -> None:
    html = await client.get("/v1/public/projects/nope", headers={**anonymous, **HTML})
    assert html.status_code == 404 and "未找到" in html.text
    problem = await client.get("/v1/public/projects/nope", headers=anonymous)
    assert problem.headers["content-type"] == "application/problem+json"
