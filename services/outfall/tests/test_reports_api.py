"""Progress report and overdue lists through HTTP (§三3-4, §五(四), §六(一))."""

from datetime import date

import httpx
import pytest
from outfall_helpers import HARDWARE, NORMAL_TEST, SURVEY, act, register, traced

pytestmark = pytest.mark.anyio


async def test_progress_counts_states_and_milestones_per_jurisdiction_s3_3(
    client: httpx.AsyncClient, city: dict, dongan: dict
) -> None:
    confirmed = await register(client, city)
    await act(client, city, confirmed["id"], "surveys", SURVEY)
    await register(client, city)
    await traced(client, city)
    await register(
        client, city, jurisdiction_code="231083", category="agricultural", subtype="livestock_farm"
    )
    report = (
        await client.get("/v1/reports/progress", params={"as_of": "2022-07-01"}, headers=city)
    ).json()
    assert [m["passed"] for m in report["milestones"]] == [True, True, False, False]
    dongan_group = next(g for g in report["groups"] if g["jurisdiction_code"] == "231002")
    assert dongan_group["by_status"] == {"confirmed": 1, "discovered": 1, "traced": 1}
    assert dongan_group["past_milestones"] == {"survey_tracing": 2}
    assert dongan_group["missing_river_chief"] == 2
    assert report["totals"]["total"] == 4
    on_time = (
        await client.get("/v1/reports/progress", params={"as_of": "2022-06-30"}, headers=city)
    ).json()
    assert on_time["totals"]["past_milestones"] == {}
    county = (
        await client.get("/v1/reports/progress", params={"as_of": "2022-07-01"}, headers=dongan)
    ).json()
    assert {g["jurisdiction_code"] for g in county["groups"]} == {"231002"}


async def test_overdue_lists_tracing_and_river_chief(client: httpx.AsyncClient, city: dict) -> None:
    late = await register(client, city)
    done = await traced(client, city)
    tracing = (
        await client.get(
            "/v1/reports/overdue/tracing", params={"as_of": "2022-07-01"}, headers=city
        )
    ).json()
    assert [o["id"] for o in tracing["items"]] == [late["id"]]
    chiefs = (await client.get("/v1/reports/overdue/river-chief", headers=city)).json()
    assert [o["id"] for o in chiefs["items"]] == [done["id"]]
    unknown = await client.get("/v1/reports/overdue/nonsense", headers=city)
    assert unknown.status_code == 422


async def test_annual_report_overdue_after_31_january_s5_4(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await traced(client, city)
    await act(client, city, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    await act(
        client, city, outfall["id"], "standardization", {"hardware": HARDWARE, "paper_ledger": True}
    )
    year = date.today().year
    url = "/v1/reports/overdue/annual-reports"
    on_time = await client.get(url, params={"as_of": f"{year + 1}-01-31"}, headers=city)
    assert on_time.json()["items"] == []
    late = (await client.get(url, params={"as_of": f"{year + 1}-02-01"}, headers=city)).json()
    assert [o["id"] for o in late["items"]] == [outfall["id"]]
    assert str(year) in late["items"][0]["why"]
