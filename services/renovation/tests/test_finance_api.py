"""Contributions, demolitions, funding view and change control through HTTP."""

from types import SimpleNamespace

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_demolitions_sheds_at_2000_and_others_at_cost_s4_1_6(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/demolitions"
    sheds = await client.post(url, json={"kind": "shed", "count": 12}, headers=city)
    assert sheds.json()["compensation_yuan"] == "24000.00"
    pump = {"kind": "pump_room", "cost_amount_yuan": "18500.50"}
    assert (await client.post(url, json=pump, headers=city)).json()[
        "compensation_yuan"
    ] == "18500.50"
    no_cost = await client.post(url, json={"kind": "bicycle_shed"}, headers=city)
    assert no_cost.status_code == 422
    summary = (await client.get(url, headers=city)).json()
    assert summary["total_compensation_yuan"] == "42500.50"
    assert summary["funding_source"] == "bonds"


async def test_funding_view_required_committed_received_s5_1_4(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/funding"
    entries = [
        {"source": "utilities", "kind": "commitment", "amount_yuan": "200000"},
        {"source": "utilities", "kind": "receipt", "amount_yuan": "150000"},
        {"source": "weak_current", "kind": "receipt", "amount_yuan": "50000"},
        {"source": "central_budget", "kind": "receipt", "amount_yuan": "1000000"},
    ]
    for entry in entries:
        posted = await client.post(url, json=entry | {"on_date": "2022-07-01"}, headers=city)
        assert posted.status_code == 201, posted.text
    view = (await client.get(url, headers=city)).json()
    lines = {line["source"]: line for line in view["lines"]}
    assert lines["utilities"]["required_yuan"] == "200000.00"  # 20% of 1,000,000
    assert lines["utilities"]["gap_yuan"] == "50000.00"
    assert lines["weak_current"]["required_yuan"] == "50000.00"  # 50% of 100,000
    assert lines["weak_current"]["gap_yuan"] == "0.00"
    assert lines["residents"]["required_yuan"] == "200000.00"  # 10 yuan/m² × 20,000
    assert view["received_yuan"] == "1200000.00"
    assert view["gap_yuan"] == "3800000.00"
    float_amount = {
        "source": "bonds",
        "kind": "receipt",
        "amount_yuan": "1.234",
        "on_date": "2022-07-01",
    }
    assert (await client.post(url, json=float_amount, headers=city)).status_code == 422


async def test_hardship_reduction_needs_a_reason_s5_1_3(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/contributions"
    body = {"kind": "reduction", "amount_yuan": "500", "on_date": "2022-06-01"}
    response = await client.post(url, json=body, headers=city)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["body.household_ref", "body.reason"]
    summary = (await client.get(url, headers=city)).json()
    assert summary["due_yuan"] == "200000.00" and summary["entries"] == []


@pytest.mark.parametrize(
    ("new_investment", "needs"),
    [("499999.99", False), ("500000", False), ("500000.01", True)],
)
async def test_change_above_10_percent_needs_application_s5_1_5(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    new_investment: str,
    needs: bool,
) -> None:
    pid = (await api.create_project(client, city))["id"]  # total investment 5,000,000
    body = {"work": "heat", "description": "新增供热泵房", "new_investment_yuan": new_investment}
    change = (await client.post(f"/v1/projects/{pid}/changes", json=body, headers=city)).json()
    assert change["needs_application"] is needs
    assert change["status"] == ("pending_approval" if needs else "approved")
    if not needs:
        return
    spend = f"/v1/projects/{pid}/changes/{change['id']}/spend"
    refused = await client.post(spend, json={"amount_yuan": "1"}, headers=city)
    assert refused.status_code == 409 and refused.json()["allowed"] == ["approve", "reject"]
    approve = f"/v1/projects/{pid}/changes/{change['id']}/approve"
    assert (await client.post(approve, json={}, headers=city)).status_code == 422
    approved = await client.post(approve, json={"approval_ref": "牡发改2022-88"}, headers=city)
    assert approved.json()["status"] == "approved"
    assert approved.json()["utility_share_yuan"] == "100000.00"
    spent = await client.post(spend, json={"amount_yuan": "400000"}, headers=city)
    assert spent.json()["status"] == "spent"
