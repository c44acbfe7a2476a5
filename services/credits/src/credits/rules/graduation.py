"""The graduation audit (附件1 一(五); 附件4 一1 and its credit table).

Every earned credit is allocated to at most one line of one bucket; what cannot be
counted is listed with the reason, so the buckets always add up to the total and no
credit is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from credits.rules.activities import LABOUR_TECH_CREDITS, LABOUR_TECH_MODULES
from credits.rules.audit_model import (
    ZERO,
    Allocation,
    AuditResult,
    Bucket,
    Check,
    CreditItem,
    Line,
    NotCounted,
)
from credits.rules.course_table import ArtsMode, Category, SchoolType, Subject, subjects_for_school

# 附件1 一(五), 附件4 一1: 144 credits, compulsory 88, selective-compulsory >= 42,
# elective >= 14 of which >= 8 outside subject extension/improvement courses.
TOTAL_MIN: Final = Decimal(144)
COMPULSORY: Final = Decimal(88)
SELECTIVE_MIN: Final = Decimal(42)
ELECTIVE_MIN: Final = Decimal(14)
ELECTIVE_NON_EXTENSION_MIN: Final = Decimal(8)
# 附件1 一(五) 民族高中: compulsory 96 (朝语文 8 + 汉语文 8), selective + elective >= 48,
# elective >= 7, total >= 144.
KOREAN_COMPULSORY: Final = Decimal(96)
KOREAN_SELECTIVE_PLUS_ELECTIVE_MIN: Final = Decimal(48)
KOREAN_ELECTIVE_MIN: Final = Decimal(7)
# 表6 注: 体育与健康 12 = 1 in each compulsory series + 10 from selective modules.
PE_SERIES: Final = ("体能", "健康教育")
PE_SERIES_CREDITS: Final = Decimal(1)
PE_SELECTIVE_CREDITS: Final = Decimal(10)
# 表7 注1: 音乐 3 = at least 2 compulsory, 1 more compulsory or selective.
MUSIC_COMPULSORY_MIN: Final = Decimal(2)
MUSIC_EITHER: Final = Decimal(1)
# 表7 注2: 美术 3 = 1 compulsory + 2 selective-compulsory.
FINE_ART_COMPULSORY: Final = Decimal(1)
FINE_ART_SELECTIVE: Final = Decimal(2)
# 附件4 二(二)2: 综合实践活动 8 = research 6 + social practice 2; 劳动 6 = volunteer 2 + 4.
RESEARCH_LINE: Final = Decimal(6)
SOCIAL_PRACTICE_LINE: Final = Decimal(2)
VOLUNTEER_LINE: Final = Decimal(2)


def _preference(item: CreditItem) -> tuple[bool, bool]:
    """Where a range caps a line, the credits taken first are the ones that help the student:
    those outside extension/improvement courses (附件1 一(五): >= 8 of the 14 elective credits)
    and ice/snow sports (表6 注). Taking them by source id let an arbitrary id decide which
    credits were dropped, so the same record could pass or fail."""
    return (item.extension, not item.ice_snow)


def _allocation_order(item: CreditItem) -> tuple[str, str, bool, bool, str]:
    return (item.subject_code, item.category.value, *_preference(item), item.source_id)


class _Pool:
    """Credits still unallocated, per item, in a stable order."""

    def __init__(self, items: Iterable[CreditItem]) -> None:
        self.items = sorted(items, key=_allocation_order)
        self.left: dict[str, Decimal] = {}
        self.by_kind: dict[tuple[str, Category], list[CreditItem]] = defaultdict(list)
        for item in self.items:
            if item.source_id in self.left:
                raise ValueError(f"credit source {item.source_id} listed twice")
            if item.credits <= 0:
                raise ValueError(f"credit source {item.source_id} has no positive credits")
            self.left[item.source_id] = item.credits
            self.by_kind[(item.subject_code, item.category)].append(item)

    def take(self, line: Line, candidates: Iterable[CreditItem], up_to: Decimal | None) -> Decimal:
        taken = ZERO
        left = self.left
        allocations = line.allocations
        for item in candidates:
            available = left[item.source_id]
            if not available:
                continue
            if up_to is not None:
                room = up_to - taken
                if room <= ZERO:
                    break
                if available > room:
                    available = room
            left[item.source_id] -= available
            allocations.append(Allocation(item.source_id, item.name, available))
            taken += available
        return taken

    def select(self, subject: str, category: Category, **attrs: object) -> list[CreditItem]:
        candidates = self.by_kind.get((subject, category), [])
        if not attrs:
            return candidates
        return [i for i in candidates if all(getattr(i, k) == v for k, v in attrs.items())]


def _compulsory_lines(
    pool: _Pool, subjects: list[Subject]
) -> tuple[list[Line], dict[str, Decimal]]:
    """Fill every subject's compulsory requirement; return the lines and the selective
    credits each range group has already spent on compulsory lines."""
    lines: list[Line] = []
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def line(key: str, label: str, required: Decimal, candidates: list[CreditItem]) -> Decimal:
        new = Line(key=f"compulsory.{key}", label=label, required=required)
        taken = pool.take(new, candidates, required)
        lines.append(new)
        return taken

    for s in subjects:
        C, S = Category.compulsory, Category.selective
        if s.code == "TJ":
            for series in PE_SERIES:
                line(
                    f"TJ.{series}",
                    f"体育与健康 必修 {series}",
                    PE_SERIES_CREDITS,
                    pool.select("TJ", C, series=series),
                )
            spent[s.range_group] += line(
                "TJ.selective",
                "体育与健康 选择性必修计入必修",
                PE_SELECTIVE_CREDITS,
                pool.select("TJ", S),
            )
        elif s.code == "YY":
            line("YY.compulsory", "音乐 必修", MUSIC_COMPULSORY_MIN, pool.select("YY", C))
            either = Line(
                key="compulsory.YY.either", label="音乐 必修或选择性必修", required=MUSIC_EITHER
            )
            got = pool.take(either, pool.select("YY", C), MUSIC_EITHER)
            spent[s.range_group] += pool.take(either, pool.select("YY", S), MUSIC_EITHER - got)
            lines.append(either)
        elif s.code == "MS":
            line("MS.compulsory", "美术 必修", FINE_ART_COMPULSORY, pool.select("MS", C))
            spent[s.range_group] += line(
                "MS.selective", "美术 选择性必修计入必修", FINE_ART_SELECTIVE, pool.select("MS", S)
            )
        elif s.code == "ZHSJ":
            line(
                "ZHSJ.research",
                "综合实践活动 研究性学习",
                RESEARCH_LINE,
                [i for i in pool.select("ZHSJ", C) if i.source_kind != "social_practice"],
            )
            line(
                "ZHSJ.social_practice",
                "综合实践活动 社会实践",
                SOCIAL_PRACTICE_LINE,
                [i for i in pool.select("ZHSJ", C) if i.source_kind == "social_practice"],
            )
        elif s.code == "LD":
            line("LD.volunteer", "劳动 志愿服务", VOLUNTEER_LINE, pool.select("LD", C))
            tech = pool.select("TY", S, labour_eligible=True)[:LABOUR_TECH_MODULES]
            spent["JS"] += line("LD.tech", "劳动 通用技术选择性必修模块", LABOUR_TECH_CREDITS, tech)
        else:
            line(s.code, f"{s.name} 必修", s.compulsory, pool.select(s.code, C))
    return lines, spent


def _capped_lines(
    pool: _Pool,
    prefix: str,
    category: Category,
    subjects: list[Subject],
    caps: dict[str, Decimal | None],
    not_counted: list[NotCounted],
) -> list[Line]:
    """One line per range group, each capped by the table's range."""
    by_group: dict[str, list[CreditItem]] = defaultdict(list)
    for subject in subjects:
        by_group[subject.range_group] += pool.by_kind.get((subject.code, category), ())
    lines = []
    for group, items in sorted(by_group.items()):
        items.sort(key=_preference)  # stable: subject and source order within a preference
        new = Line(key=f"{prefix}.{group}", label=f"{prefix} {group}", required=None)
        pool.take(new, items, caps.get(group))
        for item in items:
            if pool.left[item.source_id] > 0:
                not_counted.append(
                    NotCounted(
                        item.source_id,
                        item.name,
                        pool.left[item.source_id],
                        f"above the {category.value} range of {group}",
                    )
                )
                pool.left[item.source_id] = ZERO
        if new.allocations:
            lines.append(new)
    return lines


