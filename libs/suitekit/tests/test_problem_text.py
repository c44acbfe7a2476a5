"""Problems a person can act on: language by Accept-Language, every error summarised (issue 17)."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import BaseModel, Field

from suitekit.errors import InvalidInput, LanguageMiddleware, NotFound, install_problem_handlers
from suitekit.problem_text import negotiate

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh"),
        ("", "zh"),
        ("zh-CN", "zh"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5, zh;q=0.8", "zh"),
        ("zh;q=0, en", "en"),
        ("fr", "zh"),
        ("en;q=abc", "zh"),
    ],
)
def test_negotiate_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_configured_default_language_applies_when_none_is_asked() -> None:
    assert negotiate("fr", default="en") == "en"


class Form(BaseModel):
    a: int
    b: int
    c: int
    d: int
    e: int
    survey_method: str = Field(alias="survey_method", min_length=3)
    g: str


@pytest.fixture
async def client() -> AsyncIterator[AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/forms")
    def submit(form: Form) -> dict[str, str]:
        return {}

    @app.get("/v1/missing")
    def missing() -> None:
        raise NotFound("outfall of_1 not found")

    @app.get("/v1/rule")
    def rule() -> None:
        raise InvalidInput(
            "COD above 100 mg/L needs a lab test",
            detail_zh="化学需氧量超过 100 mg/L，须送实验室检测",
            clause="§五(二)2",
        )

    wrapped = LanguageMiddleware(app)
    async with AsyncClient(transport=ASGITransport(app=wrapped), base_url="http://t") as http:
        yield http


async def test_multi_error_detail_names_every_field(client: AsyncClient) -> None:
    response = await client.post(
        "/v1/forms", json={"survey_method": "x"}, headers={"Accept-Language": "en"}
    )
    body = response.json()
    assert response.status_code == 422 and len(body["errors"]) == 7
    for error in body["errors"]:
        assert error["field"] in body["detail"]
    assert "body.survey_method" in {e["field"] for e in body["errors"]}


async def test_chinese_is_the_default_for_title_detail_and_messages(client: AsyncClient) -> None:
    response = await client.post("/v1/forms", json={"survey_method": "x"})
    body = response.json()
    assert response.headers["content-language"] == "zh-CN"
    assert body["title"] == "请求数据无效"
    assert body["detail"].startswith("请求有 7 处无效")
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["body.a"] == "缺少必填字段"
    assert messages["body.survey_method"] == "长度至少为 3"


async def test_english_on_request(client: AsyncClient) -> None:
    response = await client.get("/v1/missing", headers={"Accept-Language": "en-US"})
    body = response.json()
    assert response.headers["content-language"] == "en"
    assert (body["title"], body["detail"]) == ("Not found", "outfall of_1 not found")


async def test_chinese_frames_an_english_only_detail(client: AsyncClient) -> None:
    body = (await client.get("/v1/missing", headers={"Accept-Language": "zh-CN"})).json()
    assert body["title"] == "未找到"
    assert body["detail"].startswith("未找到所请求的资源") and "of_1" in body["detail"]


@pytest.mark.parametrize(
    ("language", "title", "sentence"),
    [
        ("zh-CN", "请求数据无效", "化学需氧量超过 100 mg/L"),
        ("en", "Invalid input", "COD above 100"),
    ],
)
async def test_rule_refusal_cites_its_clause_in_both_languages(
    client: AsyncClient, language: str, title: str, sentence: str
) -> None:
    body = (await client.get("/v1/rule", headers={"Accept-Language": language})).json()
    assert body["title"] == title
    assert sentence in body["detail"] and "§五(二)2" in body["detail"]
    assert body["clause"] == "§五(二)2"
