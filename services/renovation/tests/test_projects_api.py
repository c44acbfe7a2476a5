"""Projects: validation, district scoping, optimistic concurrency, demonstration flags."""

from types import SimpleNamespace

import httpx
import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio


async def test_bad_input_is_problem_json_and_writes_nothing(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    bad = api.PROJECT | {
        "households": 0,
        "floor_area_m2": "-5",
        "content_class": "luxury",
        "checklist": ["helipad"],
    }
    response = await client.post("/v1/projects", json=bad, headers=city)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"body.households", "body.floor_area_m2", "body.content_class"} <= fields
    unknown_item = await client.post(
        "/v1/projects", json=api.PROJECT | {"checklist": ["helipad"]}, headers=city
    )
    assert unknown_item.status_code == 422
    assert unknown_item.json()["errors"][0]["field"] == "body.checklist"
    too_much_utility = api.PROJECT | {"utility_facility_investment_yuan": "9000000"}
    assert (
        await client.post("/v1/projects", json=too_much_utility, headers=city)
    ).status_code == 422
    assert (await client.get("/v1/projects", headers=city)).json()["items"] == []
    assert (await client.get("/v1/audit", headers=city)).json()["items"] == []


async def test_district_client_sees_and_changes_only_its_projects(
    client: httpx.AsyncClient,
    city: dict[str, str],
    dongan: dict[str, str],
    aimin: dict[str, str],
    api: SimpleNamespace,
) -> None:
    own = await api.create_project(client, dongan)
    other = await api.create_project(client, aimin, district="231004")
    assert (await client.get(f"/v1/projects/{other['id']}", headers=dongan)).status_code == 404
    assert (await client.get(f"/v1/projects/{own['id']}", headers=dongan)).status_code == 200
    listed = (await client.get("/v1/projects", headers=dongan)).json()["items"]
    assert [p["id"] for p in listed] == [own["id"]]
    consult = await api.consult(client, dongan, other["id"], agree=250)
    assert consult.status_code == 404
    refused = await client.post(
        "/v1/projects", json=api.PROJECT | {"district": "231004"}, headers=dongan
    )
    assert refused.status_code == 403
    city_list = (await client.get("/v1/projects?district=231004", headers=city)).json()["items"]
    assert [p["id"] for p in city_list] == [other["id"]]


async def test_read_scope_cannot_write(
    client: httpx.AsyncClient, identity: TestIdentity, api: SimpleNamespace
) -> None:
    reader = identity.headers("renovation", ["renovation:read"])
    response = await client.post("/v1/projects", json=api.PROJECT, headers=reader)
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    assert (await client.get("/v1/projects")).status_code == 401


async def test_patch_needs_current_etag(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city)
    url = f"/v1/projects/{project['id']}"
    change = {"households": 320}
    assert (await client.patch(url, json=change, headers=city)).status_code == 428
    stale = await client.patch(url, json=change, headers=city | {"If-Match": '"7"'})
    assert stale.status_code == 412
    etag = (await client.get(url, headers=city)).headers["etag"]
    updated = await client.patch(url, json=change, headers=city | {"If-Match": etag})
    assert updated.status_code == 200 and updated.json()["households"] == 320
    assert updated.headers["etag"] == '"2"'
    again = await client.patch(url, json={"households": 1}, headers=city | {"If-Match": etag})
    assert again.status_code == 412
    phase_edit = await client.patch(
        url, json={"phase": "accepted"}, headers=city | {"If-Match": '"2"'}
    )
    assert phase_edit.status_code == 422


async def test_demonstration_flag_one_per_district_s3_3(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    await api.create_project(client, city, demonstration=["street_scene"])
    clash = await client.post(
        "/v1/projects", json=api.PROJECT | {"demonstration": ["street_scene"]}, headers=city
    )
    assert clash.status_code == 409 and clash.json()["code"] == "demonstration_taken"
    other_district = api.PROJECT | {"district": "231003", "demonstration": ["street_scene"]}
    assert (await client.post("/v1/projects", json=other_district, headers=city)).status_code == 201


async def test_approval_over_15_working_days_is_flagged_s5_3_2(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    on_time = await api.create_project(
        client, city, approval_submitted_on="2022-09-23", approval_completed_on="2022-10-19"
    )
    late = await api.create_project(
        client, city, approval_submitted_on="2022-09-23", approval_completed_on="2022-10-20"
    )
    assert on_time["flags"]["approval_deadline"] == "2022-10-19"
    assert on_time["flags"]["approval_overdue"] is False
    assert late["flags"]["approval_overdue"] is True
    unknown = await api.create_project(
        client, city, approval_submitted_on="2099-09-23", approval_completed_on="2099-10-20"
    )
    assert unknown["flags"]["approval_overdue"] is None  # no statutory calendar for 2099
    report = (await client.get("/v1/reports/overdue?year=2022", headers=city)).json()
    approvals = [i["ref"] for i in report["by_unit"]["东安区"] if i["kind"] == "approval"]
    assert approvals == [late["id"]]


async def test_consultation_that_does_not_add_up_is_422(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city)
    body = {"held_on": "2022-05-10", "polled": 301, "agree": 300, "disagree": 1, "abstain": 0}
    response = await client.post(
        f"/v1/projects/{project['id']}/consultations", json=body, headers=city
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.polled"
    result = (await client.get(f"/v1/projects/{project['id']}/consultations", headers=city)).json()
    assert result["consultations"] == [] and result["agree_needed"] == 200


async def test_unknown_project_is_404_for_city_wide_client(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    for path in ("/v1/projects/prj_missing", "/v1/projects/prj_missing/consultations"):
        response = await client.get(path, headers=city)
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
