"""Applications through HTTP: decisions of arts. 2-8, the query of art. 9, prints, archive."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import httpx
import pypdf
import pytest

from lawyer_query.refdata import load_refdata

HARBIN_LAWYER = "12301202010000005"  # lawyer_query.demo: 哈尔滨 firm, valid
SUSPENDED_LAWYER = "12310202010000003"
REVOKED_LAWYER = "12310202110000004"

pytestmark = pytest.mark.anyio
TEN = [
    "name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "id_number",
    "registered_address",
    "photo",
    "registration_station",
    "deregistration_date",
    "deregistration_reason",
]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


async def register(client: httpx.AsyncClient, headers: dict, body: dict) -> dict:
    response = await client.post("/v1/applications", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_mudanjiang_query_returns_the_10_fields_and_prints_art3_art9(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    citizen = pick("registered", "mudanjiang")
    created = await register(client, officer, make_application([citizen]))
    assert created["status"] == "accepted" and created["reasons"] == []
    assert created["allowed_fields"] == TEN
    assert created["persons"][0]["name_masked"] != citizen.name

    answer = await client.post(f"/v1/applications/{created['id']}/query", headers=officer)
    assert answer.status_code == 200, answer.text
    found = answer.json()["persons"][0]
    assert found["outcome"] == "found"
    assert sorted(found["fields"]) == sorted(TEN)
    assert found["fields"]["id_number"] == citizen.id_number
    assert found["fields"]["name"] == citizen.name
    assert found["fields"]["photo"].startswith("data:image/png;base64,")

    printed = await client.post(f"/v1/applications/{created['id']}/result.pdf", headers=officer)
    assert printed.status_code == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.headers["cache-control"] == "no-store"
    text = pdf_text(printed.content)
    assert citizen.name in text and citizen.id_number in text
    assert "仅供演示民间借贷纠纷案使用" in text and "注销（迁出）原因" in text


async def test_second_query_is_refused_by_the_state_machine_art9(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    created = await register(client, officer, make_application([pick("registered", "mudanjiang")]))
    first = await client.post(f"/v1/applications/{created['id']}/query", headers=officer)
    assert first.status_code == 200
    again = await client.post(f"/v1/applications/{created['id']}/query", headers=officer)
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert again.json()["allowed"] == ["print"]


async def test_reprint_needs_a_reason_and_every_print_is_counted_art9(
    client: httpx.AsyncClient, officer: dict, supervisor: dict, pick: Any, make_application: Any
) -> None:
    created = await register(client, officer, make_application([pick("registered", "mudanjiang")]))
    app_id = created["id"]
    await client.post(f"/v1/applications/{app_id}/query", headers=officer)
    first = await client.post(f"/v1/applications/{app_id}/result.pdf", headers=officer)
    assert first.status_code == 200
    bare = await client.post(f"/v1/applications/{app_id}/result.pdf", headers=officer)
    assert bare.status_code == 422 and bare.json()["code"] == "reprint_reason_required"
    second = await client.post(
        f"/v1/applications/{app_id}/result.pdf", json={"reason": "原件污损"}, headers=officer
    )
    assert second.status_code == 200
    assert "补打" in pdf_text(second.content)
    fetched = (await client.get(f"/v1/applications/{app_id}", headers=officer)).json()
    assert fetched["print_count"] == 2
    entries = (
        await client.get("/v1/audit", params={"entity_id": app_id}, headers=supervisor)
    ).json()["items"]
    actions = [e["action"] for e in entries]
    assert actions == ["register_accepted", "registry_query", "print_result", "reprint_result"]
    assert entries[-1]["reason"] == "原件污损" and entries[-1]["officer_id"] == "officer-0001"


@pytest.mark.parametrize(
    ("scope", "kind", "region", "matter", "fields"),
    [
        ("province", "registered", "province", "arbitration", 8),  # art. 4
        ("other_province", "registered", "other_province", "litigation", 3),  # art. 5
        ("floating", "floating", "mudanjiang", "non_litigation", 10),  # art. 11
    ],
)
async def test_result_holds_exactly_the_fields_of_the_scope_arts_4_5_11(
    client: httpx.AsyncClient,
    officer: dict,
    scope: str,
    kind: str,
    region: str,
    matter: str,
    fields: int,
    pick: Any,
    make_application: Any,
) -> None:
    citizen = pick(kind, region)
    body = make_application([citizen], scope=scope, matter_type=matter)
    created = await register(client, officer, body)
    assert created["status"] == "accepted", created["reasons"]
    answer = (await client.post(f"/v1/applications/{created['id']}/query", headers=officer)).json()
    assert answer["persons"][0]["outcome"] == "found"
    assert len(answer["persons"][0]["fields"]) == fields
    if scope == "other_province":
        assert set(answer["persons"][0]["fields"]) == {
            "registered_address",
            "photo",
            "registration_station",
        }
    printed = await client.post(f"/v1/applications/{created['id']}/result.pdf", headers=officer)
    text = pdf_text(printed.content)
    labels = {code: load_refdata().field_label(code) for code in TEN if code != "photo"}
    printed_fields = {code for code, label in labels.items() if label in text}
    assert printed_fields == set(answer["persons"][0]["fields"]) - {"photo"}


async def test_record_outside_the_applied_scope_is_not_answered_arts_3_4(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    harbin_person = pick("registered", "province")
    created = await register(client, officer, make_application([harbin_person], scope="mudanjiang"))
    answer = (await client.post(f"/v1/applications/{created['id']}/query", headers=officer)).json()
    assert answer["persons"] == [{"position": 1, "outcome": "not_found", "fields": None}]


async def test_refused_application_is_kept_with_every_reason_and_a_notice_art8(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    citizen = pick("registered", "other_province")
    body = make_application(
        [citizen], scope="other_province", matter_type="arbitration", lawyer=HARBIN_LAWYER
    )
    body["persons"][0]["id_number"] = None
    body["materials"] = [m for m in body["materials"] if m["kind"] != "power_of_attorney"]
    created = await register(client, officer, body)
    assert created["status"] == "refused"
    codes = sorted(r["code"] for r in created["reasons"])
    assert codes == [
        "firm_outside_mudanjiang",
        "id_number_missing",
        "matter_type_not_allowed",
        "missing_material",
    ]
    assert created["allowed_fields"] == [] and created["allowed_actions"] == []
    kept = await client.get(f"/v1/applications/{created['id']}", headers=officer)
    assert kept.json()["status"] == "refused"
    query = await client.post(f"/v1/applications/{created['id']}/query", headers=officer)
    assert query.status_code == 409 and query.json()["allowed"] == []
    notice = await client.post(
        f"/v1/applications/{created['id']}/refusal-notice.pdf", headers=officer
    )
    assert notice.status_code == 200
    text = pdf_text(notice.content)
    assert "不予受理告知书" in text and "代理授权委托书" in text and "第五条" in text


async def test_certificate_not_valid_at_the_bar_registry_is_refused_art7(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    statuses = []
    for lawyer in (SUSPENDED_LAWYER, REVOKED_LAWYER, "19999999999999999"):
        body = make_application([pick("registered", "mudanjiang")], lawyer=lawyer)
        created = await register(client, officer, body)
        assert created["status"] == "refused"
        assert [r["code"] for r in created["reasons"]] == ["certificate_invalid"]
        statuses.append(created["certificate"]["status"])
    assert statuses == ["suspended", "revoked", "not_found"]


async def test_person_not_named_in_the_letter_is_refused_art6(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    named, other = pick("registered", "mudanjiang"), pick("registered", "mudanjiang", 1)
    body = make_application([named, other])
    body["materials"][1]["named_persons"] = [named.name]
    created = await register(client, officer, body)
    assert created["status"] == "refused"
    assert [r["code"] for r in created["reasons"]] == ["person_not_named_in_letter"]
    assert other.name not in str(created)


async def test_station_without_household_registration_refuses_art2(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    body = make_application([pick("registered", "mudanjiang")], station_code="231002-TP01")
    created = await register(client, officer, body)
    assert [r["code"] for r in created["reasons"]] == ["station_not_accepting"]


async def test_withdraw_before_the_query_then_nothing_more(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    created = await register(client, officer, make_application([pick("registered", "mudanjiang")]))
    app_id = created["id"]
    withdrawn = await client.post(
        f"/v1/applications/{app_id}/withdraw", json={"reason": "律师撤回"}, headers=officer
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    query = await client.post(f"/v1/applications/{app_id}/query", headers=officer)
    assert query.status_code == 409


async def test_two_people_of_that_name_answer_nothing_without_the_id_number(
    app_and_client: Any, officer: dict, pick: Any, make_application: Any, seed_people: Any
) -> None:
    app, client = app_and_client
    citizen = pick("registered", "mudanjiang", 5)
    namesake = dataclasses.replace(
        pick("registered", "mudanjiang", 6), name=citizen.name, registered_address="演示同名"
    )
    seed_people(app, [namesake])
    created = await register(client, officer, make_application([citizen], with_id=False))
    answer = (await client.post(f"/v1/applications/{created['id']}/query", headers=officer)).json()
    assert answer["persons"] == [{"position": 1, "outcome": "ambiguous", "fields": None}]


async def test_out_of_province_needs_name_and_id_of_the_same_person_art5(
    client: httpx.AsyncClient, officer: dict, pick: Any, make_application: Any
) -> None:
    citizen, other = pick("registered", "other_province"), pick("registered", "other_province", 1)
    body = make_application([citizen], scope="other_province")
    body["persons"][0]["id_number"] = other.id_number  # a real number, of someone else
    created = await register(client, officer, body)
    assert created["status"] == "accepted"
    answer = (await client.post(f"/v1/applications/{created['id']}/query", headers=officer)).json()
    assert answer["persons"][0]["outcome"] == "not_found"


async def test_list_matches_divisions_exactly_like_covers_issue14(
    client: httpx.AsyncClient, officer: dict, identity: Any, pick: Any, make_application: Any
) -> None:
    """A jurisdiction ``2310`` (a prefix, not a division) used to list the whole city."""
    dongan = await register(client, officer, make_application([pick("registered", "mudanjiang")]))

    def lister(*codes: str) -> dict[str, str]:
        return identity.headers("lawyer-query", ["lawyer-query:read"], jurisdiction=list(codes))

    async def listed(*codes: str) -> set[str]:
        answer = await client.get("/v1/applications", headers=lister(*codes))
        assert answer.status_code == 200, answer.text
        return {item["id"] for item in answer.json()["items"]}

    assert dongan["id"] not in await listed("2310")
    assert dongan["id"] not in await listed("23")
    assert dongan["id"] not in await listed("231003")
    assert dongan["id"] in await listed("231002")
    assert dongan["id"] in await listed("231000")  # the city's own code covers its divisions
    for codes, visible in ((("2310",), False), (("231002",), True)):
        one = await client.get(f"/v1/applications/{dongan['id']}", headers=lister(*codes))
        assert (one.status_code == 200) is visible  # the list agrees with the single read
