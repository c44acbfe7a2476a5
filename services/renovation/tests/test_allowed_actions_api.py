"""allowed_actions lists only the actions that would succeed now (issue 16): design once
two-thirds of the households agree (§四(一)4), start once the resident contributions are
collected (§四(一)8, §五(一)3) and the boards are up (§五(四)5)."""

from types import SimpleNamespace

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def _allowed(client: httpx.AsyncClient, headers: dict[str, str], pid: str) -> list[str]:
    return (await client.get(f"/v1/projects/{pid}", headers=headers)).json()["allowed_actions"]


@pytest.mark.parametrize(("agree", "allowed"), [(199, []), (200, ["design"]), (201, ["design"])])
async def test_design_is_offered_from_two_thirds_of_300_households_s4_1_4(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    agree: int,
    allowed: list[str],
) -> None:
    pid = (await api.create_project(client, city))["id"]
    assert await _allowed(client, city, pid) == []
    await api.consult(client, city, pid, agree=agree)
    assert await _allowed(client, city, pid) == allowed
    listed = (await client.get("/v1/projects", headers=city)).json()["items"]
    assert next(p for p in listed if p["id"] == pid)["allowed_actions"] == allowed
    outcome = await api.action(client, city, pid, "design")
    assert outcome.status_code == (200 if allowed else 409)


async def test_start_is_offered_only_when_contributions_and_boards_are_complete_s4_1_8(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    await api.consult(client, city, pid, agree=200)
    await api.action(client, city, pid, "design")
    assert await _allowed(client, city, pid) == []
    contributions = f"/v1/projects/{pid}/contributions"
    pay = {"kind": "payment", "amount_yuan": "199999.99", "on_date": "2022-06-01"}
    await client.post(contributions, json=pay, headers=city)
    for board in api.BOARDS:
        await client.post(f"/v1/projects/{pid}/boards", json=board, headers=city)
    assert await _allowed(client, city, pid) == []  # one fen of 200,000 yuan still due
    last_fen = pay | {"amount_yuan": "0.01"}
    await client.post(contributions, json=last_fen, headers=city)
    assert await _allowed(client, city, pid) == ["start"]
    assert (await api.action(client, city, pid, "start")).status_code == 200
