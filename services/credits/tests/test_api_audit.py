"""Graduation audit, what-if, whole-school audit, activities and transfers through HTTP."""

import pytest

from suitekit.timeutil import utcnow

pytestmark = pytest.mark.anyio

GRADUATE = "stu_mdj-01_1"
SHORT = "stu_mdj-01_3"
KOREAN = "stu_mdj-kr_1"


async def test_demo_graduate_meets_every_bucket_annex1_1_5(seeded_client, city) -> None:
    audit = (await seeded_client.get(f"/v1/students/{GRADUATE}/audit", headers=city)).json()
    assert audit["eligible"] is True
    assert audit["total_earned"] == "144.0"
    assert [(b["key"], b["earned"]) for b in audit["buckets"]] == [
        ("compulsory", "88.0"),
        ("selective_compulsory", "42.0"),
        ("elective", "14.0"),
    ]
    assert all(c["met"] for c in audit["checks"])
    research = next(
        x for x in audit["buckets"][0]["lines"] if x["key"] == "compulsory.ZHSJ.research"
    )
    assert research["earned"] == "6.0" and len(research["allocations"]) == 2


async def test_korean_demo_graduate_uses_the_96_48_7_variant(seeded_client, city) -> None:
    audit = (await seeded_client.get(f"/v1/students/{KOREAN}/audit", headers=city)).json()
    assert audit["variant"] == "korean_ethnic"
    assert audit["eligible"] is True
    checks = {c["key"]: c for c in audit["checks"]}
    assert checks["compulsory"]["required"] == "96.0"
    assert checks["selective_plus_elective"]["earned"] == "48.0"


async def test_short_student_and_what_if_closes_the_gap(seeded_client, city) -> None:
    audit = (await seeded_client.get(f"/v1/students/{SHORT}/audit", headers=city)).json()
    assert audit["eligible"] is False
    missing = {c["key"]: c["missing"] for c in audit["checks"] if not c["met"]}
    assert missing == {"elective": "4.0", "total": "4.0"}  # 4 extension electives short
    what_if = await seeded_client.post(
        f"/v1/students/{SHORT}/audit/what-if",
        json={"module_ids": ["m-xb-ele-2", "m-xb-ele-3"]},
        headers=city,
    )
    assert what_if.status_code == 200, what_if.text
    assert what_if.json()["eligible"] is True
    assert len(what_if.json()["hypothetical"]) == 2
    again = (await seeded_client.get(f"/v1/students/{SHORT}/audit", headers=city)).json()
    assert again["eligible"] is False  # what-if writes nothing


async def test_school_audit_lists_who_is_short_of_what(seeded_client, city) -> None:
    result = (await seeded_client.get("/v1/schools/sch_demo_mdj1/audit", headers=city)).json()
    assert (result["students"], result["eligible"], result["short"]) == (3, 2, 1)
    for standing in result["items"]:  # the school audit agrees with each student's audit
        url = f"/v1/students/{standing['student_id']}/audit"
        own = (await seeded_client.get(url, headers=city)).json()
        assert own["eligible"] is standing["eligible"]
        assert own["total_earned"] == standing["total_earned"]
    short = (
        await seeded_client.get(
            "/v1/schools/sch_demo_mdj1/audit", params={"only_short": True}, headers=city
        )
    ).json()
    assert [s["student_id"] for s in short["items"]] == [SHORT]
    assert {c["key"] for c in short["items"][0]["shortfalls"]} == {"elective", "total"}


