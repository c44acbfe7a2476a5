"""The core workflow through HTTP on a real database: enroll, record, recognise, publish,
appeal, audit. The tests share one database per module and each makes its own school."""

import uuid
from datetime import timedelta

import httpx
import pytest

from suitekit.timeutil import utcnow

pytestmark = pytest.mark.anyio


@pytest.fixture
def client(shared_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return shared_client


SCHOOL = {"code": "MDJ-T1", "name": "测试高中", "county_code": "231002", "school_type": "ordinary"}


async def audit_count(client, headers) -> int:
    seen, cursor = 0, None
    while True:
        params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/audit", params=params, headers=headers)).json()
        seen += len(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


async def make_school(client, headers, **over) -> dict:
    body = SCHOOL | {"code": f"MDJ-{uuid.uuid4().hex[:8]}"} | over
    response = await client.post("/v1/schools", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_student(client, headers, school_id, no="S001", exam_taker=True) -> dict:
    body = {
        "school_id": school_id,
        "student_no": no,
        "name": "学生甲",
        "cohort_year": 2021,
        "takes_national_exam": exam_taker,
    }
    response = await client.post("/v1/students", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def enroll(client, headers, student_id, module_id="m-wl-com-0") -> dict:
    body = {"student_id": student_id, "module_id": module_id, "term": "2021-1", "teacher": "王老师"}
    response = await client.post("/v1/enrollments", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def passed_module(client, headers, student_id, module_id="m-wl-com-0") -> dict:
    enrollment = await enroll(client, headers, student_id, module_id)
    base = f"/v1/enrollments/{enrollment['id']}"
    await client.post(f"{base}/evaluation", json={"passed": True}, headers=headers)
    response = await client.post(f"{base}/exam", json={"passed": True}, headers=headers)
    assert response.json()["outcome"] == "credit_eligible"
    return response.json()


async def recognise(client, headers, enrollment_id, opinion="grant", note=None) -> dict:
    base = f"/v1/enrollments/{enrollment_id}/recognition"
    for step, reviewer in (("teacher", "王老师"), ("group", "物理组长"), ("office", "办公室主任")):
        body = {"reviewer": reviewer, "opinion": opinion, "note": note}
        response = await client.post(f"{base}/{step}", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
    body = {"reviewer": "委员会", "opinion": opinion, "note": note, "signed_by": "校长"}
    response = await client.post(f"{base}/committee", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_attendance_exactly_four_fifths_earns_credit_s2_2_1(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await enroll(client, city, student["id"], "m-wl-com-0")  # 2 credits, 36 periods
    assert enrollment["max_absences_allowed"] == 7
    base = f"/v1/enrollments/{enrollment['id']}"
    day = utcnow().date().isoformat()
    response = await client.post(
        f"{base}/attendance", json={"on_date": day, "periods": 7}, headers=city
    )
    assert response.json()["periods_absent"] == 7
    await client.post(f"{base}/evaluation", json={"passed": True}, headers=city)
    done = (await client.post(f"{base}/exam", json={"passed": True}, headers=city)).json()
    assert done["outcome"] == "credit_eligible"


async def test_attendance_just_under_four_fifths_means_retake_s2_4_1(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await enroll(client, city, student["id"])
    base = f"/v1/enrollments/{enrollment['id']}"
    day = utcnow().date().isoformat()
    for periods in (4, 4):  # 8 of 36 absent: 28/36 < 4/5
        await client.post(
            f"{base}/attendance", json={"on_date": day, "periods": periods}, headers=city
        )
    shown = (await client.get(base, headers=city)).json()
    assert shown["outcome"] == "retake_required"
    assert [a["periods"] for a in shown["absences"]] == [4, 4]
    assert shown["allowed_actions"] == ["retake"]
    refused = await client.post(f"{base}/exam", json={"passed": True}, headers=city)
    assert refused.status_code == 409
    assert refused.json()["code"] == "invalid_transition"
    assert refused.json()["allowed"] == ["retake"]
    again = await client.post(
        f"{base}/retake", json={"term": "2022-1", "teacher": "李老师"}, headers=city
    )
    assert again.status_code == 201
    assert again.json()["kind"] == "retake" and again.json()["previous_id"] == enrollment["id"]
    assert (await client.get(base, headers=city)).json()["closed"] is True


async def test_failed_make_up_of_exam_takers_chinese_selective_cannot_switch_s2_4_2(
    client, city
) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"], exam_taker=True)
    enrollment = await enroll(client, city, student["id"], "m-yw-sel-1")
    base = f"/v1/enrollments/{enrollment['id']}"
    await client.post(f"{base}/evaluation", json={"passed": True}, headers=city)
    failed = (await client.post(f"{base}/exam", json={"passed": False}, headers=city)).json()
    assert failed["outcome"] == "make_up_allowed"
    failed = (
        await client.post(f"{base}/make-up-exam", json={"passed": False}, headers=city)
    ).json()
    assert failed["outcome"] == "retake_only"
    switch = {"term": "2022-1", "teacher": "李老师", "module_id": "m-yw-sel-2"}
    refused = await client.post(f"{base}/switch", json=switch, headers=city)
    assert refused.status_code == 409
    second = await client.post(f"{base}/make-up-exam", json={"passed": True}, headers=city)
    assert second.status_code == 409  # only one make-up exam


async def test_full_recognition_publication_and_audit(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await passed_module(client, city, student["id"])
    recognition = await recognise(client, city, enrollment["id"])
    assert recognition["state"] == "granted"
    assert [s["step"] for s in recognition["steps"]] == ["teacher", "group", "office", "committee"]
    publication = await client.post(
        f"/v1/schools/{school['id']}/publications", json={}, headers=city
    )
    assert publication.status_code == 201, publication.text
    assert [g["credits"] for g in publication.json()["granted"]] == ["2.0"]
    audit = (await client.get(f"/v1/students/{student['id']}/audit", headers=city)).json()
    assert audit["eligible"] is False
    assert audit["total_earned"] == "2.0"
    line = next(x for x in audit["buckets"][0]["lines"] if x["key"] == "compulsory.WL")
    assert line["earned"] == "2.0" and line["missing"] == "4.0"
    assert line["allocations"][0]["source_id"] == recognition["id"]
    trail = (
        await client.get("/v1/audit", params={"entity_id": recognition["id"]}, headers=city)
    ).json()["items"]
    assert [e["action"] for e in trail][:4] == [
        "recognition_teacher",
        "recognition_group",
        "recognition_office",
        "recognition_committee",
    ]


async def test_steps_cannot_be_skipped_or_repeated_by_one_person_s2_3(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await passed_module(client, city, student["id"])
    base = f"/v1/enrollments/{enrollment['id']}/recognition"
    body = {"reviewer": "王老师", "opinion": "grant"}
    skipped = await client.post(f"{base}/office", json=body, headers=city)
    assert skipped.status_code == 409
    assert skipped.json()["allowed"] == ["teacher"]
    assert (await client.post(f"{base}/teacher", json=body, headers=city)).status_code == 201
    same_person = await client.post(f"{base}/group", json=body, headers=city)
    assert same_person.status_code == 422


async def test_office_and_committee_steps_need_recognize_scope(
    client, city, teacher_headers
) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await passed_module(client, city, student["id"])
    base = f"/v1/enrollments/{enrollment['id']}/recognition"
    for step, reviewer in (("teacher", "王老师"), ("group", "组长")):
        response = await client.post(
            f"{base}/{step}",
            json={"reviewer": reviewer, "opinion": "grant"},
            headers=teacher_headers,
        )
        assert response.status_code in (200, 201)
    office = await client.post(
        f"{base}/office", json={"reviewer": "主任", "opinion": "grant"}, headers=teacher_headers
    )
    assert office.status_code == 403


async def test_no_credit_can_be_granted_without_passing_the_module_annex1_2_5(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await enroll(client, city, student["id"])
    base = f"/v1/enrollments/{enrollment['id']}"
    await client.post(f"{base}/evaluation", json={"passed": False}, headers=city)
    grant = await client.post(
        f"{base}/recognition/teacher", json={"reviewer": "王老师", "opinion": "grant"}, headers=city
    )
    assert grant.status_code == 422
    listed = await client.get("/v1/recognitions", params={"school_id": school["id"]}, headers=city)
    assert listed.json()["items"] == []


async def _refused_and_published(client, city, days_ago: int):
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await enroll(client, city, student["id"])
    base = f"/v1/enrollments/{enrollment['id']}"
    await client.post(f"{base}/evaluation", json={"passed": False}, headers=city)
    recognition = await recognise(client, city, enrollment["id"], "refuse", "过程评价不合格")
    published_on = (utcnow().date() - timedelta(days=days_ago)).isoformat()
    publication = (
        await client.post(
            f"/v1/schools/{school['id']}/publications",
            json={"published_on": published_on},
            headers=city,
        )
    ).json()
    assert publication["notices"][0]["reason"] == "过程评价不合格"
    assert "retake" in publication["notices"][0]["remedies"]
    return student, recognition


@pytest.mark.parametrize(("days_ago", "status"), [(10, 201), (11, 422)])
async def test_appeal_within_10_days_of_notice_s2_3_5(client, city, days_ago, status) -> None:
    student, recognition = await _refused_and_published(client, city, days_ago)
    body = {"appellant_student_id": student["id"], "reason": "出勤记录有误"}
    before = await audit_count(client, city)
    url = f"/v1/recognitions/{recognition['id']}/appeals"
    response = await client.post(url, json=body, headers=city)
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["code"] == "appeal_too_late"
        assert await audit_count(client, city) == before


@pytest.mark.parametrize(("received_days_ago", "late"), [(15, False), (16, True)])
async def test_appeal_decision_after_15_days_is_flagged_late_s2_3_5(
    client, city, received_days_ago, late
) -> None:
    student, recognition = await _refused_and_published(client, city, received_days_ago)
    received = (utcnow().date() - timedelta(days=received_days_ago)).isoformat()
    appeal = (
        await client.post(
            f"/v1/recognitions/{recognition['id']}/appeals",
            json={"appellant_student_id": student["id"], "reason": "异议", "received_on": received},
            headers=city,
        )
    ).json()
    no_guidance = await client.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"outcome": "upheld", "decision": "维持不予认定"},
        headers=city,
    )
    assert no_guidance.status_code == 422
    decided = await client.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={
            "outcome": "upheld",
            "decision": "维持不予认定",
            "guidance": ["retake"],
            "explained_in_person": True,
        },
        headers=city,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["decided_late"] is late
    assert decided.json()["guidance"] == ["retake"]


async def test_school_client_sees_only_its_own_school(client, city, identity) -> None:
    own = await make_school(client, city, county_code="231085")
    other = await make_school(client, city, county_code="231085")
    own_student = await make_student(client, city, own["id"])
    other_student = await make_student(client, city, other["id"], no="S002")
    headers = identity.headers("credits", ["credits:read"], jurisdiction=[own["code"]])
    assert (
        await client.get(f"/v1/students/{own_student['id']}", headers=headers)
    ).status_code == 200
    hidden = await client.get(f"/v1/students/{other_student['id']}", headers=headers)
    assert hidden.status_code == 404
    audit = await client.get(f"/v1/students/{other_student['id']}/audit", headers=headers)
    assert audit.status_code == 404
    listed = (await client.get("/v1/students", headers=headers)).json()["items"]
    assert [s["id"] for s in listed] == [own_student["id"]]
    county = identity.headers("credits", ["credits:read"], jurisdiction=["231085"])
    ids = {s["id"] for s in (await client.get("/v1/students", headers=county)).json()["items"]}
    assert ids == {own_student["id"], other_student["id"]}
    elsewhere = identity.headers("credits", ["credits:read"], jurisdiction=["231083"])
    assert (await client.get("/v1/students", headers=elsewhere)).json()["items"] == []


async def test_bad_input_is_problem_json_and_writes_nothing(client, city) -> None:
    before = await audit_count(client, city)
    bad = SCHOOL | {"code": "MDJ-BAD", "county_code": "23", "school_type": "palace"}
    response = await client.post("/v1/schools", json=bad, headers=city)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert {e["field"] for e in response.json()["errors"]} >= {
        "body.county_code",
        "body.school_type",
    }
    codes = {
        s["code"]
        for s in (await client.get("/v1/schools", params={"limit": 500}, headers=city)).json()[
            "items"
        ]
    }
    assert "MDJ-BAD" not in codes
    assert await audit_count(client, city) == before


async def test_without_gateway_identity_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/subjects")).status_code == 401


async def test_school_module_leave_and_integrity_records_are_kept(client, city) -> None:
    school = await make_school(client, city)
    module = await client.post(
        "/v1/modules",
        json={
            "school_id": school["id"],
            "subject_code": "XB",
            "category": "elective",
            "name": "镜泊湖地质考察",
            "credits": "1",
        },
        headers=city,
    )
    assert module.status_code == 201, module.text
    assert module.json()["periods"] == 18
    bad = await client.post(
        "/v1/modules",
        json={
            "school_id": school["id"],
            "subject_code": "XB",
            "category": "compulsory",
            "name": "x",
            "credits": "1",
            "extension": True,
        },
        headers=city,
    )
    assert bad.status_code == 422
    student = await make_student(client, city, school["id"])
    enrollment = await passed_module(client, city, student["id"], module.json()["id"])
    await recognise(client, city, enrollment["id"])
    leave = await client.post(
        f"/v1/students/{student['id']}/leave", json={"reason": "病休"}, headers=city
    )
    assert leave.json()["status"] == "on_leave"
    twice = await client.post(
        f"/v1/students/{student['id']}/leave", json={"reason": "x"}, headers=city
    )
    assert twice.status_code == 409 and twice.json()["allowed"] == ["resume"]
    on_leave = await client.post(
        "/v1/enrollments",
        json={
            "student_id": student["id"],
            "module_id": "m-wl-com-1",
            "term": "2022-1",
            "teacher": "王老师",
        },
        headers=city,
    )
    assert on_leave.status_code == 409
    audit = (await client.get(f"/v1/students/{student['id']}/audit", headers=city)).json()
    assert audit["total_earned"] == "1.0"  # 附件4 二(四)3: credits carry over a leave
    finding = {"person": "王老师", "role": "teacher", "finding": "虚报出勤记录"}
    created = await client.post(
        f"/v1/schools/{school['id']}/integrity-records", json=finding, headers=city
    )
    assert created.status_code == 201
    listed = (
        await client.get(f"/v1/schools/{school['id']}/integrity-records", headers=city)
    ).json()
    assert [r["finding"] for r in listed] == ["虚报出勤记录"]


async def test_idempotency_key_replays_a_recognition_step(client, city) -> None:
    school = await make_school(client, city)
    student = await make_student(client, city, school["id"])
    enrollment = await passed_module(client, city, student["id"])
    url = f"/v1/enrollments/{enrollment['id']}/recognition/teacher"
    headers = {**city, "Idempotency-Key": f"k-{enrollment['id']}"}
    body = {"reviewer": "王老师", "opinion": "grant"}
    first = await client.post(url, json=body, headers=headers)
    again = await client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    other = await client.post(url, json={**body, "reviewer": "李老师"}, headers=headers)
    assert other.status_code == 409


async def test_county_client_cannot_register_a_school_elsewhere(client, identity) -> None:
    county = identity.headers("credits", ["credits:write"], jurisdiction=["231002"])
    elsewhere = await client.post(
        "/v1/schools", json=SCHOOL | {"code": "MDJ-X9", "county_code": "231083"}, headers=county
    )
    assert elsewhere.status_code == 403
