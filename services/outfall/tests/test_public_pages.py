"""Issue 19: the outfall's public page behind the signboard QR code, its tip-off form and
receipt, the officials' steps on a tip-off, and the district/city lists (§六(七))."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
import zxingcpp
from outfall_helpers import HARDWARE, NORMAL_TEST, TRACE, act, traced
from PIL import Image

from outfall.app import create_app
from outfall.public.page import PUBLIC_FIELDS
from outfall.settings import Settings
from suitekit.testing import TestIdentity, service_client

pytestmark = pytest.mark.anyio
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture
async def client(database_url: str, identity: TestIdentity) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=database_url,
        identity_jwks=identity.jwks_json,
        suite_public_base_url="https://gov.example",
        tip_off_limit_per_hour=2,
        tip_off_photo_max_bytes=2048,
    )
    async with service_client(create_app(settings)) as http:
        yield http


@pytest.fixture
def anonymous(identity: TestIdentity) -> dict[str, str]:
    return identity.headers("outfall", "", sub="anonymous", jurisdiction=[])


async def standardized(client: httpx.AsyncClient, headers: dict, **overrides: object) -> dict:
    outfall = await traced(client, headers, subtype="industrial_enterprise", **overrides)
    await act(client, headers, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    return await act(
        client,
        headers,
        outfall["id"],
        "standardization",
        {"hardware": HARDWARE, "paper_ledger": True},
    )


class Fields(HTMLParser):
    """The data-field keys of the page, in order, and the text of the whole page."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.text: list[str] = []
        self.lang: str | None = None
        self.stylesheets: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "data-field" in attributes:
            self.keys.append(attributes["data-field"] or "")
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"] or "")
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


def public_path(anonymous_url: str) -> str:
    return "/v1/public/" + anonymous_url.split("/v1/public/", 1)[1]


