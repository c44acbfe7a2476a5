"""Every resource that can be created can be read back and listed with filters and cursor
pagination: exemptions (附件4 二(四)4), selection rounds and selections (附件3 三(一)5)."""

import uuid
from datetime import timedelta

import httpx
import pytest

from credits.rules.selection import SelectionState, selection_actions_now
from suitekit.timeutil import utcnow

pytestmark = pytest.mark.anyio
TODAY = utcnow().date()


@pytest.fixture
def client(shared_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return shared_client


async def make_school(client, headers) -> dict:
    body = {"code": f"MDJ-{uuid.uuid4().hex[:8]}", "name": "测试高中", "county_code": "231002",
            "school_type": "ordinary"}  # fmt: skip
    response = await client.post("/v1/schools", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_student(client, headers, school_id: str, no: str) -> dict:
    body = {"school_id": school_id, "student_no": no, "name": "学生乙", "cohort_year": 2021}
    response = await client.post("/v1/students", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_exemptions_read_back_and_listed(client, city, identity) -> None:
    school = await make_school(client, city)
    made = []
    for n in range(3):
        student = await make_student(client, city, school["id"], f"E{n}")
        body = {"student_id": student["id"], "module_id": "m-sx-ele-0", "term": "2022-2",
                "teacher": "赵老师"}  # fmt: skip
        enrollment = (await client.post("/v1/enrollments", json=body, headers=city)).json()
        request = {"enrollment_id": enrollment["id"], "reason": "数学竞赛省一等奖"}
        created = await client.post("/v1/exemptions", json=request, headers=city)
        assert created.status_code == 201, created.text
        assert created.headers["location"] == f"/credits/v1/exemptions/{created.json()['id']}"
        assert created.json()["allowed_actions"] == ["decision"]
        made.append((student, created.json()))
    decision = {"decision": "approve", "decided_by": "学分认定委员会"}
    url = f"/v1/exemptions/{made[0][1]['id']}"
    assert (await client.post(f"{url}/decision", json=decision, headers=city)).is_success
    one = await client.get(url, headers=city)
    assert one.status_code == 200
    assert (one.json()["state"], one.json()["allowed_actions"]) == ("approved", [])

    async def ids(**params) -> set[str]:
        page = await client.get("/v1/exemptions", params=params, headers=city)
        assert page.status_code == 200, page.text
        return {e["id"] for e in page.json()["items"]}

    everyone = {e["id"] for _, e in made}
    assert await ids(school_id=school["id"]) == everyone
    assert await ids(school_id=school["id"], state="requested") == everyone - {made[0][1]["id"]}
    assert await ids(student_id=made[1][0]["id"]) == {made[1][1]["id"]}
    assert await ids(enrollment_id=made[2][1]["enrollment_id"]) == {made[2][1]["id"]}
    first = await client.get("/v1/exemptions", params={"school_id": school["id"], "limit": 2},
                             headers=city)  # fmt: skip
    rest = await client.get(
        "/v1/exemptions",
        params={"school_id": school["id"], "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=city,
    )
    paged = [e["id"] for e in first.json()["items"] + rest.json()["items"]]
    assert sorted(paged) == sorted(everyone) and rest.json()["next_cursor"] is None
    assert (await client.get("/v1/exemptions?state=maybe", headers=city)).status_code == 422
    assert (await client.get("/v1/exemptions/exm_missing", headers=city)).status_code == 404
    stranger = identity.headers("credits", ["credits:read"], jurisdiction=["MDJ-other"])
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.get("/v1/exemptions", headers=stranger)).json()["items"] == []


async def test_selection_rounds_and_selections_read_back_annex3(client, city) -> None:
    school = await make_school(client, city)
    round_body = {"cohort_year": 2021, "hesitation_until": TODAY.isoformat(), "class_size": 2}
    url = f"/v1/schools/{school['id']}/selection-rounds"
    rnd = (await client.post(url, json=round_body, headers=city)).json()
    made = []
    for n, subjects in enumerate([["WL", "HX", "SW"], ["LS", "ZZ", "DL"]]):
        student = await make_student(client, city, school["id"], f"X{n}")
        body = {"round_id": rnd["id"], "student_id": student["id"], "subjects": subjects}
        created = await client.post(f"/v1/schools/{school['id']}/selections", json=body,
                                    headers=city)  # fmt: skip
        assert created.status_code == 201, created.text
        assert created.headers["location"] == f"/credits/v1/selections/{created.json()['id']}"
        # the hesitation period runs today: a change may be asked for, nothing confirmed yet
        assert created.json()["allowed_actions"] == ["request_change"]
        made.append(created.json())
    change = {"subjects": [], "reason": "退选"}
    await client.post(f"/v1/selections/{made[1]['id']}/change-request", json=change, headers=city)

    one = await client.get(f"/v1/selections/{made[0]['id']}", headers=city)
    assert one.status_code == 200 and one.json()["subjects"] == ["WL", "HX", "SW"]
    listed = await client.get("/v1/selections", params={"round_id": rnd["id"]}, headers=city)
    assert {s["id"] for s in listed.json()["items"]} == {s["id"] for s in made}
    pending = await client.get(
        "/v1/selections", params={"school_id": school["id"], "state": "change_requested"},
        headers=city,
    )  # fmt: skip
    assert [s["id"] for s in pending.json()["items"]] == [made[1]["id"]]
    assert pending.json()["items"][0]["allowed_actions"] == ["approve_change", "reject_change",
                                                              "withdraw"]  # fmt: skip
    by_student = await client.get(
        "/v1/selections", params={"student_id": made[0]["student_id"]}, headers=city
    )
    assert [s["id"] for s in by_student.json()["items"]] == [made[0]["id"]]
    assert (await client.get("/v1/selections/sel_missing", headers=city)).status_code == 404

    rounds = await client.get("/v1/selection-rounds", params={"school_id": school["id"]},
                              headers=city)  # fmt: skip
    assert [r["id"] for r in rounds.json()["items"]] == [rnd["id"]]
    got = await client.get(f"/v1/selection-rounds/{rnd['id']}", headers=city)
    assert got.json()["hesitation_until"] == TODAY.isoformat()


@pytest.mark.parametrize(
    ("days_after_last_day", "actions"),
    [
        (-1, ["request_change"]),  # below: the hesitation period runs
        (0, ["request_change"]),  # at its last day (inclusive)
        (1, ["confirm"]),  # above: over, choices can be confirmed
    ],
)
def test_selection_actions_follow_the_hesitation_period_annex3_3_1_5(
    days_after_last_day: int, actions: list[str]
) -> None:
    last_day = TODAY
    today = last_day + timedelta(days=days_after_last_day)
    got = selection_actions_now(SelectionState.submitted, today=today, hesitation_until=last_day)
    assert got == actions


async def test_modules_activities_transfers_integrity_records_read_back(
    client, city, identity
) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"], "R1")
    stranger = identity.headers("credits", ["credits:read"], jurisdiction=["MDJ-other"])

    city_module = await client.get("/v1/modules/m-wl-com-0", headers=city)
    assert city_module.status_code == 200 and city_module.json()["credits"] == "2.0"
    assert (await client.get("/v1/modules/m-none", headers=city)).status_code == 404

    activity = await client.post(
        f"/v1/students/{student['id']}/activities",
        json={
            "kind": "social_practice",
            "title": "社区调查",
            "occurred_on": "2022-05-01",
            "hours": "12",
        },
        headers=city,
    )
    assert activity.status_code == 201, activity.text
    one = await client.get(f"/v1/activities/{activity.json()['id']}", headers=city)
    assert one.status_code == 200 and one.json() == activity.json()
    hidden = await client.get(f"/v1/activities/{activity.json()['id']}", headers=stranger)
    assert hidden.status_code == 404

    transfer = await client.post(
        f"/v1/students/{student['id']}/transfer-credits",
        json={
            "origin_school": "省内某中学",
            "original_course": "物理必修",
            "subject_code": "WL",
            "category": "compulsory",
            "credits": "2",
            "origin": "same_province",
        },
        headers=city,
    )
    assert transfer.status_code == 201, transfer.text
    got = await client.get(f"/v1/transfer-credits/{transfer.json()['id']}", headers=city)
    assert got.status_code == 200 and got.json() == transfer.json()
    assert (await client.get("/v1/transfer-credits/tc_none", headers=city)).status_code == 404

    finding = {"person": "王老师", "role": "teacher", "finding": "虚报学时"}
    record = await client.post(
        f"/v1/schools/{school['id']}/integrity-records", json=finding, headers=city
    )
    assert record.status_code == 201, record.text
    read = await client.get(f"/v1/integrity-records/{record.json()['id']}", headers=city)
    assert read.status_code == 200 and read.json() == record.json()
    stranger_read = await client.get(
        f"/v1/integrity-records/{record.json()['id']}", headers=stranger
    )
    assert stranger_read.status_code == 404


async def test_timetables_are_listed_by_school(client, city) -> None:
    school = await make_school(client, city)
    listed = await client.get("/v1/timetables", params={"school_id": school["id"]}, headers=city)
    assert listed.status_code == 200 and listed.json() == {"items": [], "next_cursor": None}
    bad = await client.get("/v1/timetables", params={"limit": 0}, headers=city)
    assert bad.status_code == 422
    assert (await client.get("/v1/timetables?school_id=sch_none", headers=city)).status_code == 404
