"""附件4 二(三)4-5 through HTTP: publications read back, the arbitration committee's list of
pending appeals, appeals before publication, credits granted on appeal on the next list, and
guidance in every refusal notice."""

import uuid
from datetime import timedelta

import httpx
import pytest

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


async def make_student(client, headers, school_id: str, no: str = "S001") -> dict:
    body = {"school_id": school_id, "student_no": no, "name": "学生甲", "cohort_year": 2021,
            "takes_national_exam": True}  # fmt: skip
    response = await client.post("/v1/students", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def finished_module(client, headers, student_id: str, module_id: str, passed: bool) -> dict:
    body = {"student_id": student_id, "module_id": module_id, "term": "2021-1", "teacher": "王老师"}
    enrollment = (await client.post("/v1/enrollments", json=body, headers=headers)).json()
    base = f"/v1/enrollments/{enrollment['id']}"
    await client.post(f"{base}/evaluation", json={"passed": passed}, headers=headers)
    if passed:
        await client.post(f"{base}/exam", json={"passed": True}, headers=headers)
    return enrollment


async def decide(client, headers, enrollment_id: str, opinion: str, note: str | None) -> dict:
    base = f"/v1/enrollments/{enrollment_id}/recognition"
    for step, reviewer in (("teacher", "王老师"), ("group", "组长"), ("office", "主任")):
        body = {"reviewer": reviewer, "opinion": opinion, "note": note}
        assert (await client.post(f"{base}/{step}", json=body, headers=headers)).is_success
    body = {"reviewer": "委员会", "opinion": opinion, "note": note, "signed_by": "校长"}
    response = await client.post(f"{base}/committee", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def publish(client, headers, school_id: str, days_ago: int = 0) -> httpx.Response:
    body = {"published_on": (TODAY - timedelta(days=days_ago)).isoformat()}
    return await client.post(f"/v1/schools/{school_id}/publications", json=body, headers=headers)


async def test_publications_are_listed_and_read_back_s2_3_4(client, city, identity) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    granted = await finished_module(client, city, student["id"], "m-wl-com-0", True)
    refused = await finished_module(client, city, student["id"], "m-hx-com-0", False)
    await decide(client, city, granted["id"], "grant", None)
    await decide(client, city, refused["id"], "refuse", "过程评价不合格")
    first = await publish(client, city, school["id"], days_ago=3)
    assert first.status_code == 201, first.text
    assert first.headers["location"] == f"/credits/v1/publications/{first.json()['id']}"
    again = await client.get(f"/v1/publications/{first.json()['id']}", headers=city)
    assert again.status_code == 200 and again.json() == first.json()
    assert [n["remedies"] for n in again.json()["notices"]] == [["retake", "make_up_periods"]]

    listed = await client.get(f"/v1/publications?school_id={school['id']}", headers=city)
    assert [p["id"] for p in listed.json()["items"]] == [first.json()["id"]]
    assert listed.json()["items"][0]["granted_count"] == 1
    assert listed.json()["items"][0]["refused_count"] == 1
    assert listed.json()["items"][0]["appeal_deadline"] == (TODAY + timedelta(days=7)).isoformat()
    window = {"school_id": school["id"], "published_from": TODAY.isoformat()}
    assert (await client.get("/v1/publications", params=window, headers=city)).json()["items"] == []
    own = identity.headers("credits", ["credits:read"], jurisdiction=[school["code"]])
    assert (await client.get(f"/v1/publications/{first.json()['id']}", headers=own)).is_success
    stranger = identity.headers("credits", ["credits:read"], jurisdiction=["MDJ-other"])
    hidden = await client.get(f"/v1/publications/{first.json()['id']}", headers=stranger)
    assert hidden.status_code == 404
    assert (await client.get("/v1/publications", headers=stranger)).json()["items"] == []


async def test_appeal_before_publication_becomes_appealable_on_publication_s2_3_5(
    client, city
) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await finished_module(client, city, student["id"], "m-wl-com-0", False)
    recognition = await decide(client, city, enrollment["id"], "refuse", "过程评价不合格")
    url = f"/v1/recognitions/{recognition['id']}/appeals"
    body = {"appellant_student_id": student["id"], "reason": "过程评价记录有误"}
    early = await client.post(url, json=body, headers=city)
    assert early.status_code == 409
    assert early.json()["code"] == "not_yet_appealable"
    assert "appealable on publication" in early.json()["detail"]
    assert "final state" not in early.json()["detail"]
    assert (
        await client.get(f"/v1/appeals?recognition_id={recognition['id']}", headers=city)
    ).json()["items"] == []
    assert (await publish(client, city, school["id"])).status_code == 201
    assert (await client.post(url, json=body, headers=city)).status_code == 201


async def test_arbitration_committee_lists_pending_appeals_with_deadlines_s2_3_5(
    client, city
) -> None:
    school = await make_school(client, city)
    appeals = []
    for n, received_days_ago in enumerate((10, 9, 3)):
        student = await make_student(client, city, school["id"], no=f"S{n}")
        enrollment = await finished_module(client, city, student["id"], "m-wl-com-0", False)
        recognition = await decide(client, city, enrollment["id"], "refuse", "过程评价不合格")
        await publish(client, city, school["id"], days_ago=received_days_ago)
        body = {"appellant_student_id": student["id"], "reason": "异议",
                "received_on": (TODAY - timedelta(days=received_days_ago)).isoformat()}  # fmt: skip
        url = f"/v1/recognitions/{recognition['id']}/appeals"
        appeals.append((await client.post(url, json=body, headers=city)).json())
    decided = await client.post(
        f"/v1/appeals/{appeals[2]['id']}/decision",
        json={
            "outcome": "upheld",
            "decision": "维持",
            "guidance": ["retake"],
            "explained_in_person": True,
        },
        headers=city,
    )
    assert decided.status_code == 200 and decided.json()["allowed_actions"] == []

    pending = await client.get(
        "/v1/appeals", params={"school_id": school["id"], "state": "received"}, headers=city
    )
    rows = {a["id"]: a for a in pending.json()["items"]}
    assert set(rows) == {appeals[0]["id"], appeals[1]["id"]}
    # 附件4 二(三)5: decided within 15 days of receipt
    assert rows[appeals[0]["id"]]["decision_deadline"] == (TODAY + timedelta(days=5)).isoformat()
    assert rows[appeals[0]["id"]]["allowed_actions"] == ["decision"]

    def due_by(days: int) -> dict:
        return {"school_id": school["id"], "state": "received",
                "decision_due_by": (TODAY + timedelta(days=days)).isoformat()}  # fmt: skip

    async def ids(params: dict) -> set[str]:
        return {
            a["id"]
            for a in (await client.get("/v1/appeals", params=params, headers=city)).json()["items"]
        }

    assert await ids(due_by(4)) == set()  # below the first deadline
    assert await ids(due_by(5)) == {appeals[0]["id"]}  # at it
    assert await ids(due_by(6)) == {appeals[0]["id"], appeals[1]["id"]}  # above: the next too
    page = await client.get(
        "/v1/appeals", params={"school_id": school["id"], "limit": 2}, headers=city
    )
    assert len(page.json()["items"]) == 2 and page.json()["next_cursor"]
    bad = await client.get("/v1/appeals", params={"state": "pending"}, headers=city)
    assert bad.status_code == 422


async def test_credit_granted_on_appeal_is_on_the_next_published_list_s2_3_5(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await finished_module(client, city, student["id"], "m-wl-com-0", True)
    recognition = await decide(client, city, enrollment["id"], "refuse", "实验报告材料存疑")
    first = await publish(client, city, school["id"], days_ago=2)
    notice = first.json()["notices"][0]
    # 二(三)5: guidance in every refusal, also when the module record itself passed
    assert notice["remedies"] == ["retake"]  # a compulsory module cannot be switched
    url = f"/v1/recognitions/{recognition['id']}/appeals"
    body = {"appellant_student_id": student["id"], "reason": "材料真实"}
    appeal = (await client.post(url, json=body, headers=city)).json()
    overturned = await client.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"outcome": "overturned", "decision": "复议同意认定"},
        headers=city,
    )
    assert overturned.status_code == 200, overturned.text
    shown = (await client.get(f"/v1/recognitions/{recognition['id']}", headers=city)).json()
    assert (shown["state"], shown["granted"], shown["allowed_steps"]) == (
        "granted",
        True,
        ["publish"],
    )

    second = await publish(client, city, school["id"])
    assert second.status_code == 201, second.text
    lines = second.json()["granted"]
    assert [(g["recognition_id"], g["credits"], g["via_appeal"]) for g in lines] == [
        (recognition["id"], "2.0", True)
    ]
    earlier = (await client.get(f"/v1/publications/{first.json()['id']}", headers=city)).json()
    assert earlier["notices"] == first.json()["notices"]  # the earlier notice stays as it was
    audit = (await client.get(f"/v1/students/{student['id']}/audit", headers=city)).json()
    assert audit["total_earned"] == "2.0"


async def test_refusal_of_a_passed_elective_guides_to_retake_or_switch_s2_3_5(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await finished_module(client, city, student["id"], "m-wl-ele-0", True)
    await decide(client, city, enrollment["id"], "refuse", "出勤记录不实")
    notice = (await publish(client, city, school["id"])).json()["notices"][0]
    assert notice["remedies"] == ["retake", "switch"]
