"""Chinese labels for the codes that forms and spreadsheets show, and local (Beijing) time.

Codes stay in the API; people reading a form see the gazette's words. Labels not listed fall
back to the code itself, so a new code never breaks an export.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from outfall.reference import load

LOCAL_TIME = ZoneInfo("Asia/Shanghai")

STATUS_ZH = {
    "discovered": "已发现（待核实）",
    "confirmed": "已确认",
    "dismissed": "已排除",
    "traced": "已溯源",
    "remediation_planned": "整治中",
    "remediated": "已整改",
    "closed": "已取缔关闭",
    "merged": "已清理合并",
    "standardized": "已规范化",
}

SURVEY_METHOD_ZH = {
    "drone_remote_sensing": "无人机遥感",
    "satellite_remote_sensing": "卫星遥感",
    "unmanned_boat": "无人船",
    "robot": "机器人",
    "records": "资料查阅",
    "manual_field_check": "人工现场排查",
    "pipeline_survey": "管线排查",
    "underwater_detection": "水下探测",
    "water_surface_survey": "水面巡查",
}


@cache
def _category_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for category in load("categories")["categories"]:
        names[category["code"]] = category["name_zh"]
        for subtype in category.get("subtypes", []):
            names[subtype["code"]] = subtype["name_zh"]
    return names


@cache
def _remediation_names() -> dict[str, str]:
    return {t["key"]: t["label_zh"] for t in load("remediation")["types"]}


def status_zh(code: str | None) -> str:
    return STATUS_ZH.get(code or "", code or "")


def category_zh(code: str | None) -> str:
    return _category_names().get(code or "", code or "")


def survey_method_zh(code: str | None) -> str:
    return SURVEY_METHOD_ZH.get(code or "", code or "")


def remediation_zh(code: str | None) -> str:
    return _remediation_names().get(code or "", code or "")


def local_time(value: datetime | None) -> str:
    """``2022-06-18 09:30`` in Asia/Shanghai; naive values are UTC as stored."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")
