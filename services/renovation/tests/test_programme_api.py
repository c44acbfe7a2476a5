"""The 2022 programme: demo data, computed summary, tasks, tenders, overdue report, QR."""

import io
from types import SimpleNamespace

import httpx
import pytest

from renovation.demo import seed_demo
from suitekit.db import make_engine, open_write_session

pytestmark = pytest.mark.anyio


def seed(database_url: str) -> None:
    engine = make_engine(database_url)
    session = open_write_session(engine)
    try:
        seed_demo(session)
        session.commit()
        seed_demo(session)  # idempotent
        session.commit()
    finally:
        session.close()
        engine.dispose()


async def test_2022_summary_equals_the_gazette_figures_s1_s5_1(
    client: httpx.AsyncClient, city: dict[str, str], dongan: dict[str, str], database_url: str
) -> None:
    seed(database_url)
    summary = (await client.get("/v1/programmes/2022/summary", headers=city)).json()
    computed = summary["computed"]
    assert (computed["projects"], computed["buildings"], computed["households"]) == (11, 156, 13029)
    assert computed["floor_area_m2"] == "958500.00"
    assert computed["investment_yuan"] == "443000000.00"
    assert computed["courtyard_investment_yuan"] == "232000000.00"
    assert computed["building_investment_yuan"] == "211000000.00"
    assert summary["matches_targets"] is True
    assert summary["central_subsidy_share_of_building_percent"] == "28.91"  # 约占29%
    assert summary["flags"]["property_management_coverage_met"] is False
    district = (await client.get("/v1/programmes/2022/summary", headers=dongan)).json()
    assert district["computed"]["projects"] == 3 and district["matches_targets"] is False


async def test_proposal_bundles_each_district_into_valid_sections_s4_1_3(
    client: httpx.AsyncClient, city: dict[str, str], database_url: str
) -> None:
    seed(database_url)
    for district in ("231002", "231003", "231004", "231005"):
        body = {"programme_year": 2022, "district": district}
        proposal = (
            await client.post("/v1/tender-sections/propose", json=body, headers=city)
        ).json()
        assert proposal["feasible"] is True
        for section in proposal["sections"]:
            assert 70000 <= float(section["area_m2"]) <= 150000
    whole_only = {"programme_year": 2022, "district": "231003", "allow_split": False}
    refused = (
        await client.post("/v1/tender-sections/propose", json=whole_only, headers=city)
    ).json()
    assert refused["feasible"] is False and refused["reason"]


