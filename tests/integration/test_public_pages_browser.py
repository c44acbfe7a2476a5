"""Issue 19 in a real browser: Debian's Chromium, headless, driven by Playwright with the system
browser (``executable_path``), every process of the suite started for real behind the gateway.

A resident's path: decode the signboard's QR code, open the page it names, read the fields,
send a tip-off with JavaScript off, follow the receipt; axe-core finds no serious or critical
violation; screenshots at 360 and 1280 px wide are kept under ``var/artifacts/public-pages/``.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image
from stdnum.cn import uscc

from outfall.public.page import PUBLIC_FIELDS
from renovation.publicity.board import PUBLIC_SECTIONS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev group installs both
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian's chromium is not installed (make system-packages installs it as root)",
    ),
    pytest.mark.skipif(
        sync_playwright is None,
        reason="playwright / axe-playwright-python missing from .venv (uv sync --all-packages)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "public-pages"
WIDTHS = (360, 1280)
RW_OUTFALL = ["outfall:read", "outfall:write"]
RW_RENOVATION = ["renovation:read", "renovation:write"]
BODY = "91231002MA1D00B2C"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def _post(gateway: httpx.Client, path: str, body: dict, headers: dict, expected: int = 200) -> Any:
    response = gateway.post(path, json=body, headers=headers)
    assert response.status_code == expected, response.text
    return response.json()


@pytest.fixture(scope="module")
def outfall_code(suite: Any) -> str:
    """A standardised outfall made through the gateway's API, as a county system would."""
    headers = suite.headers(RW_OUTFALL, ["231002"])
    with httpx.Client(base_url=suite.gateway_url, timeout=30) as gateway:
        created = _post(
            gateway,
            "/outfall/v1/outfalls",
            {
                "survey_level": 1,
                "survey_method": "drone_remote_sensing",
                "surveyed_at": "2022-06-18T09:30:00+08:00",
                "location_name": "东安区江滨排口",
                "jurisdiction_code": "231002",
                "water_body_name": "牡丹江",
                "water_body_code": "MDJ01",
                "longitude": 129.63,
                "latitude": 44.55,
                "category": "industrial",
                "subtype": "industrial_enterprise",
            },
            headers,
            201,
        )
        base = f"/outfall/v1/outfalls/{created['id']}"
        survey = {
            "level": 2,
            "method": "manual_field_check",
            "outcome": "confirm",
            "surveyed_at": "2022-06-20T10:00:00+08:00",
        }
        _post(gateway, f"{base}/surveys", survey, headers)
        test = {"ph": 7.0, "cod_mg_l": 40, "sampled_at": "2022-06-21T09:00:00+08:00"}
        _post(gateway, f"{base}/rapid-tests", test, headers, 201)
        party = {
            "basis": "discharger",
            "name": "牡丹江江滨食品有限公司",
            "party_type": "enterprise",
            "uscc": BODY + uscc.calc_check_digit(BODY),
        }
        _post(gateway, f"{base}/trace", party, headers)
        checklist = {
            "hardware": ["monitoring_point", "signboard", "video_monitoring"],
            "paper_ledger": True,
        }
        return _post(gateway, f"{base}/standardization", checklist, headers)["code"]


@pytest.fixture(scope="module")
def project_id(suite: Any) -> str:
    headers = suite.headers(RW_RENOVATION, ["231002"])
    project = {
        "programme_year": 2022,
        "district": "231002",
        "name": "东安区向阳小区改造",
        "buildings": 6,
        "households": 300,
        "floor_area_m2": "20000",
        "content_class": "basic",
        "checklist": ["building_body", "utilities"],
        "courtyard_investment_yuan": "3000000",
        "building_investment_yuan": "2000000",
        "utility_facility_investment_yuan": "1000000",
        "weak_current_investment_yuan": "100000",
    }
    with httpx.Client(base_url=suite.gateway_url, timeout=30) as gateway:
        pid = _post(gateway, "/renovation/v1/projects", project, headers, 201)["id"]
        boards = [
            {"kind": "effect_drawings", "title": "改造效果图", "installed_on": "2022-06-15"},
            {
                "kind": "content_schedule",
                "title": "改造内容、工程投资与时间安排",
                "content": "屋面防水、外墙保温、楼道照明；2022年6月至10月施工",
                "supervisor_phones": ["13900000001", "13900000002"],
                "installed_on": "2022-06-15",
            },
            {
                "kind": "announcement",
                "title": "工程公告",
                "shows_qr": True,
                "installed_on": "2022-06-15",
                "units": [
                    {
                        "role": "builder",
                        "name": "牡丹江某建筑工程有限公司",
                        "phone": "0453-6123456",
                    },
                    {"role": "supervisor", "name": "黑龙江某监理有限公司"},
                ],
            },
        ]
        for board in boards:
            _post(gateway, f"/renovation/v1/projects/{pid}/boards", board, headers, 201)
        funding = {"source": "city_finance", "kind": "commitment", "amount_yuan": "800000"}
        _post(
            gateway,
            f"/renovation/v1/projects/{pid}/funding",
            {**funding, "on_date": "2022-06-01"},
            headers,
            201,
        )
        return pid


