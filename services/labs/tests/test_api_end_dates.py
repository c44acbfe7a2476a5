"""End dates are shown as the last day included (docs/CONVENTIONS.md "End dates", issue 16):
a contract to 2030-06-30 bars a lab through 2030-06-30, a 3-month suspension from 2026-12-01
ends on 2027-02-28. Checked on the day before, on and after the last day."""

import pytest

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "melamine")]


def violation(article: int, item: int, decided_on: str, **extra) -> dict:
    return {"article": article, "item": item, "description": "考核发现", "evidence": "检查记录",
            "found_on": decided_on, "decided_on": decided_on, **extra}  # fmt: skip


async def status_on(client, bureau, lab_id: str, day: str) -> tuple[str, str | None]:
    lab = (await client.get(f"/v1/labs/{lab_id}", params={"on": day}, headers=bureau)).json()
    return lab["status"], lab["status_until"]


async def test_barred_for_contract_until_the_contracts_last_day_art17(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY, contract_end="2030-06-30")
    outcome = await client.post(
        f"/v1/labs/{lab['id']}/violations", json=violation(17, 2, "2026-12-01"), headers=bureau
    )
    assert outcome.status_code == 201, outcome.text
    assert outcome.json()["violation"]["ends_on"] == "2030-06-30"
    assert outcome.json()["lab_status_until"] == "2030-06-30"
    assert await status_on(client, bureau, lab["id"], "2030-06-29") == (
        "barred_for_contract",
        "2030-06-30",
    )
    assert await status_on(client, bureau, lab["id"], "2030-06-30") == (
        "barred_for_contract",
        "2030-06-30",
    )
    assert await status_on(client, bureau, lab["id"], "2030-07-01") == ("active", None)


async def test_three_month_suspension_from_12_01_ends_on_02_28_art18(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY)
    body = violation(18, 1, "2026-12-01", suspension_months=3)
    outcome = await client.post(f"/v1/labs/{lab['id']}/violations", json=body, headers=bureau)
    assert outcome.status_code == 201, outcome.text
    shown = outcome.json()["violation"]
    assert (shown["starts_on"], shown["ends_on"]) == ("2026-12-01", "2027-02-28")
    assert shown["rectify_by"] == "2027-02-28"  # by the suspension's last day
    assert await status_on(client, bureau, lab["id"], "2027-02-27") == ("suspended", "2027-02-28")
    assert await status_on(client, bureau, lab["id"], "2027-02-28") == ("suspended", "2027-02-28")
    assert await status_on(client, bureau, lab["id"], "2027-03-01") == ("active", None)
    listed = await client.get(f"/v1/labs/{lab['id']}/violations", headers=bureau)
    assert listed.json()["items"][0]["ends_on"] == "2027-02-28"


async def test_five_year_bar_ends_the_day_before_the_fifth_anniversary_art16(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY)
    outcome = await client.post(
        f"/v1/labs/{lab['id']}/violations", json=violation(16, 3, "2026-12-01"), headers=bureau
    )
    assert outcome.json()["violation"]["ends_on"] == "2031-11-30"
    assert (await status_on(client, bureau, lab["id"], "2031-11-30"))[0] == "barred"
    assert (await status_on(client, bureau, lab["id"], "2031-12-01"))[0] == "active"