def audit(
    items: Iterable[CreditItem],
    *,
    course_table: Iterable[Subject],
    school_type: SchoolType,
    arts_mode: ArtsMode = ArtsMode.music_and_fine_art,
) -> AuditResult:
    korean = school_type is SchoolType.korean_ethnic
    subjects = subjects_for_school(list(course_table), school_type, arts_mode)
    pool = _Pool(items)
    not_counted: list[NotCounted] = []

    compulsory_lines, spent = _compulsory_lines(pool, subjects)
    for item in pool.items:  # compulsory credits beyond a subject's requirement
        if item.category is Category.compulsory and pool.left[item.source_id] > 0:
            not_counted.append(
                NotCounted(
                    item.source_id,
                    item.name,
                    pool.left[item.source_id],
                    "beyond the subject's compulsory credits",
                )
            )
            pool.left[item.source_id] = ZERO

    groups = {s.range_group: s for s in subjects}
    selective_caps: dict[str, Decimal | None] = {
        g: max(ZERO, s.selective_max - spent[g]) for g, s in groups.items()
    }
    elective_caps: dict[str, Decimal | None] = {g: s.elective_max for g, s in groups.items()}
    selective_lines = _capped_lines(
        pool, "selective_compulsory", Category.selective, subjects, selective_caps, not_counted
    )
    elective_lines = _capped_lines(
        pool, "elective", Category.elective, subjects, elective_caps, not_counted
    )
    for item in pool.items:  # subjects outside this school's plan
        if pool.left[item.source_id] > 0:
            not_counted.append(
                NotCounted(
                    item.source_id,
                    item.name,
                    pool.left[item.source_id],
                    "subject not in this school's course plan",
                )
            )
            pool.left[item.source_id] = ZERO

    compulsory = Bucket("compulsory", KOREAN_COMPULSORY if korean else COMPULSORY, compulsory_lines)
    selective = Bucket("selective_compulsory", ZERO if korean else SELECTIVE_MIN, selective_lines)
    elective = Bucket("elective", KOREAN_ELECTIVE_MIN if korean else ELECTIVE_MIN, elective_lines)
    buckets = [compulsory, selective, elective]
    total = sum((b.earned for b in buckets), ZERO)
    checks = (
        _korean_checks(compulsory, selective, elective, total)
        if korean
        else (_standard_checks(compulsory, selective, elective, total, pool))
    )
    ice_snow_ids = {i.source_id for i in pool.items if i.ice_snow}
    ice_snow = bool(ice_snow_ids) and any(
        a.source_id in ice_snow_ids for b in buckets for line in b.lines for a in line.allocations
    )
    return AuditResult(
        "korean_ethnic" if korean else "standard", buckets, checks, not_counted, ice_snow
    )


