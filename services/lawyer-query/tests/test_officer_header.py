"""The X-Officer-Id header is published with maxLength 64 (it is recorded with every registry
query): a longer value is a 422 naming the header, never stored (found by contract fuzzing)."""

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("length", "status"), [(63, 200), (64, 200), (65, 422)])
async def test_officer_id_longer_than_published_is_refused(
    client: httpx.AsyncClient, officer: dict[str, str], length: int, status: int
) -> None:
    answer = await client.get("/v1/applications", headers={**officer, "X-Officer-Id": "o" * length})
    assert answer.status_code == status, answer.text
    if status == 422:
        assert answer.json()["errors"][0]["field"] == "header.X-Officer-Id"
