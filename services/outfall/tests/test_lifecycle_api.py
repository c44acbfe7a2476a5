"""The lifecycle through HTTP: discover -> confirm -> trace -> remediate -> standardise."""

import httpx
import pytest
from outfall_helpers import (
    EVIDENCE,
    HARDWARE,
    NORMAL_TEST,
    SURVEY,
    TRACE,
    act,
    register,
    traced,
)

pytestmark = pytest.mark.anyio


async def test_whole_path_rectify_then_standardize_is_audited(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    assert outfall["status"] == "discovered"
    assert outfall["allowed_actions"] == ["confirm", "dismiss"]
    oid = outfall["id"]
    assert (await act(client, city, oid, "surveys", SURVEY))["status"] == "confirmed"
    body = await act(client, city, oid, "trace", TRACE)
    assert body["status"] == "traced"
    assert body["responsible_party"]["uscc"] == TRACE["uscc"]
    plan = {"type": "rectify", "plan": "截污纳管", "deadline": "2022-08-31"}
    assert (await act(client, city, oid, "remediation", plan))["status"] == "remediation_planned"
    done = await act(
        client, city, oid, "remediation/complete", {"note": "完成整改", "evidence": EVIDENCE}
    )
    assert done["status"] == "remediated"
    final = await act(
        client,
        city,
        oid,
        "standardization",
        {"hardware": HARDWARE, "software": ["ledger"], "paper_ledger": True},
    )
    assert final["status"] == "standardized"
    history = (await client.get(f"/v1/outfalls/{oid}/history", headers=city)).json()["items"]
    assert [h["action"] for h in history] == [
        "register",
        "confirm",
        "trace",
        "plan_remediation",
        "complete_rectify",
        "standardize",
    ]
    assert history[1]["data"] == {
        "from": "discovered",
        "to": "confirmed",
        "level": 2,
        "method": "manual_field_check",
        "outcome": "confirm",
    }
    assert all(h["actor"] == "city-ecology" for h in history)


async def test_jump_is_409_with_allowed_steps(client: httpx.AsyncClient, city: dict) -> None:
    outfall = await register(client, city)
    body = await act(client, city, outfall["id"], "trace", TRACE, expected=409)
    assert body["code"] == "invalid_transition"
    assert body["allowed"] == ["confirm", "dismiss"]
    plan = {"type": "close", "plan": "封堵", "deadline": "2022-08-31"}
    await act(client, city, outfall["id"], "remediation", plan, expected=409)


async def test_dismissal_needs_reason_and_ends_the_outfall_s5_1_1(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    dismiss = {**SURVEY, "outcome": "dismiss"}
    refused = await act(client, city, outfall["id"], "surveys", dismiss, expected=422)
    assert refused["code"] == "reason_required"
    body = await act(client, city, outfall["id"], "surveys", {**dismiss, "reason": "非排污口"})
    assert body["status"] == "dismissed"
    assert body["allowed_actions"] == []
    await act(client, city, outfall["id"], "rapid-tests", NORMAL_TEST, expected=409)


async def test_inconclusive_level2_needs_level3_s5_1_1(
    client: httpx.AsyncClient, city: dict
) -> None:
    oid = (await register(client, city))["id"]
    body = await act(client, city, oid, "surveys", {**SURVEY, "outcome": "inconclusive"})
    assert body["needs_level3"] is True and body["status"] == "discovered"
    refused = await act(client, city, oid, "surveys", SURVEY, expected=422)
    assert refused["code"] == "level3_required"
    level3 = {**SURVEY, "level": 3, "method": "pipeline_survey"}
    assert (await act(client, city, oid, "surveys", level3))["status"] == "confirmed"


async def test_level3_registration_is_confirmed_s5_1_1(
    client: httpx.AsyncClient, city: dict
) -> None:
    body = await register(client, city, survey_level=3, survey_method="pipeline_survey")
    assert body["status"] == "confirmed"


async def test_wrong_uscc_check_character_is_422_and_writes_nothing_gb32100(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    await act(client, city, outfall["id"], "surveys", SURVEY)
    wrong = TRACE["uscc"][:-1] + ("0" if TRACE["uscc"][-1] != "0" else "1")
    body = await act(client, city, outfall["id"], "trace", {**TRACE, "uscc": wrong}, expected=422)
    assert body["code"] == "invalid_uscc"
    assert body["errors"][0]["field"] == "body.uscc"
    current = (await client.get(f"/v1/outfalls/{outfall['id']}", headers=city)).json()
    assert current["status"] == "confirmed" and current["responsible_party"] is None


async def test_government_fallback_names_the_jurisdiction_s5_2(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city, jurisdiction_code="KFQ")
    assert outfall["code"].startswith("MDJ01KFQ000GY")
    await act(client, city, outfall["id"], "surveys", SURVEY)
    fallback = {"basis": "jurisdiction_fallback", "reason": "溯源后仍无法确定责任主体"}
    body = await act(client, city, outfall["id"], "trace", fallback)
    assert body["responsible_party"]["name"] == "牡丹江经济技术开发区管委会"
    assert body["responsible_party"]["reason"] == fallback["reason"]


async def test_protected_area_outfall_can_only_be_closed_s6_1(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await traced(client, city, protected_area="drinking_water_source")
    plan = {"type": "rectify", "plan": "整改", "deadline": "2022-08-31"}
    body = await act(client, city, outfall["id"], "remediation", plan, expected=422)
    assert body["code"] == "protected_area_must_close"
    close = {**plan, "type": "close"}
    assert (await act(client, city, outfall["id"], "remediation", close))["status"] == (
        "remediation_planned"
    )
    done = await act(
        client,
        city,
        outfall["id"],
        "remediation/complete",
        {"note": "已封堵", "evidence": EVIDENCE},
    )
    assert done["status"] == "closed"


async def test_merge_checks_target_and_cycles_s5_3(client: httpx.AsyncClient, city: dict) -> None:
    a = await traced(client, city)
    b = await traced(client, city)
    merge = {"type": "merge", "plan": "并入", "deadline": "2022-08-31"}
    missing = await act(
        client, city, a["id"], "remediation", {**merge, "merge_into": "of_x"}, expected=422
    )
    assert missing["code"] == "merge_target_missing"
    await act(client, city, a["id"], "remediation", {**merge, "merge_into": b["id"]})
    cycle = await act(
        client, city, b["id"], "remediation", {**merge, "merge_into": a["id"]}, expected=422
    )
    assert cycle["code"] == "merge_cycle"
    merged = await act(
        client, city, a["id"], "remediation/complete", {"note": "已并入", "evidence": EVIDENCE}
    )
    assert merged["status"] == "merged" and merged["merge_into_id"] == b["id"]
    c = await traced(client, city)
    ended = await act(
        client, city, c["id"], "remediation", {**merge, "merge_into": a["id"]}, expected=422
    )
    assert ended["code"] == "merge_target_ended"


async def test_direct_standardization_needs_normal_monitoring_s5_4(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await traced(client, city)
    checklist = {"hardware": HARDWARE, "paper_ledger": True}
    body = await act(client, city, outfall["id"], "standardization", checklist, expected=422)
    assert body["code"] == "monitoring_required"
    await act(client, city, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    missing = await act(
        client,
        city,
        outfall["id"],
        "standardization",
        {**checklist, "hardware": HARDWARE[:2]},
        expected=422,
    )
    assert missing["code"] == "hardware_incomplete"
    done = await act(client, city, outfall["id"], "standardization", checklist)
    assert done["status"] == "standardized" and done["paper_ledger"] is True


async def test_river_chief_needs_if_match_and_confirmation_s6_1(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await register(client, city)
    chief = {"name": "王河长", "level": "county", "river_section": "牡丹江东安段"}
    url = f"/v1/outfalls/{outfall['id']}/river-chief"
    assert (await client.put(url, json=chief, headers=city)).status_code == 428
    etag = {**city, "If-Match": '"1"'}
    assert (await client.put(url, json=chief, headers=etag)).json()["code"] == "not_confirmed"
    confirmed = await act(client, city, outfall["id"], "surveys", SURVEY)
    stale = await client.put(url, json=chief, headers=etag)
    assert stale.status_code == 412
    fresh = {**city, "If-Match": f'"{confirmed["version"]}"'}
    body = (await client.put(url, json=chief, headers=fresh)).json()
    assert body["river_chief"]["name"] == "王河长"


async def test_annual_report_only_for_monitored_and_once_per_year_s5_4(
    client: httpx.AsyncClient, city: dict
) -> None:
    outfall = await traced(client, city)
    report = {"year": 2022, "usage": "正常使用", "monitoring": "季度监测达标"}
    refused = await act(client, city, outfall["id"], "annual-reports", report, expected=409)
    assert refused["code"] == "not_monitored"
    await act(client, city, outfall["id"], "rapid-tests", NORMAL_TEST, expected=201)
    await act(
        client, city, outfall["id"], "standardization", {"hardware": HARDWARE, "paper_ledger": True}
    )
    filed = await act(client, city, outfall["id"], "annual-reports", report, expected=201)
    assert filed["due"] == "2023-01-31" and filed["late"] is True
    again = await act(client, city, outfall["id"], "annual-reports", report, expected=409)
    assert again["code"] == "annual_report_exists"
    future = await act(
        client, city, outfall["id"], "annual-reports", {**report, "year": 2100}, expected=422
    )
    assert future["code"] == "report_year_not_over"