@pytest.mark.parametrize(("hours", "credited"), [("39.5", False), ("40.0", True)])
async def test_volunteer_hours_40_with_host_confirmation_s2_2_3(
    seeded_client, city, hours, credited
) -> None:
    student = (
        await seeded_client.post(
            "/v1/students",
            json={
                "school_id": "sch_demo_mdj1",
                "student_no": f"V-{hours}",
                "name": "志愿者",
                "cohort_year": 2021,
            },
            headers=city,
        )
    ).json()
    today = utcnow().date().isoformat()
    body = {
        "kind": "volunteer_service",
        "title": "敬老院服务",
        "occurred_on": today,
        "hours": hours,
        "host_organisation": "敬老院",
        "host_confirmation": "盖章",
    }
    created = await seeded_client.post(
        f"/v1/students/{student['id']}/activities", json=body, headers=city
    )
    assert created.status_code == 201, created.text
    unconfirmed = body | {"hours": "20", "host_confirmation": None}
    await seeded_client.post(
        f"/v1/students/{student['id']}/activities", json=unconfirmed, headers=city
    )
    summary = (
        await seeded_client.get(f"/v1/students/{student['id']}/activities", headers=city)
    ).json()
    assert summary["volunteer_hours_counted"] == hours
    assert summary["volunteer_credits"] == ("2.0" if credited else "0.0")
    audit = (await seeded_client.get(f"/v1/students/{student['id']}/audit", headers=city)).json()
    line = next(x for x in audit["buckets"][0]["lines"] if x["key"] == "compulsory.LD.volunteer")
    assert line["earned"] == ("2.0" if credited else "0.0")


async def test_research_project_needs_all_evidence_and_caps_at_6_s2_2_2(
    seeded_client, city
) -> None:
    student = (
        await seeded_client.post(
            "/v1/students",
            json={
                "school_id": "sch_demo_mdj1",
                "student_no": "R-1",
                "name": "研究者",
                "cohort_year": 2021,
            },
            headers=city,
        )
    ).json()
    url = f"/v1/students/{student['id']}/activities"
    today = utcnow().date().isoformat()
    full = {
        "kind": "research_project",
        "title": "课题",
        "occurred_on": today,
        "interdisciplinary": True,
        "evidence": ["proposal", "records", "materials", "outcome"],
    }
    for _ in range(3):
        assert (await seeded_client.post(url, json=full, headers=city)).status_code == 201
    partial = full | {"evidence": ["proposal"]}
    await seeded_client.post(url, json=partial, headers=city)
    summary = (await seeded_client.get(url, headers=city)).json()
    assert summary["research_projects_completed"] == 3
    assert summary["research_credits"] == "6.0"
    hours = await seeded_client.post(url, json=full | {"hours": "3"}, headers=city)
    assert hours.status_code == 422


async def test_transfers_need_mapping_or_approval_and_no_reward_credits_s2_4_5(
    seeded_client, city
) -> None:
    student = (
        await seeded_client.post(
            "/v1/students",
            json={
                "school_id": "sch_demo_mdj1",
                "student_no": "T-1",
                "name": "转学生",
                "cohort_year": 2021,
            },
            headers=city,
        )
    ).json()
    url = f"/v1/students/{student['id']}/transfer-credits"
    base = {
        "origin_school": "外省某中学",
        "original_course": "校本课程：地方文化",
        "subject_code": "XB",
        "category": "elective",
        "credits": "2",
    }
    unmapped = await seeded_client.post(url, json=base | {"origin": "other_province"}, headers=city)
    assert unmapped.status_code == 422
    reward = await seeded_client.post(url, json=base | {"origin": "reward"}, headers=city)
    assert reward.status_code == 422
    university = await seeded_client.post(url, json=base | {"origin": "university"}, headers=city)
    assert university.status_code == 422
    mapped = base | {"origin": "other_province", "mapping_note": "按本省选修课程认定"}
    first = await seeded_client.post(url, json=mapped, headers=city)
    assert first.status_code == 201
    same_province = base | {
        "origin": "same_province",
        "original_course": "生涯规划",
        "subject_code": "WL",
        "category": "compulsory",
    }
    second = await seeded_client.post(url, json=same_province, headers=city)
    assert second.status_code == 201
    assert len((await seeded_client.get(url, headers=city)).json()) == 2
    audit = (await seeded_client.get(f"/v1/students/{student['id']}/audit", headers=city)).json()
    lines = {x["key"]: x for b in audit["buckets"] for x in b["lines"]}
    assert lines["elective.XB"]["allocations"][0]["source_id"] == first.json()["id"]
    assert lines["compulsory.WL"]["earned"] == "2.0"
    assert audit["total_earned"] == "4.0"