async def test_tender_section_outside_range_is_422_unless_published_s4_1_3(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    small = await api.create_project(client, city, floor_area_m2="69999.99")
    other = await api.create_project(client, city, floor_area_m2="0.01")
    body = {
        "programme_year": 2022,
        "district": "231002",
        "name": "东安一标段",
        "parts": [{"project_id": small["id"]}],
    }
    refused = await client.post("/v1/tender-sections", json=body, headers=city)
    assert refused.status_code == 422
    both = body | {"parts": [{"project_id": small["id"]}, {"project_id": other["id"]}]}
    created = await client.post("/v1/tender-sections", json=both, headers=city)
    assert created.status_code == 201 and created.json()["area_m2"] == "70000.00"
    published = body | {"already_published": True, "parts": [{"project_id": small["id"]}]}
    again = await client.post("/v1/tender-sections", json=published, headers=city)
    assert again.status_code == 422  # its whole area is already in the first section


async def test_tasks_progress_and_overdue_by_lead_unit_annex3(
    client: httpx.AsyncClient, city: dict[str, str], dongan: dict[str, str]
) -> None:
    tasks = (await client.get("/v1/tasks?year=2022&limit=100", headers=city)).json()["items"]
    assert len(tasks) == 44 and tasks[0]["deadline"] == "2022-06-20"
    weekly = {"kind": "weekly", "period_start": "2022-06-13", "money_spent_yuan": "1500.50"}
    posted = await client.post("/v1/tasks/2022-12/progress", json=weekly, headers=dongan)
    assert posted.status_code == 201 and posted.json()["district"] == "231002"
    not_monday = weekly | {"period_start": "2022-06-14"}
    assert (
        await client.post("/v1/tasks/2022-12/progress", json=not_monday, headers=dongan)
    ).status_code == 422
    not_theirs = await client.post("/v1/tasks/2022-22/progress", json=weekly, headers=dongan)
    assert not_theirs.status_code == 403
    monthly = {"kind": "monthly", "period_start": "2022-06-01", "status": "done"}
    assert (await client.post("/v1/tasks/2022-01/progress", json=monthly, headers=city)).json()[
        "status_after"
    ] == "done"
    reopened = await client.post("/v1/tasks/2022-01/progress", json=monthly, headers=city)
    assert reopened.status_code == 409
    on_day = (await client.get("/v1/reports/overdue?as_of=2022-06-20", headers=city)).json()
    assert on_day["by_unit"] == {}
    after = (await client.get("/v1/reports/overdue?as_of=2022-06-21", headers=city)).json()
    housing = [i["ref"] for i in after["by_unit"]["市住建局"]]
    assert "2022-01" not in housing and "2022-02" in housing
    assert [i["ref"] for i in after["by_unit"]["市文旅局"]] == ["2022-11"]
    page = (
        await client.get(
            "/v1/tasks?lead_unit=市文旅局&overdue=true&as_of=2022-06-21&limit=1", headers=city
        )
    ).json()
    assert [t["id"] for t in page["items"]] == ["2022-11"] and page["next_cursor"] is None
    first = (await client.get("/v1/tasks?lead_unit=市住建局&limit=2", headers=city)).json()
    second = (
        await client.get(
            f"/v1/tasks?lead_unit=市住建局&cursor={first['next_cursor']}", headers=city
        )
    ).json()
    assert len(first["items"]) == 2 and second["items"][0]["id"] > first["items"][1]["id"]
    detail = (await client.get("/v1/tasks/2022-12", headers=city)).json()
    assert detail["money_spent_yuan"] == "1500.50" and len(detail["progress"]) == 1


async def test_qr_code_resolves_to_the_public_page_s5_4_5(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace, identity
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp", reason="QR decoding needs the zxing-cpp package")
    image = pytest.importorskip("PIL.Image", reason="reading the PNG needs Pillow")
    pid = (await api.create_project(client, city))["id"]
    png = await client.get(f"/v1/projects/{pid}/qr", headers=city)
    assert png.headers["content-type"] == "image/png"
    decoded = [r.text for r in zxingcpp.read_barcodes(image.open(io.BytesIO(png.content)))]
    assert decoded == [f"https://gw.example/renovation/v1/public/projects/{pid}"]
    svg = await client.get(f"/v1/projects/{pid}/qr?format=svg", headers=city)
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    anonymous = identity.headers("renovation", "", sub="anonymous")
    page = await client.get(f"/v1/public/projects/{pid}", headers=anonymous)
    assert page.status_code == 200 and page.json()["name"] == api.PROJECT["name"]
    assert (await client.get(f"/v1/projects/{pid}", headers=anonymous)).status_code == 403
    browser = anonymous | {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    html = await client.get(f"/v1/public/projects/{pid}", headers=browser)
    assert html.headers["content-type"].startswith("text/html")
    assert api.PROJECT["name"] in html.text and "前期准备" in html.text


async def test_programmes_are_set_by_the_city_office_only(
    client: httpx.AsyncClient, city: dict[str, str], dongan: dict[str, str]
) -> None:
    listed = (await client.get("/v1/programmes", headers=city)).json()
    assert [p["year"] for p in listed] == [2022]  # loaded from the gazette at start
    body = listed[0] | {"year": 2023}
    body.pop("created_at")
    assert (await client.post("/v1/programmes", json=body, headers=dongan)).status_code == 403
    created = await client.post("/v1/programmes", json=body, headers=city)
    assert created.status_code == 201
    assert (await client.post("/v1/programmes", json=body, headers=city)).status_code == 409
    empty = (await client.get("/v1/programmes/2023/summary", headers=city)).json()
    assert empty["computed"]["projects"] == 0 and empty["matches_targets"] is False
