"""Synthetic demo data for `make run`: outfalls over every jurisdiction and state.

Everything is made up (names, codes, coordinates near each county seat); it goes through
the real use cases, so codes, audit entries and summaries are what the API would produce.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from outfall import service
from outfall.lifecycle import service as lifecycle
from outfall.lifecycle.schemas import (
    CompletionIn,
    RemediationIn,
    RiverChiefIn,
    StandardizationIn,
    SurveyIn,
    TraceIn,
)
from outfall.models import Outfall
from outfall.monitoring import service as monitoring
from outfall.monitoring.schemas import RapidTestIn
from outfall.rules.categories import categories
from outfall.schemas import AttachmentIn, OutfallCreate
from suitekit.identity import Caller

SEED_CALLER = Caller(
    client_id="demo-seed", scopes=frozenset({"outfall:write"}), jurisdiction=("*",)
)
CENTRES = {
    "231002": (129.62, 44.58),
    "231003": (129.65, 44.60),
    "231004": (129.59, 44.60),
    "231005": (129.61, 44.57),
    "231025": (130.27, 45.28),
    "231081": (131.15, 44.41),
    "231083": (129.38, 44.59),
    "231084": (129.48, 44.34),
    "231085": (130.52, 44.92),
    "231086": (131.12, 44.06),
    "KFQ": (129.70, 44.55),
    "JPH": (128.95, 43.88),
}
WATERS = [
    ("牡丹江", "MDJ01"),
    ("海浪河", "HLH01"),
    ("绥芬河", "SFH01"),
    ("穆棱河", "MLH01"),
    ("镜泊湖", "JPH01"),
    ("乌斯浑河", "WSH01"),
]
# the state each demo outfall is driven to, in turn
TARGETS = [
    "discovered",
    "confirmed",
    "traced",
    "remediation_planned",
    "remediated",
    "standardized",
    "closed",
    "dismissed",
    "standardized",
]
START = datetime(2022, 6, 16, 9, 0, tzinfo=UTC)
HARDWARE = ["monitoring_point", "signboard", "video_monitoring"]
EVIDENCE = [AttachmentIn(file_name="after.jpg", sha256="0" * 64)]


def _register(session: Session, rng: random.Random, code: str, index: int) -> Outfall:
    lon, lat = CENTRES[code]
    water, water_code = rng.choice(WATERS)
    category = rng.choice(list(categories().values()))
    subtype = rng.choice(category.subtypes)
    data = OutfallCreate(
        survey_level=1,
        survey_method=rng.choice(["drone_remote_sensing", "unmanned_boat"]),
        surveyed_at=START + timedelta(hours=index),
        jurisdiction_code=code,
        water_body_name=water,
        water_body_code=water_code,
        location_name=f"示例{index:02d}号",
        longitude=round(lon + rng.uniform(-0.05, 0.05), 5),
        latitude=round(lat + rng.uniform(-0.05, 0.05), 5),
        category=category.code,
        subtype=subtype.code,
        remarks="演示数据（虚构）",
    )
    return service.register_outfall(session=session, data=data, caller=SEED_CALLER)


def _test(session: Session, outfall: Outfall, day: int, cod: float) -> None:
    data = RapidTestIn(
        ph=7.1,
        cod_mg_l=cod,
        nh3n_mg_l=1.2,
        tp_mg_l=0.2,
        flow_m3_d=80,
        flow_method="volumetric",
        sampled_at=START + timedelta(days=day),
        sampler="演示采样员",
    )
    monitoring.record_rapid_test(
        session=session, outfall_id=outfall.id, data=data, caller=SEED_CALLER
    )


def _drive(session: Session, outfall: Outfall, target: str, index: int) -> None:
    ids = {"session": session, "outfall_id": outfall.id, "caller": SEED_CALLER}
    if target == "discovered":
        return
    outcome = "dismiss" if target == "dismissed" else "confirm"
    lifecycle.record_survey(
        **ids,
        data=SurveyIn(
            level=2,
            method="manual_field_check",
            outcome=outcome,
            surveyed_at=START + timedelta(days=2),
            reason="现场核实" if outcome == "dismiss" else None,
        ),
    )
    if target in ("confirmed", "dismissed"):
        return
    lifecycle.trace(
        **ids, data=TraceIn(basis="jurisdiction_fallback", reason="演示：溯源后无法确定排污单位")
    )
    lifecycle.assign_river_chief(
        **ids,
        data=RiverChiefIn(name=f"河长{index:02d}", level="county", river_section="演示河段"),
        check_version=lambda _v: None,
    )
    if target == "standardized" and index % 2:
        _test(session, outfall, 5, 30)
        lifecycle.standardize(
            **ids, data=StandardizationIn(hardware=HARDWARE, software=["ledger"], paper_ledger=True)
        )
        return
    if target == "traced":
        _test(session, outfall, 5, 160)
        _test(session, outfall, 6, 150)
        return
    plan = "close" if target == "closed" else "rectify"
    lifecycle.plan_remediation(
        **ids, data=RemediationIn(type=plan, plan="演示整治方案", deadline=date(2022, 8, 31))
    )
    if target == "remediation_planned":
        return
    lifecycle.complete_remediation(
        **ids, data=CompletionIn(note="演示：整治完成", evidence=EVIDENCE)
    )
    if target == "standardized":
        lifecycle.standardize(**ids, data=StandardizationIn(hardware=HARDWARE, paper_ledger=True))


def seed_demo(session: Session) -> None:
    if session.exec(select(Outfall).limit(1)).first() is not None:
        return
    rng = random.Random(2022)
    index = 0
    for code in CENTRES:
        for _ in range(3):
            outfall = _register(session, rng, code, index)
            _drive(session, outfall, TARGETS[index % len(TARGETS)], index)
            index += 1
