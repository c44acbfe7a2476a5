"""Tender sections of 70,000-150,000 m², §四(一)3.

"原则上单个招标项目规模应在7万平方米至15万平方米之间确定标段（已发布招标公告城区可按照项目
实际情况执行）": both bounds inclusive; an already published tender is exempt. 零散项目 are bundled
(捆绑打包) and 项目过大 are divided into several sections.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from functools import cache

SECTION_MIN_M2 = Decimal("70000")  # §四(一)3: 7万平方米
SECTION_MAX_M2 = Decimal("150000")  # §四(一)3: 15万平方米
EXACT_SEARCH_MAX_PROJECTS = 14  # above this the proposal uses a greedy heuristic


def section_area_ok(area_m2: Decimal) -> bool:
    return SECTION_MIN_M2 <= area_m2 <= SECTION_MAX_M2


def section_area_error(area_m2: Decimal, *, already_published: bool) -> str | None:
    if already_published or section_area_ok(area_m2):
        return None
    return (
        f"a tender section must cover {SECTION_MIN_M2:,}-{SECTION_MAX_M2:,} m² "
        f"(§四(一)3); this one covers {area_m2:,} m²"
    )


@dataclass(frozen=True)
class ProjectArea:
    project_id: str
    area_m2: Decimal


@dataclass(frozen=True)
class ProposedSection:
    parts: tuple[ProjectArea, ...]  # a part may be a share of a project that was divided

    @property
    def area_m2(self) -> Decimal:
        return sum((p.area_m2 for p in self.parts), Decimal(0))


@dataclass(frozen=True)
class Proposal:
    feasible: bool
    sections: tuple[ProposedSection, ...]
    reason: str | None = None
    divided_projects: tuple[str, ...] = ()


def split_oversized(project: ProjectArea) -> tuple[ProjectArea, ...]:
    """Divide a project above 150,000 m² into the fewest equal parts that each fit."""
    parts = int((project.area_m2 / SECTION_MAX_M2).to_integral_value(rounding=ROUND_CEILING))
    return tuple(
        ProjectArea(project.project_id, size) for size in _even_sizes(project.area_m2, parts)
    )


def _even_sizes(total: Decimal, parts: int) -> list[Decimal]:
    """`parts` sizes to the square centimetre that add up exactly to `total`."""
    base = (total / parts).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [base] * (parts - 1) + [total - base * (parts - 1)]


def propose_sections(projects: list[ProjectArea], *, allow_split: bool = True) -> Proposal:
    """Bundle a district's projects into valid sections, or say why none exists.

    Whole projects first: oversized ones become sections of their own parts, the others are
    partitioned so that every section fits, preferring the most sections (smaller tenders).
    When no such partition exists and `allow_split`, the projects are cut into equal sections
    (a project may then span two sections)."""
    whole = _propose_whole(projects)
    if whole.feasible or not allow_split or not projects:
        return whole
    total = sum((p.area_m2 for p in projects), Decimal(0))
    if total < SECTION_MIN_M2:
        return whole
    return _propose_cut(projects, total)


def _propose_cut(projects: list[ProjectArea], total: Decimal) -> Proposal:
    count = int((total / SECTION_MAX_M2).to_integral_value(rounding=ROUND_CEILING))
    queue = sorted(projects, key=lambda p: -p.area_m2)
    sections: list[ProposedSection] = []
    pending = list(queue)
    for size in _even_sizes(total, count):
        parts, room = [], size
        while room > 0 and pending:
            head = pending[0]
            used = min(head.area_m2, room)
            parts.append(ProjectArea(head.project_id, used))
            room -= used
            if used == head.area_m2:
                pending.pop(0)
            else:
                pending[0] = ProjectArea(head.project_id, head.area_m2 - used)
        sections.append(ProposedSection(tuple(parts)))
    if not all(section_area_ok(s.area_m2) for s in sections):
        return Proposal(False, (), "no even division of the projects fits the section range")
    spans: dict[str, int] = {}
    for section in sections:
        for part in section.parts:
            spans[part.project_id] = spans.get(part.project_id, 0) + 1
    divided = tuple(sorted(pid for pid, n in spans.items() if n > 1))
    return Proposal(True, tuple(sections), divided_projects=divided)


def _propose_whole(projects: list[ProjectArea]) -> Proposal:
    if not projects:
        return Proposal(False, (), "no projects to bundle")
    oversized = [p for p in projects if p.area_m2 > SECTION_MAX_M2]
    rest = sorted((p for p in projects if p.area_m2 <= SECTION_MAX_M2), key=lambda p: -p.area_m2)
    sections = [ProposedSection((part,)) for p in oversized for part in split_oversized(p)]
    divided = tuple(p.project_id for p in oversized)
    if not rest:
        return Proposal(True, tuple(sections), divided_projects=divided)
    total = sum((p.area_m2 for p in rest), Decimal(0))
    if total < SECTION_MIN_M2:
        return Proposal(
            False,
            (),
            f"the projects that fit together cover only {total:,} m², "
            f"below the {SECTION_MIN_M2:,} m² minimum of a section",
        )
    groups = _partition(rest)
    if groups is None:
        return Proposal(False, (), "no grouping puts every project in a 70,000-150,000 m² section")
    sections.extend(ProposedSection(tuple(group)) for group in groups)
    return Proposal(True, tuple(sections), divided_projects=divided)


def _partition(items: list[ProjectArea]) -> list[list[ProjectArea]] | None:
    if len(items) <= EXACT_SEARCH_MAX_PROJECTS:
        return _exact_partition(items)
    return _greedy_partition(items)


def _exact_partition(items: list[ProjectArea]) -> list[list[ProjectArea]] | None:
    """Maximum-count partition into valid groups by dynamic programming over subsets."""
    areas = [p.area_m2 for p in items]
    full = (1 << len(items)) - 1

    def groups_with_lowest(mask: int) -> list[int]:
        low = (mask & -mask).bit_length() - 1
        found: list[int] = []

        def extend(index: int, chosen: int, area: Decimal) -> None:
            if area > SECTION_MAX_M2:
                return
            if index == len(items):
                if area >= SECTION_MIN_M2:
                    found.append(chosen)
                return
            if mask >> index & 1 and index != low:
                extend(index + 1, chosen | 1 << index, area + areas[index])
            extend(index + 1, chosen, area)

        extend(low + 1, 1 << low, areas[low])
        return found

    @cache
    def best(mask: int) -> tuple[int, tuple[int, ...]] | None:
        if mask == 0:
            return (0, ())
        answer: tuple[int, tuple[int, ...]] | None = None
        for group in groups_with_lowest(mask):
            tail = best(mask & ~group)
            if tail is not None and (answer is None or tail[0] + 1 > answer[0]):
                answer = (tail[0] + 1, (group, *tail[1]))
        return answer

    result = best(full)
    if result is None:
        return None
    return [[items[i] for i in range(len(items)) if group >> i & 1] for group in result[1]]


def _greedy_partition(items: list[ProjectArea]) -> list[list[ProjectArea]] | None:
    """Fill each group up to the minimum (largest first), then fold an underfull tail into
    groups with room; None when that does not yield a valid partition."""
    groups: list[list[ProjectArea]] = []
    for item in items:
        target = next(
            (
                g
                for g in groups
                if _area(g) < SECTION_MIN_M2 and _area(g) + item.area_m2 <= SECTION_MAX_M2
            ),
            None,
        )
        if target is None:
            groups.append([item])
        else:
            target.append(item)
    underfull = [g for g in groups if _area(g) < SECTION_MIN_M2]
    full = [g for g in groups if _area(g) >= SECTION_MIN_M2]
    for group in underfull:
        for item in group:
            home = next((g for g in full if _area(g) + item.area_m2 <= SECTION_MAX_M2), None)
            if home is None:
                return None
            home.append(item)
    return full or None


def _area(group: list[ProjectArea]) -> Decimal:
    return sum((p.area_m2 for p in group), Decimal(0))
