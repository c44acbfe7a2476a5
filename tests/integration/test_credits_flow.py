"""credits through the gateway: real processes, a module from enrollment to publication,
the audit, and school scoping."""

import uuid

import httpx

ALL = ["credits:read", "credits:write", "credits:recognize"]
TEACHERS = ["credits:read", "credits:write"]


def post(gateway: httpx.Client, path: str, body: dict, headers: dict, expected: int) -> dict:
    response = gateway.post(f"/credits/v1{path}", json=body, headers=headers)
    assert response.status_code == expected, response.text
    return response.json()


def test_module_recognised_published_and_audited_through_the_gateway(
    suite, gateway: httpx.Client
) -> None:
    city = suite.headers(ALL)
    code = f"IT-{uuid.uuid4().hex[:6]}"
    school = post(
        gateway,
        "/schools",
        {"code": code, "name": "集成测试高中", "county_code": "231002", "school_type": "ordinary"},
        city,
        201,
    )
    teachers = suite.headers(TEACHERS, [code])
    office = suite.headers(ALL, [code])
    student = post(
        gateway,
        "/students",
        {"school_id": school["id"], "student_no": "IT-1", "name": "集成学生", "cohort_year": 2021},
        teachers,
        201,
    )
    enrollment = post(
        gateway,
        "/enrollments",
        {
            "student_id": student["id"],
            "module_id": "m-wl-com-0",
            "term": "2021-1",
            "teacher": "王老师",
        },
        teachers,
        201,
    )
    base = f"/enrollments/{enrollment['id']}"
    absent = post(
        gateway, f"{base}/attendance", {"on_date": "2021-10-08", "periods": 7}, teachers, 200
    )
    assert absent["periods_absent"] == 7  # 29/36 attended: still >= 4/5
    post(gateway, f"{base}/evaluation", {"passed": True}, teachers, 200)
    assert post(gateway, f"{base}/exam", {"passed": True}, teachers, 200)["outcome"] == (
        "credit_eligible"
    )
    post(
        gateway,
        f"{base}/recognition/teacher",
        {"reviewer": "王老师", "opinion": "grant"},
        teachers,
        201,
    )
    post(
        gateway,
        f"{base}/recognition/group",
        {"reviewer": "物理组长", "opinion": "grant"},
        teachers,
        200,
    )
    refused = gateway.post(
        f"/credits/v1{base}/recognition/office",
        json={"reviewer": "主任", "opinion": "grant"},
        headers=teachers,
    )
    assert refused.status_code == 403  # the office step needs credits:recognize
    post(
        gateway, f"{base}/recognition/office", {"reviewer": "主任", "opinion": "grant"}, office, 200
    )
    decided = post(
        gateway,
        f"{base}/recognition/committee",
        {"reviewer": "委员会", "opinion": "grant", "signed_by": "校长"},
        office,
        200,
    )
    assert decided["state"] == "granted"
    publication = post(gateway, f"/schools/{school['id']}/publications", {}, office, 201)
    assert [g["student_id"] for g in publication["granted"]] == [student["id"]]

    audit = gateway.get(f"/credits/v1/students/{student['id']}/audit", headers=teachers)
    assert audit.status_code == 200
    assert audit.json()["total_earned"] == "2.0"
    assert audit.json()["eligible"] is False

    stranger = suite.headers(TEACHERS, ["IT-other"])
    hidden = gateway.get(f"/credits/v1/students/{student['id']}/audit", headers=stranger)
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