async def test_page_shows_exactly_the_public_fields_in_html_and_json(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    path = f"/v1/public/outfalls/{board['code']}"
    page = await client.get(path, headers={**anonymous, **HTML})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    shown = parse(page.text)
    assert shown.keys == [key for key, _ in PUBLIC_FIELDS]
    assert shown.lang == "zh-CN" and shown.scripts == 0
    text = "".join(shown.text)
    for _, label in PUBLIC_FIELDS:
        assert label in text
    assert board["code"] in text and "12369" in text and "未发现异常" in text
    # the polluter's contact and credit code are on the register, never on the page
    assert TRACE["contact"] not in page.text and TRACE["uscc"] not in page.text
    body = (await client.get(path, headers={**anonymous, "Accept": "application/json"})).json()
    assert set(body) == {key for key, _ in PUBLIC_FIELDS} | {"longitude", "latitude", "public_url"}
    assert body["public_url"] == f"https://gov.example/outfall{path}"


async def test_stylesheet_link_resolves_relative_to_the_page(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    page = await client.get(f"/v1/public/outfalls/{board['code']}", headers={**anonymous, **HTML})
    (href,) = parse(page.text).stylesheets
    css_url = httpx.URL(f"http://test/v1/public/outfalls/{board['code']}").join(href)
    css = await client.get(css_url.path, headers=anonymous)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@media" in css.text and "font-face" not in css.text and "http" not in css.text


async def test_unknown_outfall_is_a_chinese_404_page_or_problem(
    client: httpx.AsyncClient, anonymous: dict
) -> None:
    html = await client.get("/v1/public/outfalls/NOPE", headers={**anonymous, **HTML})
    assert html.status_code == 404 and "未找到" in html.text
    problem = await client.get("/v1/public/outfalls/NOPE", headers=anonymous)
    assert problem.status_code == 404
    assert problem.headers["content-type"] == "application/problem+json"


async def _tip_offs(client: httpx.AsyncClient, city: dict) -> list[dict]:
    return (await client.get("/v1/tip-offs", headers=city)).json()["items"]


async def test_tip_off_form_gives_a_receipt_that_shows_the_status_only(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    form = {
        "location": "江滨公园北侧",
        "description": "排口有黑色污水流出",
        "contact": "13800000000",
    }
    sent = await client.post(
        f"/v1/public/outfalls/{board['code']}/tip-offs",
        data={**form, "website": ""},
        files={"photo": ("p.png", PNG, "image/png")},
        headers={**anonymous, **HTML},
    )
    assert sent.status_code == 303
    receipt_url = httpx.URL(f"http://test/v1/public/outfalls/{board['code']}/tip-offs").join(
        sent.headers["location"]
    )
    receipt = await client.get(receipt_url.path, headers={**anonymous, **HTML})
    assert receipt.status_code == 200
    shown = parse(receipt.text)
    assert shown.keys == ["receipt", "status"]
    assert "已受理" in receipt.text and form["contact"] not in receipt.text
    assert form["description"] not in receipt.text
    number = re.search(r'id="receipt-number">([^<]+)<', receipt.text).group(1)
    as_json = await client.get(f"/v1/public/tip-offs/{number}", headers=anonymous)
    assert as_json.json() == {"receipt": number, "status": "received"}
    (stored,) = await _tip_offs(client, city)
    assert stored["outfall_code"] == board["code"] and stored["has_photo"] is True
    photo = await client.get(f"/v1/tip-offs/{number}/photo", headers=city)
    assert photo.content == PNG and photo.headers["content-type"] == "image/png"
    looked_up = await client.get(
        "/v1/public/tip-offs/lookup", params={"receipt": f" {number} "}, headers=anonymous
    )
    assert looked_up.status_code == 303 and looked_up.headers["location"] == f"./{number}"


@pytest.mark.parametrize(
    ("form", "photo", "field", "message"),
    [
        (
            {"location": "", "description": "排口有黑水流出"},
            None,
            "location",
            "请填写发现问题的地点",
        ),
        ({"location": "桥下", "description": "有黑水"}, None, "description", "至少5个字"),
        ({"location": "桥" * 301, "description": "排口有黑水流出"}, None, "location", "300"),
        (
            {"location": "桥下", "description": "排口有黑水流出"},
            ("p.gif", b"GIF89a" + b"\x00" * 50, "image/png"),
            "photo",
            "JPEG或PNG",
        ),
        (
            {"location": "桥下", "description": "排口有黑水流出"},
            ("p.png", PNG + b"\x00" * 2048, "image/png"),
            "photo",
            "不超过",
        ),
        (
            {"location": "桥下", "description": "排口有黑水流出", "website": "x"},
            None,
            "website",
            "",
        ),
    ],
)
async def test_bad_tip_off_is_refused_in_chinese_and_writes_nothing(
    client: httpx.AsyncClient,
    city: dict,
    anonymous: dict,
    form: dict,
    photo: tuple | None,
    field: str,
    message: str,
) -> None:
    board = await standardized(client, city)
    url = f"/v1/public/outfalls/{board['code']}/tip-offs"
    files = {"photo": photo} if photo else None
    html = await client.post(url, data=form, files=files, headers={**anonymous, **HTML})
    assert html.status_code == 422
    assert "举报未提交" in html.text and message in html.text
    assert f'href="#{field}"' in html.text
    problem = await client.post(url, data=form, files=files, headers=anonymous)
    assert problem.status_code == 422
    assert problem.headers["content-type"] == "application/problem+json"
    assert field in {e["field"] for e in problem.json()["errors"]}
    assert await _tip_offs(client, city) == []


async def test_photo_at_the_size_limit_is_accepted(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    exactly = PNG + b"\x00" * (2048 - len(PNG))
    sent = await client.post(
        f"/v1/public/outfalls/{board['code']}/tip-offs",
        data={"location": "桥下", "description": "排口有黑水流出"},
        files={"photo": ("p.png", exactly, "image/png")},
        headers=anonymous,
    )
    assert sent.status_code == 201 and sent.json()["status"] == "received"


async def test_rate_limit_per_sender_address(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    url = f"/v1/public/outfalls/{board['code']}/tip-offs"
    form = {"location": "桥下", "description": "排口有黑水流出"}

    async def send(address: str) -> int:
        # a caller-written X-Forwarded-For comes first; the gateway's own entry is the last
        headers = [*anonymous.items(), ("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", address)]
        return (await client.post(url, data=form, headers=headers)).status_code

    assert [await send("10.0.0.1") for _ in range(2)] == [201, 201]  # at the limit (2)
    assert await send("10.0.0.1") == 429  # above it
    assert await send("10.0.0.2") == 201  # another address has its own allowance
    json_tip = {"location": "桥下", "description": "排口有黑水流出"}
    limited = await client.post(
        "/v1/public/tip-offs",
        json=json_tip,
        headers={**anonymous, "x-forwarded-for": "10.0.0.1"},
    )
    assert limited.status_code == 429  # the JSON intake shares the allowance
    assert len(await _tip_offs(client, city)) == 3


async def test_officials_move_a_tip_off_through_its_states_audited(
    client: httpx.AsyncClient, city: dict, dongan: dict, anonymous: dict, supervisor: dict
) -> None:
    tip = (
        await client.post(
            "/v1/public/tip-offs",
            json={"location": "桥下", "description": "排口有黑水流出"},
            headers=anonymous,
        )
    ).json()
    step = {"note": "转东安区生态环境分局"}
    refused = await client.post(f"/v1/tip-offs/{tip['id']}/forward", json=step, headers=dongan)
    assert refused.status_code == 403
    forwarded = await client.post(f"/v1/tip-offs/{tip['id']}/forward", json=step, headers=city)
    assert forwarded.json() == {"receipt": tip["id"], "status": "forwarded"}
    again = await client.post(f"/v1/tip-offs/{tip['id']}/forward", json=step, headers=city)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    handled = await client.post(
        f"/v1/tip-offs/{tip['id']}/handle", json={"note": "已责令停止排放"}, headers=city
    )
    assert handled.json()["status"] == "handled"
    public = await client.get(f"/v1/public/tip-offs/{tip['id']}", headers={**anonymous, **HTML})
    assert "已办结" in public.text and "责令" not in public.text and "东安" not in public.text
    empty = await client.post(f"/v1/tip-offs/{tip['id']}/handle", json={"note": ""}, headers=city)
    assert empty.status_code == 422
    chain = (await client.get("/v1/audit", headers=supervisor)).json()["items"]
    actions = [e["action"] for e in chain if e.get("entity_id") == tip["id"]]
    assert actions == ["tip_off", "tip_off_forward", "tip_off_handle"]


async def test_city_and_district_lists_page_and_search_as_plain_text(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    first = await standardized(client, city, location_name="东安区100%达标排口")
    second = await standardized(client, city, location_name="东安区另一排口")
    other = await standardized(client, city, jurisdiction_code="231083", location_name="海林市排口")
    page = await client.get(
        "/v1/public/outfalls", params={"limit": 1}, headers={**anonymous, **HTML}
    )
    assert page.status_code == 200 and "东安区" in page.text and "下一页" in page.text
    codes = set()
    body = await client.get("/v1/public/outfalls", params={"limit": 1}, headers=anonymous)
    while True:
        listed = body.json()
        codes |= {item["code"] for item in listed["items"]}
        if not listed["next_cursor"]:
            break
        body = await client.get(
            "/v1/public/outfalls",
            params={"limit": 1, "cursor": listed["next_cursor"]},
            headers=anonymous,
        )
    assert codes == {first["code"], second["code"], other["code"]}
    found = await client.get("/v1/public/outfalls", params={"q": "100%"}, headers=anonymous)
    assert [i["code"] for i in found.json()["items"]] == [first["code"]]
    wildcard = await client.get("/v1/public/outfalls", params={"q": "_"}, headers=anonymous)
    assert wildcard.json()["items"] == []  # '_' is a character here, not "any character"
    district = await client.get("/v1/public/jurisdictions/231083/outfalls", headers=anonymous)
    assert [i["code"] for i in district.json()["items"]] == [other["code"]]
    district_html = await client.get(
        "/v1/public/jurisdictions/231002/outfalls", headers={**anonymous, **HTML}
    )
    assert (
        "东安区入河排污口公开信息" in district_html.text and "海林市排口" not in district_html.text
    )
    unknown = await client.get("/v1/public/jurisdictions/999999/outfalls", headers=anonymous)
    assert unknown.status_code == 404


async def test_signboard_qr_carries_the_public_url_and_opens_the_page(
    client: httpx.AsyncClient, city: dict, anonymous: dict
) -> None:
    board = await standardized(client, city)
    png = await client.get(f"/v1/public/outfalls/{board['code']}/qr.png", headers=anonymous)
    (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert decoded.text == f"https://gov.example/outfall/v1/public/outfalls/{board['code']}"
    opened = await client.get(public_path(decoded.text), headers={**anonymous, **HTML})
    assert opened.status_code == 200 and board["code"] in opened.text