def _non_extension_elective(elective: Bucket, pool: _Pool) -> Decimal:
    extension_ids = {i.source_id for i in pool.items if i.extension}
    return sum(
        (
            a.credits
            for line in elective.lines
            for a in line.allocations
            if a.source_id not in extension_ids
        ),
        ZERO,
    )


def _compulsory_check(compulsory: Bucket, clause: str) -> Check:
    # Every line is capped at its requirement, so the bucket reaches its total only
    # when every subject's compulsory requirement is met.
    return Check("compulsory", clause, compulsory.required, compulsory.earned)


def _standard_checks(
    compulsory: Bucket, selective: Bucket, elective: Bucket, total: Decimal, pool: _Pool
) -> list[Check]:
    return [
        _compulsory_check(compulsory, "附件1 一(五); 附件4 一1"),
        Check("selective_compulsory", "附件1 一(五)", SELECTIVE_MIN, selective.earned),
        Check("elective", "附件1 一(五); 附件2 二(二)1", ELECTIVE_MIN, elective.earned),
        Check(
            "elective_non_extension",
            "附件1 一(五); 附件2 二(二)1",
            ELECTIVE_NON_EXTENSION_MIN,
            _non_extension_elective(elective, pool),
        ),
        Check("total", "附件1 一(五); 附件4 一1", TOTAL_MIN, total),
    ]


def _korean_checks(
    compulsory: Bucket, selective: Bucket, elective: Bucket, total: Decimal
) -> list[Check]:
    return [
        _compulsory_check(compulsory, "附件1 一(五) 民族高中"),
        Check(
            "selective_plus_elective",
            "附件1 一(五) 民族高中",
            KOREAN_SELECTIVE_PLUS_ELECTIVE_MIN,
            selective.earned + elective.earned,
        ),
        Check("elective", "附件1 一(五) 民族高中", KOREAN_ELECTIVE_MIN, elective.earned),
        Check("total", "附件1 一(五) 民族高中", TOTAL_MIN, total),
    ]
