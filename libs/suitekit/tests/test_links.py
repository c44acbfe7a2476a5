"""Links name the gateway: Location headers and public URLs (issue 17)."""

import pytest
from fastapi import FastAPI, Response
from httpx import ASGITransport, AsyncClient

from suitekit.links import GatewayLinksMiddleware, gateway_path, public_service_url
from suitekit.settings import ServiceSettings, service_config

pytestmark = pytest.mark.anyio


class OutfallSettings(ServiceSettings):
    model_config = service_config("OUTFALL_")
    service_name: str = "outfall"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/v1/outfalls/of_1", "/outfall/v1/outfalls/of_1"),
        ("/v1", "/outfall/v1"),
        ("/outfall/v1/outfalls/of_1", "/outfall/v1/outfalls/of_1"),
        ("https://gw.example/outfall/v1/x", "https://gw.example/outfall/v1/x"),
        ("/v10/x", "/v10/x"),
    ],
)
def test_gateway_path(path: str, expected: str) -> None:
    assert gateway_path("outfall", path) == expected


def test_public_url_comes_from_suite_public_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUITE_PUBLIC_BASE_URL", "https://gw.example:8443/")
    assert public_service_url(OutfallSettings(), "/v1/public/outfalls/A") == (
        "https://gw.example:8443/outfall/v1/public/outfalls/A"
    )


def test_service_override_wins_over_suite_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUITE_PUBLIC_BASE_URL", "https://gw.example")
    monkeypatch.setenv("OUTFALL_PUBLIC_BASE_URL", "https://outfall.example")
    assert public_service_url(OutfallSettings(), "/v1") == "https://outfall.example/outfall/v1"


def test_default_public_base_is_the_default_gateway_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SUITE_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("OUTFALL_PUBLIC_BASE_URL", raising=False)
    assert public_service_url(OutfallSettings()) == "http://127.0.0.1:8000/outfall"


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/v1/outfalls/of_1", "/outfall/v1/outfalls/of_1"),
        ("https://elsewhere.example/v1/x", "https://elsewhere.example/v1/x"),
    ],
)
async def test_middleware_rewrites_service_relative_location(location: str, expected: str) -> None:
    app = FastAPI()

    @app.post("/v1/things", status_code=201)
    def create(response: Response) -> dict[str, str]:
        response.headers["Location"] = location
        return {"id": "1"}

    wrapped = GatewayLinksMiddleware(app, service="outfall")
    async with AsyncClient(transport=ASGITransport(app=wrapped), base_url="http://t") as http:
        created = await http.post("/v1/things")
    assert created.headers["location"] == expected
