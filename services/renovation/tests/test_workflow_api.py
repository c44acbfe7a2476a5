"""The core workflow from registration to handover, through HTTP on a real database."""

from types import SimpleNamespace

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_project_goes_from_preparation_to_handover_with_every_check(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city)
    pid = project["id"]
    assert project["phase"] == "preparation"
    assert project["total_investment_yuan"] == "5000000.00"
    assert project["allowed_actions"] == []  # design needs the residents' consent first

    # design refused without consultation, then with 199/300, allowed with 200/300 (§四(一)4)
    refused = await api.action(client, city, pid, "design")
    assert refused.status_code == 409
    assert refused.json()["code"] == "preconditions_unmet"
    assert (await api.consult(client, city, pid, agree=199)).status_code == 201
    refused = await api.action(client, city, pid, "design")
    assert refused.status_code == 409 and refused.json()["agree_missing"] == 1
    assert (await api.consult(client, city, pid, agree=200)).status_code == 201
    designed = await api.action(client, city, pid, "design")
    assert designed.status_code == 200, designed.text
    assert designed.json()["phase"] == "design"

    # start refused: contributions (10 yuan/m² of 20,000 m²) and publicity missing
    refused = (await api.action(client, city, pid, "start")).json()
    assert refused["contribution_gap_yuan"] == "200000.00"
    assert any("board" in m for m in refused["missing"])
    pay = {"kind": "payment", "amount_yuan": "199000", "on_date": "2022-06-01"}
    assert (
        await client.post(f"/v1/projects/{pid}/contributions", json=pay, headers=city)
    ).status_code == 201
    reduction = {
        "kind": "reduction",
        "amount_yuan": "1000",
        "on_date": "2022-06-01",
        "reason": "低保户减免",
        "household_ref": "3-2-101",
    }
    assert (
        await client.post(f"/v1/projects/{pid}/contributions", json=reduction, headers=city)
    ).status_code == 201
    for board in api.BOARDS[:2]:
        await client.post(f"/v1/projects/{pid}/boards", json=board, headers=city)
    refused = (await api.action(client, city, pid, "start")).json()
    assert refused["contribution_gap_yuan"] == "0.00"
    assert refused["missing"] == [
        "1 more public board(s) (at least 3)",
        "a 'announcement' board",
        "the project's QR code shown on a board",
    ]
    await client.post(f"/v1/projects/{pid}/boards", json=api.BOARDS[2], headers=city)
    started = await api.action(client, city, pid, "start", {"reason": "开工"})
    assert started.status_code == 200 and started.json()["phase"] == "construction"

    assert (await api.action(client, city, pid, "complete")).json()["phase"] == "completed"

    # acceptance needs every listed party (§四(三)1)
    partial = {"on_date": "2022-11-15", "parties": api.ALL_PARTIES[:-1]}
    refused = (await api.action(client, city, pid, "accept", partial)).json()
    assert refused["missing"] == ["acceptance party 'district_development_reform'"]
    accepted = await api.action(
        client, city, pid, "accept", {"on_date": "2022-11-15", "parties": api.ALL_PARTIES}
    )
    body = accepted.json()
    assert body["phase"] == "accepted" and body["flags"]["archive_deadline"] == "2023-02-15"

    survey = {"surveyed_on": "2022-11-20", "surveyed": 100, "satisfied": 90}
    posted = await client.post(f"/v1/projects/{pid}/satisfaction", json=survey, headers=city)
    assert posted.json()["meets_target"] is True
    read_back = (await client.get(f"/v1/projects/{pid}/satisfaction", headers=city)).json()
    assert read_back["items"] == [posted.json()]  # issue 16: what is created can be read back

    refused = (await api.action(client, city, pid, "handover")).json()
    assert len(refused["missing"]) == 2
    handed = await api.action(
        client,
        city,
        pid,
        "handover",
        {"property_mode": "state_fallback", "contract_filing_ref": "牡物备2022-17"},
    )
    assert handed.json()["phase"] == "handed_over"
    assert handed.json()["property_mode"] == "state_fallback"
    assert handed.json()["allowed_actions"] == []

    archived = await client.post(
        f"/v1/projects/{pid}/archive", json={"archived_on": "2023-02-15"}, headers=city
    )
    assert archived.json()["flags"]["archive_late"] is False

    audit = (await client.get("/v1/audit", headers=city)).json()["items"]
    actions_logged = [e["action"] for e in audit if e["entity_id"] == pid]
    for name in ("register", "design", "start", "complete", "accept", "handover", "archive"):
        assert name in actions_logged


async def test_action_out_of_order_is_invalid_transition(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city)
    response = await api.action(client, city, project["id"], "accept")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition" and body["allowed"] == ["design"]
    assert response.headers["content-type"] == "application/problem+json"


async def test_survey_and_archive_before_their_phase_are_refused(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    survey = {"surveyed_on": "2022-06-01", "surveyed": 10, "satisfied": 10}
    early = await client.post(f"/v1/projects/{pid}/satisfaction", json=survey, headers=city)
    assert early.status_code == 409 and early.json()["code"] == "survey_too_early"
    archive = await client.post(
        f"/v1/projects/{pid}/archive", json={"archived_on": "2022-06-01"}, headers=city
    )
    assert archive.status_code == 409 and archive.json()["code"] == "not_accepted"
    audit = (await client.get("/v1/audit", headers=city)).json()["items"]
    assert [e["action"] for e in audit] == ["register"]
