"""A tender section's programme year is bounded like a project's (2000-2100): a year past the
integer range answered 500 on the proposal helper (found by contract fuzzing)."""

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("year", "refused"), [(1999, True), (2000, False), (2100, False), (2101, True), (10**30, True)]
)
async def test_proposal_programme_year_is_bounded(
    client: httpx.AsyncClient, city: dict[str, str], year: int, refused: bool
) -> None:
    answer = await client.post(
        "/v1/tender-sections/propose",
        json={"programme_year": year, "district": "231002"},
        headers=city,
    )
    fields = [e["field"] for e in answer.json().get("errors", [])] if answer.is_error else []
    assert answer.status_code < 500, answer.text
    assert ("body.programme_year" in fields) is refused, answer.text