async def test_elective_offer_28_and_committee_majority_annex2(seeded_client, city) -> None:
    url = "/v1/schools/sch_demo_korean/elective-votes"
    electives = (
        await seeded_client.get(
            "/v1/modules", params={"category": "elective", "subject_code": "XB"}, headers=city
        )
    ).json()["items"]
    assert len(electives) == 8  # 8 x 2 = 16 credits of 校本 electives
    half = await seeded_client.post(
        url,
        json={"module_id": electives[0]["id"], "votes_for": 3, "committee_size": 6},
        headers=city,
    )
    assert half.json()["opened"] is False
    for module in electives:
        await seeded_client.post(
            url, json={"module_id": module["id"], "votes_for": 4, "committee_size": 6}, headers=city
        )
    offer = (
        await seeded_client.get("/v1/schools/sch_demo_korean/elective-offer", headers=city)
    ).json()
    assert (offer["required"], offer["offered"], offer["met"]) == ("28.0", "16.0", False)
    sx = (
        await seeded_client.get(
            "/v1/modules", params={"category": "elective", "subject_code": "SX"}, headers=city
        )
    ).json()["items"]
    for module in sx[:5]:
        await seeded_client.post(
            url, json={"module_id": module["id"], "votes_for": 4, "committee_size": 6}, headers=city
        )
    offer = (
        await seeded_client.get("/v1/schools/sch_demo_korean/elective-offer", headers=city)
    ).json()
    assert (offer["offered"], offer["met"]) == ("26.0", False)
    await seeded_client.post(
        url, json={"module_id": "m-wl-ele-0", "votes_for": 4, "committee_size": 6}, headers=city
    )
    offer = (
        await seeded_client.get("/v1/schools/sch_demo_korean/elective-offer", headers=city)
    ).json()
    assert (offer["offered"], offer["met"]) == ("28.0", True)


