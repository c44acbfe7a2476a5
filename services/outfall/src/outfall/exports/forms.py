"""The three registration forms of §三4 as column definitions (header, value of a row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from outfall.exports.labels import (
    category_zh,
    local_time,
    remediation_zh,
    status_zh,
    survey_method_zh,
)
from outfall.models import Outfall


@dataclass(frozen=True)
class Lookups:
    """Names the forms show instead of internal ids."""

    jurisdictions: dict[str, str] = field(default_factory=dict)  # code -> name
    outfall_codes: dict[str, str] = field(default_factory=dict)  # id -> HJ 1235 code


Column = tuple[str, Callable[[Outfall, Lookups], Any]]


def _iso(value: Any) -> str:
    """Dates as ISO dates; times in Beijing time (the forms are read by people there)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return local_time(value)
    return value.isoformat()


COMMON: list[Column] = [
    ("排污口编码", lambda o, _j: o.code),
    ("排污口名称", lambda o, _j: o.name),
    (
        "所在县（市）区/管委会",
        lambda o, j: j.jurisdictions.get(o.jurisdiction_code, o.jurisdiction_code),
    ),
]

FORMS: dict[str, dict[str, Any]] = {
    "survey-results": {
        "title": "入河排污口排查成果登记表",
        "due_clause": "§三4 7月2日前",
        "columns": [
            *COMMON,
            ("受纳水体", lambda o, _j: o.water_body_name),
            ("受纳水体编码", lambda o, _j: o.water_body_code),
            ("经度", lambda o, _j: o.longitude),
            ("纬度", lambda o, _j: o.latitude),
            ("详细地址", lambda o, _j: o.address or ""),
            ("排查级别", lambda o, _j: o.survey_level),
            ("排查方式", lambda o, _j: survey_method_zh(o.survey_method)),
            ("排污口类型", lambda o, _j: category_zh(o.category)),
            ("排污口子类", lambda o, _j: category_zh(o.subtype)),
            ("状态", lambda o, _j: status_zh(o.status)),
            ("登记时间", lambda o, _j: _iso(o.created_at)),
        ],
        "where": None,
    },
    "tracing-results": {
        "title": "入河排污口溯源结果登记表",
        "due_clause": "§三4 7月16日前",
        "columns": [
            *COMMON,
            ("责任主体确定方式", lambda o, _j: o.party_basis),
            ("责任主体名称", lambda o, _j: o.party_name or ""),
            ("责任主体类型", lambda o, _j: o.party_type or ""),
            ("统一社会信用代码", lambda o, _j: o.party_uscc or ""),
            ("联系方式", lambda o, _j: o.party_contact or ""),
            ("排污通道", lambda o, _j: o.discharge_channel or ""),
            ("排污单位", lambda o, _j: o.discharging_unit or ""),
            ("说明", lambda o, _j: o.party_reason or ""),
            ("溯源时间", lambda o, _j: _iso(o.traced_at)),
        ],
        "where": lambda: Outfall.party_basis.is_not(None),
    },
    "remediation-information": {
        "title": "入河排污口整治信息表",
        "due_clause": "§三4 9月1日前",
        "columns": [
            *COMMON,
            ("整治类型", lambda o, _j: remediation_zh(o.remediation_type)),
            ("完成时限", lambda o, _j: _iso(o.remediation_deadline)),
            # the merge target by its outfall code, never the internal id (issue 16)
            ("合并至排污口编码", lambda o, j: j.outfall_codes.get(o.merge_into_id or "", "")),
            ("状态", lambda o, _j: status_zh(o.status)),
            ("完成时间", lambda o, _j: _iso(o.remediated_at)),
            ("河湖长", lambda o, _j: o.river_chief_name or ""),
            ("河段", lambda o, _j: o.river_section or ""),
        ],
        "where": lambda: Outfall.remediation_type.is_not(None),
    },
}
