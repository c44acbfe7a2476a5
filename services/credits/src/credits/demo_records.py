"""A student's full three-year record that meets the graduation rules exactly.

Used by the demo data, the tests and the benchmark; built from the course table.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from credits.rules.course_table import ArtsMode, Category, ContentItem, SchoolType, Subject
from credits.rules.course_table import subjects_for_school as plan_subjects
from credits.rules.graduation import CreditItem

STANDARD_SELECTIVE = {"YW": 6, "SX": 6, "WY": 8, "WL": 6, "HX": 6, "SW": 6, "XX": 4}
KOREAN_SELECTIVE = {"HYW": 6, "CYW": 1, "SX": 6, "WY": 8, "WL": 6, "HX": 6, "SW": 6, "XX": 2}
STANDARD_ELECTIVE = {"XB": 8, "YW": 6}  # 8 non-extension + 6 extension = 14
KOREAN_ELECTIVE = {"XB": 4, "CYW": 3}  # 7


def _module_item(
    prefix: str, subject: Subject, category: Category, item: ContentItem, index: int
) -> CreditItem:
    return CreditItem(
        source_id=f"{prefix}{subject.code}-{category.value[:3]}-{index}",
        source_kind="module",
        subject_code=subject.code,
        category=category,
        credits=item.credits,
        name=item.name,
        extension=item.extension,
        series=item.series,
        labour_eligible=item.labour_eligible,
        ice_snow=item.ice_snow,
    )


def _take(
    prefix: str, subject: Subject, category: Category, amount: Decimal, skip: int = 0
) -> Iterator[CreditItem]:
    taken = Decimal(0)
    for index, item in enumerate(subject.items[category]):
        if index < skip:
            continue
        if taken >= amount:
            return
        yield _module_item(prefix, subject, category, item, index)
        taken += item.credits


def complete_record(
    course_table: tuple[Subject, ...] | list[Subject],
    school_type: SchoolType = SchoolType.ordinary,
    prefix: str = "",
) -> list[CreditItem]:
    """88 (or 96) compulsory + the selective and elective credits: 144 in all."""
    subjects = {s.code: s for s in course_table}
    plan = plan_subjects(list(course_table), school_type, ArtsMode.music_and_fine_art)
    korean = school_type is SchoolType.korean_ethnic
    C, S, E = Category.compulsory, Category.selective, Category.elective
    items: list[CreditItem] = []
    for subject in plan:
        if subject.code == "TJ":
            items += _take(prefix, subject, C, Decimal(2))
            items += _take(prefix, subject, S, Decimal(10))
        elif subject.code == "MS":
            items += _take(prefix, subject, C, Decimal(1))
            items += _take(prefix, subject, S, Decimal(2))
        elif subject.code == "ZHSJ":
            items += [
                CreditItem(
                    f"{prefix}research-{n}",
                    "research_project",
                    "ZHSJ",
                    C,
                    Decimal(3),
                    f"研究性学习课题 {n}",
                )
                for n in (1, 2)
            ]
            items.append(
                CreditItem(
                    f"{prefix}social", "social_practice", "ZHSJ", C, Decimal(2), "社会实践 40 小时"
                )
            )
        elif subject.code == "LD":
            items.append(
                CreditItem(
                    f"{prefix}volunteer",
                    "volunteer_service",
                    "LD",
                    C,
                    Decimal(2),
                    "志愿服务 40 小时",
                )
            )
            items += _take(prefix, subjects["TY"], S, Decimal(4))
        else:
            items += _take(prefix, subject, C, subject.compulsory)
    for code, amount in (KOREAN_SELECTIVE if korean else STANDARD_SELECTIVE).items():
        items += _take(prefix, subjects[code], S, Decimal(amount))
    for code, amount in (KOREAN_ELECTIVE if korean else STANDARD_ELECTIVE).items():
        items += _take(prefix, subjects[code], E, Decimal(amount))
    return items