async def test_selection_hesitation_period_and_statistics_annex3(seeded_client, city) -> None:
    today = utcnow().date().isoformat()
    rnd = (
        await seeded_client.post(
            "/v1/schools/sch_demo_mdj1/selection-rounds",
            json={"cohort_year": 2020, "hesitation_until": today, "class_size": 2},
            headers=city,
        )
    ).json()
    url = "/v1/schools/sch_demo_mdj1/selections"
    combos = [["WL", "HX", "SW"], ["WL", "HX", "DL"], ["LS", "ZZ", "DL"]]
    ids = []
    for n, subjects in enumerate(combos, start=1):
        response = await seeded_client.post(
            url,
            json={"round_id": rnd["id"], "student_id": f"stu_mdj-01_{n}", "subjects": subjects},
            headers=city,
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    bad = await seeded_client.post(
        url,
        json={"round_id": rnd["id"], "student_id": GRADUATE, "subjects": ["WL", "LS", "HX"]},
        headers=city,
    )
    assert bad.status_code in (409, 422)
    change = await seeded_client.post(
        f"/v1/selections/{ids[2]}/change-request",
        json={"subjects": ["WL", "ZZ", "DL"], "reason": "改选"},
        headers=city,
    )
    assert change.json()["state"] == "change_requested"
    approved = await seeded_client.post(
        f"/v1/selections/{ids[2]}/change-decision", json={"decision": "approve"}, headers=city
    )
    assert approved.json()["subjects"] == ["WL", "DL", "ZZ"]
    stats = (
        await seeded_client.get(
            "/v1/schools/sch_demo_mdj1/selection-stats",
            params={"round_id": rnd["id"]},
            headers=city,
        )
    ).json()
    assert stats["per_subject"] == {"DL": 2, "HX": 2, "SW": 1, "WL": 3, "ZZ": 1}
    assert stats["per_combination"] == {"WL+DL+HX": 1, "WL+DL+ZZ": 1, "WL+HX+SW": 1}
    assert stats["teaching_classes"]["WL"] == 2
    early = await seeded_client.post(f"/v1/selection-rounds/{rnd['id']}/confirm", headers=city)
    assert early.status_code == 422  # the hesitation period runs until the end of today


async def test_exemption_still_needs_the_exam_s2_4_4(seeded_client, city) -> None:
    enrollment = (
        await seeded_client.post(
            "/v1/enrollments",
            json={
                "student_id": SHORT,
                "module_id": "m-sx-ele-0",
                "term": "2022-2",
                "teacher": "赵老师",
            },
            headers=city,
        )
    ).json()
    exemption = (
        await seeded_client.post(
            "/v1/exemptions",
            json={"enrollment_id": enrollment["id"], "reason": "数学竞赛省一等奖"},
            headers=city,
        )
    ).json()
    decided = await seeded_client.post(
        f"/v1/exemptions/{exemption['id']}/decision",
        json={"decision": "approve", "decided_by": "学分认定委员会"},
        headers=city,
    )
    assert decided.json()["state"] == "approved"
    shown = (await seeded_client.get(f"/v1/enrollments/{enrollment['id']}", headers=city)).json()
    assert shown["exempt"] is True and shown["outcome"] == "in_progress"
    assert shown["allowed_actions"] == ["attendance", "exam"]
    done = (
        await seeded_client.post(
            f"/v1/enrollments/{enrollment['id']}/exam", json={"passed": True}, headers=city
        )
    ).json()
    assert done["outcome"] == "credit_eligible"
    twice = await seeded_client.post(
        f"/v1/exemptions/{exemption['id']}/decision",
        json={"decision": "refuse", "decided_by": "x"},
        headers=city,
    )
    assert twice.status_code == 409


async def test_timetable_from_selections_gives_every_student_a_week_annex3_4(
    seeded_client, city
) -> None:
    pytest.importorskip("ortools", reason="OR-Tools (ortools) is not installed in this venv")
    today = utcnow().date().isoformat()
    rnd = (
        await seeded_client.post(
            "/v1/schools/sch_demo_mdj1/selection-rounds",
            json={"cohort_year": 2020, "hesitation_until": today, "class_size": 2},
            headers=city,
        )
    ).json()
    for n, subjects in enumerate(
        [["WL", "HX", "SW"], ["WL", "HX", "DL"], ["LS", "ZZ", "DL"]], start=1
    ):
        await seeded_client.post(
            "/v1/schools/sch_demo_mdj1/selections",
            json={"round_id": rnd["id"], "student_id": f"stu_mdj-01_{n}", "subjects": subjects},
            headers=city,
        )
    subjects = ["WL", "LS", "HX", "SW", "ZZ", "DL"]
    body = {
        "round_id": rnd["id"],
        "periods_per_week": dict.fromkeys(subjects, 3),
        "teachers": {s: [f"{s}老师"] for s in subjects},
        "rooms": ["101", "102"],
    }
    built = await seeded_client.post(
        "/v1/schools/sch_demo_mdj1/timetables", json=body, headers=city
    )
    assert built.status_code == 201, built.text
    timetable = built.json()
    assert {c["code"]: c["students"] for c in timetable["classes"]}["WL-1"] == 2
    week = (
        await seeded_client.get(
            f"/v1/timetables/{timetable['id']}/week",
            params={"student_id": "stu_mdj-01_1"},
            headers=city,
        )
    ).json()
    assert len(week["entries"]) == 9
    assert len({(e["day"], e["period"]) for e in week["entries"]}) == 9
    assert {e["subject_code"] for e in week["entries"]} == {"WL", "HX", "SW"}
    room = (
        await seeded_client.get(
            f"/v1/timetables/{timetable['id']}/week", params={"room": "101"}, headers=city
        )
    ).json()
    assert len({(e["day"], e["period"]) for e in room["entries"]}) == len(room["entries"])
    impossible = await seeded_client.post(
        "/v1/schools/sch_demo_mdj1/timetables",
        json=body | {"rooms": ["101"], "days": 1},
        headers=city,
    )
    assert impossible.status_code == 422
