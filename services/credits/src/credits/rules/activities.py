"""Comprehensive practice and labour credits (附件1 一(五); 附件4 二(二)2-3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

# 附件4 二(二)2(1): each completed research project or design earns 3 credits ...
RESEARCH_CREDITS_PER_PROJECT: Final = Decimal(3)
# ... at most 6 over three years, from at least 2 projects.
RESEARCH_CREDITS_CAP: Final = Decimal(6)
RESEARCH_MIN_PROJECTS: Final = 2
# 附件4 二(二)2(2): social practice, >= 40 hours over three years, 2 credits.
SOCIAL_PRACTICE_MIN_HOURS: Final = Decimal(40)
SOCIAL_PRACTICE_CREDITS: Final = Decimal(2)
# 附件4 二(二)3(1): volunteer service outside class time, >= 40 hours, 2 credits.
VOLUNTEER_MIN_HOURS: Final = Decimal(40)
VOLUNTEER_CREDITS: Final = Decimal(2)
# 附件4 二(二)3: the other 4 labour credits come from 2 of the 11 通用技术 selective modules.
LABOUR_TECH_CREDITS: Final = Decimal(4)
LABOUR_TECH_MODULES: Final = 2


class ActivityKind(StrEnum):
    research_project = "research_project"  # 研究性学习 课题研究或项目设计
    social_practice = "social_practice"  # 社会实践 (党团活动、军训、社会考察)
    volunteer_service = "volunteer_service"  # 志愿服务


@dataclass(frozen=True, slots=True)
class ResearchEvidence:
    """附件4 二(二)2(1)①-④: the four pieces a project's credit rests on."""

    proposal: bool  # 开题报告和研究方案
    records: bool  # 研究的记录
    materials: bool  # 收集材料及加工处理资料的记录
    outcome: bool  # 研究成果

    def missing(self) -> list[str]:
        return [
            name
            for name in ("proposal", "records", "materials", "outcome")
            if not getattr(self, name)
        ]


@dataclass(frozen=True, slots=True)
class HoursEntry:
    hours: Decimal
    outside_class_time: bool = True
    host_confirmed: bool = True


def research_credits(completed_projects: int) -> Decimal:
    """3 credits per completed project, capped at 6."""
    if completed_projects < 0:
        raise ValueError("project count can't be negative")
    return min(RESEARCH_CREDITS_PER_PROJECT * completed_projects, RESEARCH_CREDITS_CAP)


def research_requirement_met(completed_projects: int) -> bool:
    return completed_projects >= RESEARCH_MIN_PROJECTS


def social_practice_hours(entries: Iterable[HoursEntry]) -> Decimal:
    return sum((e.hours for e in entries), Decimal(0))


def volunteer_hours(entries: Iterable[HoursEntry]) -> Decimal:
    """Only hours outside class time, confirmed by the host organisation, count."""
    return sum((e.hours for e in entries if e.outside_class_time and e.host_confirmed), Decimal(0))


def social_practice_credits(hours: Decimal) -> Decimal:
    return SOCIAL_PRACTICE_CREDITS if hours >= SOCIAL_PRACTICE_MIN_HOURS else Decimal(0)


def volunteer_credits(hours: Decimal) -> Decimal:
    return VOLUNTEER_CREDITS if hours >= VOLUNTEER_MIN_HOURS else Decimal(0)