def _decode(png: bytes) -> str:
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return code.text


def outfall_qr_url(suite: Any, code: str) -> str:
    png = httpx.get(f"{suite.gateway_url}/outfall/v1/public/outfalls/{code}/qr.png", timeout=30)
    return _decode(png.content)


def project_qr_url(suite: Any, pid: str) -> str:
    headers = suite.headers(RW_RENOVATION, ["231002"])
    png = httpx.get(
        f"{suite.gateway_url}/renovation/v1/projects/{pid}/qr", headers=headers, timeout=30
    )
    return _decode(png.content)


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_outfall_page_from_its_qr_code(browser: Browser, suite: Any, outfall_code: str) -> None:
    url = outfall_qr_url(suite, outfall_code)
    assert url == f"{suite.gateway_url}/outfall/v1/public/outfalls/{outfall_code}"
    page = browser.new_page(viewport={"width": 360, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "lang") == "zh-CN"
    keys = page.eval_on_selector_all("[data-field]", "els => els.map(e => e.dataset.field)")
    assert keys == [key for key, _ in PUBLIC_FIELDS]
    labels = page.eval_on_selector_all("[data-field] dt", "els => els.map(e => e.innerText)")
    assert labels == [label for _, label in PUBLIC_FIELDS]
    assert page.inner_text("[data-field=code] dd") == outfall_code
    assert page.inner_text("[data-field=responsible_party] dd") == "牡丹江江滨食品有限公司"
    assert page.evaluate("getComputedStyle(document.body).lineHeight") != "normal"  # CSS loaded
    assert no_horizontal_scroll(page)
    assert serious_violations(page) == []
    shoot(page, "outfall")
    page.close()


def test_tip_off_with_javascript_off_and_its_receipt(
    browser: Browser, suite: Any, outfall_code: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.set_content("<title>a</title><script>document.title = 'b'</script>")
    assert page.title() == "a"  # scripts really are off
    page.goto(outfall_qr_url(suite, outfall_code))
    page.fill("#location", "")
    page.fill("#description", "黑水")
    page.click("button[type=submit] >> text=提交举报")
    assert "举报未提交" in page.inner_text("#form-errors")
    assert "请填写发现问题的地点" in page.inner_text("#location-error")
    assert "至少5个字" in page.inner_text("#description-error")
    page.fill("#location", "江滨公园北侧排口")
    page.fill("#description", "排口有黑色污水流出，气味刺鼻")
    page.fill("#contact", "13800000000")
    page.click("button[type=submit] >> text=提交举报")
    assert "/outfall/v1/public/tip-offs/" in page.url
    assert page.inner_text("#receipt-status") == "已受理"
    receipt = page.inner_text("#receipt-number")
    assert "13800000000" not in page.content() and "气味刺鼻" not in page.content()
    shoot(page, "tip-off-receipt")
    # later, from the outfall page: the receipt number shows the status and nothing else
    page.goto(outfall_qr_url(suite, outfall_code))
    page.fill("#receipt", receipt)
    page.click("button >> text=查询")
    assert page.inner_text("#receipt-number") == receipt
    fields = page.eval_on_selector_all("[data-field]", "els => els.map(e => e.dataset.field)")
    assert fields == ["receipt", "status"]
    context.close()


def test_renovation_board_from_its_qr_code(browser: Browser, suite: Any, project_id: str) -> None:
    url = project_qr_url(suite, project_id)
    assert url == f"{suite.gateway_url}/renovation/v1/public/projects/{project_id}"
    page = browser.new_page(viewport={"width": 360, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status == 200
    sections = page.eval_on_selector_all("[data-section]", "els => els.map(e => e.dataset.section)")
    assert sections == [key for key, _ in PUBLIC_SECTIONS]
    titles = page.eval_on_selector_all(".board h3", "els => els.map(e => e.innerText)")
    assert titles == ["1. 改造效果图", "2. 改造内容、工程投资与时间安排", "3. 工程公告"]
    text = page.inner_text("main")
    for expected in ("牡丹江某建筑工程有限公司", "市级财政配套", "13900000001", "12345"):
        assert expected in text
    assert no_horizontal_scroll(page)
    assert serious_violations(page) == []
    shoot(page, "renovation")
    page.close()


def test_city_list_leads_to_the_outfall(browser: Browser, suite: Any, outfall_code: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 900})
    page.goto(f"{suite.gateway_url}/outfall/v1/public/outfalls")
    page.click("text=东安区")
    assert "/outfall/v1/public/jurisdictions/231002/outfalls" in page.url
    page.fill("#q", "江滨")
    page.click("button >> text=搜索")
    assert serious_violations(page) == []
    shoot(page, "outfall-list")
    page.click(f"tr:has-text('{outfall_code}') a")
    assert page.inner_text("[data-field=code] dd") == outfall_code
    page.close()
