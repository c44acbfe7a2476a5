"""lawyer-query end to end through the gateway, every process real (issue 8).

The registry holds the synthetic demo people of `seed-demo` (seeded RNG, never real people);
the test regenerates the same list to know whom to ask for.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from lawyer_query.demo import DEMO_LAWYERS
from lawyer_query.registry.synthetic import SyntheticPerson, generate_people
from lawyer_query.settings import Settings

BASE = "/lawyer-query/v1"
VALID_LAWYER = DEMO_LAWYERS[0][0]
REVOKED_LAWYER = DEMO_LAWYERS[3][0]


def demo_person(kind: str, region: str) -> SyntheticPerson:
    people = generate_people(40, seed=Settings().demo_seed)
    return next(p for p in people if p.kind == kind and p.region == region)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def body(
    name: str, id_number: str, *, lawyer: str = VALID_LAWYER, scope: str = "mudanjiang"
) -> dict[str, Any]:
    return {
        "station_code": "231002-PS01",
        "lawyer_certificate_no": lawyer,
        "matter_type": "litigation",
        "scope": scope,
        "purpose": "演示合同纠纷案",
        "materials": [
            {"kind": "application_form", "sha256": sha("form")},
            {
                "kind": "introduction_letter",
                "sha256": sha("letter"),
                "sealed": True,
                "states_purpose": True,
                "named_persons": [name],
            },
            {"kind": "power_of_attorney", "sha256": sha("poa")},
            {"kind": "practising_certificate", "sha256": sha("cert")},
            {"kind": "practising_certificate_copy", "sha256": sha("copy")},
        ],
        "persons": [{"name": name, "id_number": id_number}],
    }


def test_station_registers_queries_and_prints_supervisor_verifies(
    suite, gateway: httpx.Client
) -> None:
    officer = {
        **suite.headers(["lawyer-query:process"], ["231002"]),
        "X-Officer-Id": "it-officer-1",
    }
    supervisor = suite.headers(["lawyer-query:supervise"])
    reader = suite.headers(["lawyer-query:read"])
    citizen = demo_person("registered", "other_province")

    created = gateway.post(
        f"{BASE}/applications",
        json=body(citizen.name, citizen.id_number, scope="other_province"),
        headers=officer,
    )
    assert created.status_code == 201, created.text
    application = created.json()
    assert application["status"] == "accepted"
    assert application["allowed_fields"] == ["registered_address", "photo", "registration_station"]

    assert (
        gateway.post(f"{BASE}/applications/{application['id']}/query", headers=reader).status_code
        == 403
    )
    answer = gateway.post(f"{BASE}/applications/{application['id']}/query", headers=officer)
    assert answer.status_code == 200, answer.text
    person = answer.json()["persons"][0]
    assert person["outcome"] == "found"
    assert person["fields"]["registered_address"] == citizen.registered_address
    assert set(person["fields"]) == {"registered_address", "photo", "registration_station"}

    assert answer.headers["cache-control"] == "no-store"  # the JSON answer carries registry data
    result = f"{BASE}/applications/{application['id']}/result.pdf"
    assert gateway.get(result, headers=officer).status_code == 405  # printing changes state
    keyed = {**officer, "Idempotency-Key": f"print-{application['id']}"}
    printed = gateway.post(result, headers=keyed)
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    assert printed.headers["cache-control"] == "no-store"
    retried = gateway.post(result, headers=keyed)  # a retry of the same print: the same copy
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.content == printed.content
    reprint = gateway.post(result, headers=officer)  # another print needs a reason
    assert reprint.status_code == 422
    assert reprint.headers["content-type"].startswith("application/problem+json")
    missing = gateway.get(f"{BASE}/applications/{citizen.id_number}", headers=officer)
    assert missing.status_code == 404 and citizen.id_number not in missing.text

    seen = gateway.get(f"{BASE}/applications/{application['id']}", headers=reader).json()
    assert citizen.registered_address not in str(seen) and seen["print_count"] == 1

    verify = gateway.get(f"{BASE}/audit/verify", headers=supervisor).json()
    assert verify["ok"] is True and verify["entries"] >= 3
    accesses = gateway.get(
        f"{BASE}/audit/accesses",
        params={"application_id": application["id"]},
        headers=supervisor,
    ).json()["items"]
    assert [a["officer_id"] for a in accesses] == ["it-officer-1"]


def test_revoked_certificate_is_refused_with_a_notice(suite, gateway: httpx.Client) -> None:
    officer = {
        **suite.headers(["lawyer-query:process"], ["231002"]),
        "X-Officer-Id": "it-officer-2",
    }
    citizen = demo_person("registered", "mudanjiang")
    created = gateway.post(
        f"{BASE}/applications",
        json=body(citizen.name, citizen.id_number, lawyer=REVOKED_LAWYER),
        headers=officer,
    ).json()
    assert created["status"] == "refused"
    assert [r["code"] for r in created["reasons"]] == ["certificate_invalid"]
    notice = gateway.post(
        f"{BASE}/applications/{created['id']}/refusal-notice.pdf", headers=officer
    )
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF")
