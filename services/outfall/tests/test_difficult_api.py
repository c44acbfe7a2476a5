"""§三3: the API marks difficult and complex outfalls (疑难复杂) with a reason and who set it,
and reports them against the 15 July tracing milestone (issue 16)."""

import httpx
import pytest
from outfall_helpers import SURVEY, TRACE, act, register

pytestmark = pytest.mark.anyio


async def _confirmed(client: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    outfall = await register(client, headers)
    return await act(client, headers, outfall["id"], "surveys", SURVEY)


async def test_mark_difficult_records_reason_and_who_and_is_audited_s3_3(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    outfall = await _confirmed(client, city)
    assert outfall["difficult"] is None
    marked = await act(client, city, outfall["id"], "difficult", {"reason": "暗管多级汇入"})
    assert marked["difficult"]["reason"] == "暗管多级汇入"
    assert marked["difficult"]["marked_by"] == "city-ecology"
    assert marked["version"] == outfall["version"] + 1
    again = await act(client, city, outfall["id"], "difficult", {"reason": "x"}, expected=409)
    assert again["code"] == "already_difficult"
    history = (await client.get(f"/v1/outfalls/{outfall['id']}/history", headers=city)).json()
    assert [e["action"] for e in history["items"]][-1] == "mark_difficult"


async def test_mark_needs_a_reason_and_an_outfall_awaiting_tracing_s3_3(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    outfall = await _confirmed(client, city)
    missing = await act(client, city, outfall["id"], "difficult", {"reason": ""}, expected=422)
    assert missing["errors"][0]["field"] == "body.reason"
    await act(client, city, outfall["id"], "trace", TRACE)
    late = await act(client, city, outfall["id"], "difficult", {"reason": "x"}, expected=409)
    assert late["code"] == "not_awaiting_tracing"
    read = (await client.get(f"/v1/outfalls/{outfall['id']}", headers=city)).json()
    assert read["difficult"] is None


@pytest.mark.parametrize(
    ("as_of", "ordinary_late", "difficult_late"),
    [("2022-06-30", False, False), ("2022-07-15", True, False), ("2022-07-16", True, True)],
)
async def test_difficult_report_and_tracing_overdue_follow_7_15_s3_3(
    client: httpx.AsyncClient,
    city: dict[str, str],
    as_of: str,
    ordinary_late: bool,
    difficult_late: bool,
) -> None:
    ordinary = await _confirmed(client, city)
    hard = await _confirmed(client, city)
    await act(client, city, hard["id"], "difficult", {"reason": "跨界多源"})
    done = await _confirmed(client, city)
    await act(client, city, done["id"], "difficult", {"reason": "夜间偷排"})
    await act(client, city, done["id"], "trace", TRACE)
    report = await client.get("/v1/reports/difficult", params={"as_of": as_of}, headers=city)
    body = report.json()
    assert body["milestone"]["due"] == "2022-07-15"
    assert (body["total"], body["traced"]) == (2, 1)
    assert body["past_milestone"] == (1 if difficult_late else 0)
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[hard["id"]]["past_milestone"] is difficult_late
    assert by_id[hard["id"]]["reason"] == "跨界多源"
    assert by_id[done["id"]]["past_milestone"] is False
    overdue = await client.get("/v1/reports/overdue/tracing", params={"as_of": as_of}, headers=city)
    late = {item["id"] for item in overdue.json()["items"]}
    assert (ordinary["id"] in late) is ordinary_late
    assert (hard["id"] in late) is difficult_late
    assert done["id"] not in late
