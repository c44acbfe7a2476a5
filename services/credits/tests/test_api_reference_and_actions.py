"""Issue 16, all services: code lists are enums with a reference endpoint, and allowed_actions
lists only what would succeed now (附件4 二(三)5: appeal only while the window is open)."""

import uuid
from datetime import date, timedelta

import httpx
import pytest

from credits.rules.recognition import RecognitionState, recognition_actions_now
from suitekit.timeutil import utcnow

pytestmark = pytest.mark.anyio
TODAY = utcnow().date()


@pytest.fixture
def client(shared_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return shared_client


async def test_reference_lists_every_code_list(client, city) -> None:
    response = await client.get("/v1/reference", headers=city)
    assert response.status_code == 200
    body = response.json()
    assert body["module_categories"] == ["compulsory", "selective_compulsory", "elective"]
    assert body["remedies"] == ["make_up_periods", "make_up_exam", "retake", "switch"]
    assert "appeal_revision" not in body["recognition_steps"]
    assert (await client.get("/v1/reference")).status_code == 401
    bad = await client.get("/v1/modules", params={"category": "optional"}, headers=city)
    assert bad.status_code == 422
    good = await client.get("/v1/modules", params={"category": "elective"}, headers=city)
    assert good.status_code == 200
    assert {m["category"] for m in good.json()["items"]} == {"elective"}
    assert (
        await client.get("/v1/recognitions", params={"state": "approved"}, headers=city)
    ).status_code == 422


PUBLISHED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("days_after", "actions"),
    [(9, ["appeal"]), (10, ["appeal"]), (11, [])],  # 附件4 二(三)5: 10 days
)
def test_appeal_is_offered_only_within_10_days_s2_3_5(days_after: int, actions: list) -> None:
    today = PUBLISHED + timedelta(days=days_after)
    for state in (RecognitionState.published, RecognitionState.notified):
        assert recognition_actions_now(state, published_on=PUBLISHED, today=today) == actions


def test_undecided_or_unpublished_recognitions_offer_their_next_step_only() -> None:
    assert recognition_actions_now(
        RecognitionState.granted, published_on=None, today=PUBLISHED
    ) == ["publish"]
    assert recognition_actions_now(
        RecognitionState.teacher_reviewed, published_on=None, today=PUBLISHED
    ) == ["group"]


async def test_recognition_shows_appeal_while_the_window_is_open(client, city) -> None:
    body = {"code": f"MDJ-{uuid.uuid4().hex[:8]}", "name": "测试高中", "county_code": "231002",
            "school_type": "ordinary"}  # fmt: skip
    school = (await client.post("/v1/schools", json=body, headers=city)).json()
    shown = {}
    for days_ago in (10, 11):
        student_body = {"school_id": school["id"], "student_no": f"A{days_ago}",
                        "name": "学生丙", "cohort_year": 2021}  # fmt: skip
        student = (await client.post("/v1/students", json=student_body, headers=city)).json()
        enrollment_body = {"student_id": student["id"], "module_id": "m-wl-com-0",
                           "term": "2021-1", "teacher": "王老师"}  # fmt: skip
        enrollment = (
            await client.post("/v1/enrollments", json=enrollment_body, headers=city)
        ).json()
        base = f"/v1/enrollments/{enrollment['id']}"
        await client.post(f"{base}/evaluation", json={"passed": False}, headers=city)
        for step, reviewer in (("teacher", "甲"), ("group", "乙"), ("office", "丙")):
            step_body = {"reviewer": reviewer, "opinion": "refuse", "note": "不合格"}
            await client.post(f"{base}/recognition/{step}", json=step_body, headers=city)
        committee = {"reviewer": "丁", "opinion": "refuse", "note": "不合格", "signed_by": "校长"}
        recognition = (
            await client.post(f"{base}/recognition/committee", json=committee, headers=city)
        ).json()
        assert recognition["allowed_actions"] == ["publish"]
        published_on = (TODAY - timedelta(days=days_ago)).isoformat()
        await client.post(
            f"/v1/schools/{school['id']}/publications",
            json={"published_on": published_on},
            headers=city,
        )
        shown[days_ago] = (
            await client.get(f"/v1/recognitions/{recognition['id']}", headers=city)
        ).json()
    assert shown[10]["allowed_actions"] == ["appeal"]  # the last day
    assert shown[11]["allowed_actions"] == []  # the window has closed
