"""The documentation pages are served by the suite: no CDN, no inline script, safe headers."""

import re
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from suitekit.docs_ui import ASSET_FILES, install_docs
from suitekit.errors import install_problem_handlers

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client() -> AsyncIterator[AsyncClient]:
    app = FastAPI(docs_url=None, redoc_url=None)
    install_problem_handlers(app)
    install_docs(app, title="Test <suite>")
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
        yield http


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_page_loads_only_its_own_assets(client: AsyncClient, page: str) -> None:
    response = await client.get(page)
    assert response.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert urls and all(u.startswith("/docs/assets/") for u in urls), urls
    assert "<script>" not in response.text  # every script is a file: CSP needs no 'unsafe-inline'
    assert "Test &lt;suite&gt;" in response.text


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_page_security_headers(client: AsyncClient, page: str) -> None:
    headers = (await client.get(page)).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("name", sorted(ASSET_FILES))
async def test_every_asset_is_served_with_its_type(client: AsyncClient, name: str) -> None:
    response = await client.get(f"/docs/assets/{name}")
    assert response.status_code == 200 and len(response.content) > 100
    expected = {"js": "javascript", "css": "text/css", "png": "image/png"}[name.rsplit(".", 1)[1]]
    assert expected in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["../app.py", "unknown.js", "%2e%2e%2fapp.py"])
async def test_unknown_asset_is_a_problem_404(client: AsyncClient, name: str) -> None:
    response = await client.get(f"/docs/assets/{name}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
