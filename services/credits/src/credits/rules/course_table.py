"""The course table (附件1 表1-表7, 附件4 一1) as typed, immutable data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

# 附件1 一(二): 18 periods of 45 minutes make one credit; 35 periods a week.
PERIODS_PER_CREDIT: Final = 18
PERIODS_PER_WEEK: Final = 35
MINUTES_PER_PERIOD: Final = 45
# 附件1 一(四): a module is 18 periods or a multiple of 18.
MODULE_PERIOD_UNIT: Final = 18
# 附件3 四(一)2: each term has two segments of 10 weeks (9 teaching + 1 review/exam).
WEEKS_PER_SEGMENT: Final = 10
TEACHING_WEEKS_PER_SEGMENT: Final = 9
SEGMENTS_PER_TERM: Final = 2
TERMS_PER_YEAR: Final = 2
SCHOOL_YEARS: Final = 3


class Category(StrEnum):
    compulsory = "compulsory"  # 必修
    selective = "selective_compulsory"  # 选择性必修
    elective = "elective"  # 选修 (校本)


class SchoolType(StrEnum):
    ordinary = "ordinary"
    provincial_model = "provincial_model"  # 省级示范性高中
    korean_ethnic = "korean_ethnic"  # 朝鲜族高中


class ArtsMode(StrEnum):
    """附件1 一(四): 艺术 may replace 音乐 + 美术 and vice versa; the school decides."""

    music_and_fine_art = "music_and_fine_art"
    combined = "combined"


@dataclass(frozen=True, slots=True)
class ContentItem:
    name: str
    credits: Decimal
    extension: bool = False  # 学科拓展、提高类 (electives only)
    series: str | None = None  # PE compulsory series / 通用技术 series
    labour_eligible: bool = False  # one of the 11 通用技术 selective modules (附件4 二(二)3)
    ice_snow: bool = False  # 表6 注: an ice/snow sports credit is recommended


@dataclass(frozen=True, slots=True)
class Subject:
    code: str
    name: str
    table: str
    compulsory: Decimal
    range_group: str
    selective_max: Decimal
    elective_max: Decimal | None  # None: no cap (校本课程)
    variant: str  # all / standard / korean / arts_split / arts_combined / activity
    items: dict[Category, tuple[ContentItem, ...]]


def module_periods(credits: Decimal) -> int:
    """附件1 一(二): 18 periods = 1 credit."""
    return int(credits * PERIODS_PER_CREDIT)


def is_valid_module_periods(periods: int) -> bool:
    """附件1 一(四): a module is 18 periods, or a multiple of 18 (half credits allowed)."""
    return periods > 0 and periods % (MODULE_PERIOD_UNIT // 2) == 0


def subject_from_json(raw: dict) -> Subject:
    def parse(entries: list[dict]) -> tuple[ContentItem, ...]:
        return tuple(
            ContentItem(
                name=e["name"],
                credits=Decimal(e["credits"]),
                extension=bool(e.get("extension", False)),
                series=e.get("series"),
                labour_eligible=bool(e.get("labour_eligible", False)),
                ice_snow=bool(e.get("ice_snow", False)),
            )
            for e in entries
        )

    elective_max = raw.get("elective_max")
    return Subject(
        code=raw["code"],
        name=raw["name"],
        table=raw["table"],
        compulsory=Decimal(raw["compulsory"]),
        range_group=raw["range_group"],
        selective_max=Decimal(raw["selective_max"]),
        elective_max=None if elective_max is None else Decimal(elective_max),
        variant=raw["variant"],
        items={
            Category.compulsory: parse(raw["compulsory_items"]),
            Category.selective: parse(raw["selective_items"]),
            Category.elective: parse(raw["elective_items"]),
        },
    )


def subjects_for_school(
    subjects: list[Subject], school_type: SchoolType, arts_mode: ArtsMode
) -> list[Subject]:
    """The subjects whose compulsory credits a student of this school must earn.

    附件1 一(五): Korean-ethnic schools teach 朝语文 and 汉语文 (8 each) instead of 语文.
    """
    korean = school_type is SchoolType.korean_ethnic
    arts_variant = "arts_combined" if arts_mode is ArtsMode.combined else "arts_split"
    kept: list[Subject] = []
    for subject in subjects:
        if subject.variant == "standard" and korean:
            continue
        if subject.variant == "korean" and not korean:
            continue
        if subject.variant in ("arts_split", "arts_combined") and subject.variant != arts_variant:
            continue
        kept.append(subject)
    return kept
