"""The outfall's public page (the signboard QR code's target, §六(七) 通过标识牌、网络媒体等
渠道主动向社会公开排污口相关信息): which fields are public, and building them from the register.

``PUBLIC_FIELDS`` is the one list of what the page shows; the HTML and the JSON both follow it,
and a test compares each with it. Nothing about the polluter's contact, credit code or the
register's internal state is on it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlmodel import Session, col, select

from outfall.models import Outfall, WaterTest
from outfall.public.service import jurisdiction_name, public_url, supervising_bureau
from outfall.reference import load
from outfall.rules.categories import categories
from suitekit.timeutil import as_aware

# (key, label) in the order the page shows them
PUBLIC_FIELDS: tuple[tuple[str, str], ...] = (
    ("code", "排污口编码"),
    ("name", "排污口名称"),
    ("jurisdiction", "所在县（市）区"),
    ("place", "位置"),
    ("water_body", "受纳水体"),
    ("category", "排污口类型"),
    ("responsible_party", "责任主体"),
    ("supervising_bureau", "监督管理部门"),
    ("river_chief", "河长"),
    ("remediation_status", "整治状态"),
    ("remediation_deadline", "整治期限"),
    ("latest_monitoring", "最近一次监测"),
    ("supervision_phone", "监督举报电话"),
)

MUDANJIANG = ZoneInfo("Asia/Shanghai")


def local_date(moment: datetime) -> date:
    return as_aware(moment).astimezone(MUDANJIANG).date()


CHIEF_LEVELS = {"city": "市级", "county": "县级", "town": "乡级", "village": "村级"}


class OutfallPublicPage(BaseModel):
    code: str
    name: str
    jurisdiction: str
    place: str
    water_body: str
    category: str | None
    responsible_party: str | None
    supervising_bureau: str
    river_chief: str | None
    remediation_status: str
    remediation_deadline: date | None
    latest_monitoring: str | None
    supervision_phone: str
    longitude: float
    latitude: float
    public_url: str


def category_name(outfall: Outfall) -> str | None:
    category = categories().get(outfall.category or "")
    return category.name_zh if category else None


def river_chief(outfall: Outfall) -> str | None:
    if not outfall.river_chief_name:
        return None
    level = CHIEF_LEVELS.get(outfall.river_chief_level or "", outfall.river_chief_level or "")
    section = f"，负责{outfall.river_section}" if outfall.river_section else ""
    return (
        f"{outfall.river_chief_name}（{level}河长{section}）"
        if level
        else (f"{outfall.river_chief_name}{section}")
    )


def remediation_status(outfall: Outfall) -> str:
    labels = {t["key"]: t["label_zh"] for t in load("remediation")["types"]}
    kind = labels.get(outfall.remediation_type or "")
    if kind is None:
        return "无需整治（已规范化建设）"
    if outfall.remediated_at is not None:
        return f"{kind}，已于{local_date(outfall.remediated_at).isoformat()}完成"
    return f"{kind}，整治中"


def latest_monitoring(session: Session, outfall: Outfall) -> str | None:
    test = session.exec(
        select(WaterTest)
        .where(WaterTest.outfall_id == outfall.id)
        .order_by(col(WaterTest.sampled_at).desc())
        .limit(1)
    ).first()
    if test is None:
        return None
    kind = "现场快速检测" if test.kind == "rapid" else "实验室检测"
    verdict = (
        "有指标超过排放限值" if test.exceeds else ("发现异常" if test.abnormal else "未发现异常")
    )
    return f"{local_date(test.sampled_at).isoformat()} {kind}：{verdict}"


def build_page(
    session: Session, outfall: Outfall, *, base: str, supervision_phone: str
) -> OutfallPublicPage:
    return OutfallPublicPage(
        code=outfall.code,
        name=outfall.name,
        jurisdiction=jurisdiction_name(session, outfall.jurisdiction_code),
        place=outfall.address or f"东经{outfall.longitude}°，北纬{outfall.latitude}°",
        water_body=outfall.water_body_name,
        category=category_name(outfall),
        responsible_party=outfall.party_name,
        supervising_bureau=supervising_bureau(outfall),
        river_chief=river_chief(outfall),
        remediation_status=remediation_status(outfall),
        remediation_deadline=outfall.remediation_deadline,
        latest_monitoring=latest_monitoring(session, outfall),
        supervision_phone=supervision_phone,
        longitude=outfall.longitude,
        latitude=outfall.latitude,
        public_url=public_url(base, outfall.code),
    )


def shown_rows(page: OutfallPublicPage) -> list[tuple[str, object, str]]:
    """(label, value, key) in the order of PUBLIC_FIELDS, for the template."""
    return [(label, getattr(page, key), key) for key, label in PUBLIC_FIELDS]
