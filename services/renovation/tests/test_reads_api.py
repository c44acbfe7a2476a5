"""Issue 16: every creatable resource can be read back (change requests, tender sections,
satisfaction surveys) and every code list has a reference endpoint."""

from types import SimpleNamespace

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_change_request_is_read_back_by_id_s5_1_5(
    client: httpx.AsyncClient, city: dict[str, str], aimin: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    body = {"work": "heat", "description": "新增供热泵房", "new_investment_yuan": "500000.01"}
    created = (await client.post(f"/v1/projects/{pid}/changes", json=body, headers=city)).json()
    url = f"/v1/projects/{pid}/changes/{created['id']}"
    read = await client.get(url, headers=city)
    assert read.status_code == 200 and read.json() == created
    assert read.json()["allowed_actions"] == ["approve", "reject"]
    assert (await client.get(url, headers=aimin)).status_code == 404  # another district's
    assert (await client.get(f"{url}x", headers=city)).status_code == 404


async def test_tender_section_is_read_back_by_id_s4_1_3(
    client: httpx.AsyncClient, city: dict[str, str], aimin: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city, floor_area_m2="70000")
    body = {"programme_year": 2022, "district": "231002", "name": "东安一标段"}
    body["parts"] = [{"project_id": project["id"]}]
    created = (await client.post("/v1/tender-sections", json=body, headers=city)).json()
    assert created["area_m2"] == "70000.00", created
    read = await client.get(f"/v1/tender-sections/{created['id']}", headers=city)
    assert read.status_code == 200 and read.json() == created
    hidden = await client.get(f"/v1/tender-sections/{created['id']}", headers=aimin)
    assert hidden.status_code == 404


async def test_satisfaction_surveys_list_is_paged_and_scoped(
    client: httpx.AsyncClient, city: dict[str, str], aimin: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/satisfaction"
    assert (await client.get(url, headers=city)).json() == {"items": [], "next_cursor": None}
    assert (await client.get(url, headers=aimin)).status_code == 404


async def test_reference_lists_every_code_list(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    reference = (await client.get("/v1/reference", headers=city)).json()
    assert reference["districts"]["231002"] == "东安区"
    assert "building_body" in reference["checklist_items"]
    assert reference["funding_sources"][0] == "central_budget"
    assert reference["phases"][0] == "preparation"
    for item in reference["checklist_items"]:  # every listed code is accepted
        body = api.PROJECT | {"checklist": [item], "name": f"清单{item}"}
        assert (await client.post("/v1/projects", json=body, headers=city)).status_code == 201


async def test_funding_entries_are_listed_with_filters_and_pages_s5_1_4(
    client: httpx.AsyncClient, city: dict[str, str], aimin: dict[str, str], api: SimpleNamespace
) -> None:
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/funding"
    posted = []
    for source, kind, amount in [
        ("utilities", "commitment", "200000"),
        ("utilities", "receipt", "150000.50"),
        ("bonds", "receipt", "1000"),
    ]:
        body = {"source": source, "kind": kind, "amount_yuan": amount, "on_date": "2022-07-01"}
        posted.append((await client.post(url, json=body, headers=city)).json())
    entries = f"{url}/entries"
    first = (await client.get(entries, params={"limit": 2}, headers=city)).json()
    rest = (await client.get(entries, params={"cursor": first["next_cursor"]}, headers=city)).json()
    assert sorted(e["id"] for e in first["items"] + rest["items"]) == sorted(
        p["id"] for p in posted
    )
    receipts = (await client.get(entries, params={"kind": "receipt"}, headers=city)).json()
    assert sorted(e["amount_yuan"] for e in receipts["items"]) == ["1000.00", "150000.50"]
    bonds = (await client.get(entries, params={"source": "bonds"}, headers=city)).json()
    assert [e["amount_yuan"] for e in bonds["items"]] == ["1000.00"]
    assert (await client.get(entries, params={"kind": "gift"}, headers=city)).status_code == 422
    assert (await client.get(entries, headers=aimin)).status_code == 404
