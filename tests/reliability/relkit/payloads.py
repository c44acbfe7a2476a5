"""Valid creation payloads for the services without demo records of their own.

Written against the services' schemas of the day; `seed` reports which ones the suite accepted,
so a payload that went stale shows up as a named gap in the figures, not as a silent pass.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from stdnum.cn import uscc

COUNTIES = ("231002", "231003", "231004", "231005", "231025", "231081", "231083", "231084")
OFFICER = {"X-Officer-Id": "officer-rel-0001"}
PEOPLE_USED = 4  # registry people named in lawyer-query calls (the log scan looks for them)
VALID_LAWYER = "12310201810000001"  # a 牡丹江 firm of lawyer_query.demo's bar registry


def outfall(jurisdiction: str = "231002", **overrides: Any) -> dict[str, Any]:
    return {
        "survey_level": 1,
        "survey_method": "drone_remote_sensing",
        "surveyed_at": "2022-06-18T09:30:00+08:00",
        "location_name": f"可靠性测试点{uuid.uuid4().hex[:6]}",
        "jurisdiction_code": jurisdiction,
        "water_body_name": "牡丹江",
        "water_body_code": "MDJ01",
        "longitude": 129.63,
        "latitude": 44.55,
        "category": "industrial",
        **overrides,
    }


def credit_code(seed: int) -> str:
    body = f"91{231002 + (seed % 7):06d}MA{seed % 10_000_000:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def lab(seed: int, jurisdiction: str = "231000", **overrides: Any) -> dict[str, Any]:
    return {
        "name": f"可靠性检测中心{seed}",
        "uscc": credit_code(seed),
        "jurisdiction_code": jurisdiction,
        "contract_start": "2022-01-01",
        "contract_end": "2030-12-31",
        "contract_fee": "480000.00",
        "capacity": 10,
        "scope": [
            {"food_category": "dairy", "test_item": "aflatoxin_m1"},
            {"food_category": "dairy", "test_item": "melamine"},
        ],
        **overrides,
    }


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def lawyer_application(names: list[str], id_numbers: list[str]) -> dict[str, Any]:
    letter = {"sealed": True, "states_purpose": True, "named_persons": names}
    return {
        "station_code": "231002-PS01",
        "lawyer_certificate_no": VALID_LAWYER,
        "matter_type": "litigation",
        "scope": "mudanjiang",
        "purpose": "可靠性测试民间借贷纠纷案",
        "materials": [
            {"kind": "application_form", "sha256": _sha("form")},
            {"kind": "introduction_letter", "sha256": _sha("letter"), **letter},
            {"kind": "power_of_attorney", "sha256": _sha("poa")},
            {"kind": "practising_certificate", "sha256": _sha("cert")},
            {"kind": "practising_certificate_copy", "sha256": _sha("copy"), "filename": "c.pdf"},
        ],
        "persons": [{"name": n, "id_number": i} for n, i in zip(names, id_numbers, strict=True)],
    }


def demo_people(count: int = 3) -> list[tuple[str, str]]:
    """(name, id number) of people in lawyer-query's demo registry (its seed-demo settings)."""
    try:
        from lawyer_query.registry.synthetic import generate_people
        from lawyer_query.settings import Settings
    except ImportError:
        return []
    defaults = Settings.model_fields
    people = generate_people(
        int(defaults["demo_people"].default), seed=int(defaults["demo_seed"].default)
    )
    return [(p.name, p.id_number) for p in people][:count]
