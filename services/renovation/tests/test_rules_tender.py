"""Tender sections of 70,000-150,000 m², inclusive (§四(一)3)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renovation.rules.tender import (
    SECTION_MAX_M2,
    SECTION_MIN_M2,
    ProjectArea,
    Proposal,
    propose_sections,
    section_area_error,
    section_area_ok,
    split_oversized,
)

D = Decimal


@pytest.mark.parametrize(
    ("area", "ok"),
    [
        ("69999.99", False),
        ("70000", True),
        ("70000.01", True),
        ("149999.99", True),
        ("150000", True),
        ("150000.01", False),
    ],
)
def test_section_between_70000_and_150000_m2_inclusive_s4_1_3(area: str, ok: bool) -> None:
    assert section_area_ok(D(area)) is ok
    assert (section_area_error(D(area), already_published=False) is None) is ok


def test_already_published_tender_is_exempt_s4_1_3() -> None:
    assert section_area_error(D("1000"), already_published=True) is None


@pytest.mark.parametrize(
    ("area", "parts"), [("150000.01", 2), ("300000", 2), ("300000.01", 3), ("182000", 2)]
)
def test_oversized_project_is_divided_into_fitting_parts_s4_1_3(area: str, parts: int) -> None:
    pieces = split_oversized(ProjectArea("p", D(area)))
    assert len(pieces) == parts
    assert sum(p.area_m2 for p in pieces) == D(area)
    assert all(section_area_ok(p.area_m2) for p in pieces)


def test_small_projects_are_bundled_s4_1_3() -> None:
    proposal = propose_sections(
        [ProjectArea("a", D("64500")), ProjectArea("b", D("41200"))], allow_split=False
    )
    assert proposal.feasible
    assert [s.area_m2 for s in proposal.sections] == [D("105700")]


def test_whole_projects_that_cannot_fit_are_explicitly_impossible_s4_1_3() -> None:
    projects = [ProjectArea("a", D("96300")), ProjectArea("b", D("58700"))]
    proposal = propose_sections(projects, allow_split=False)
    assert not proposal.feasible and proposal.sections == () and proposal.reason


def test_cutting_projects_makes_equal_sections_when_whole_ones_cannot_fit_s4_1_3() -> None:
    projects = [ProjectArea("a", D("96300")), ProjectArea("b", D("58700"))]
    proposal = propose_sections(projects, allow_split=True)
    assert proposal.feasible
    assert [s.area_m2 for s in proposal.sections] == [D("77500.00"), D("77500.00")]
    assert proposal.divided_projects == ("a",)


def test_total_below_70000_is_impossible_even_with_cutting_s4_1_3() -> None:
    proposal = propose_sections([ProjectArea("a", D("69999.99"))])
    assert not proposal.feasible and "69,999.99" in (proposal.reason or "")


def test_exact_search_prefers_most_sections() -> None:
    areas = ["80000", "75000", "40000", "35000"]
    proposal = propose_sections(
        [ProjectArea(str(i), D(a)) for i, a in enumerate(areas)], allow_split=False
    )
    assert proposal.feasible and len(proposal.sections) == 3


def test_many_projects_use_the_greedy_heuristic_and_stay_valid() -> None:
    projects = [ProjectArea(f"p{i}", D("10000")) for i in range(20)]
    proposal = propose_sections(projects, allow_split=False)
    _assert_valid(proposal, projects)


def _assert_valid(proposal: Proposal, projects: list[ProjectArea]) -> None:
    assert proposal.feasible
    for section in proposal.sections:
        assert SECTION_MIN_M2 <= section.area_m2 <= SECTION_MAX_M2
    covered: dict[str, Decimal] = {}
    for section in proposal.sections:
        for part in section.parts:
            covered[part.project_id] = covered.get(part.project_id, D(0)) + part.area_m2
    assert covered == {p.project_id: p.area_m2 for p in projects}


areas = st.decimals(min_value=D("1000"), max_value=D("400000"), places=2)


@settings(max_examples=150, deadline=None)
@given(st.lists(areas, min_size=1, max_size=9), st.booleans())
def test_proposals_are_always_valid_or_explicitly_impossible_s4_1_3(
    sizes: list[Decimal], allow_split: bool
) -> None:
    projects = [ProjectArea(f"p{i}", size) for i, size in enumerate(sizes)]
    proposal = propose_sections(projects, allow_split=allow_split)
    if proposal.feasible:
        _assert_valid(proposal, projects)
        return
    assert proposal.sections == () and proposal.reason
    if allow_split:
        assert sum(sizes) < SECTION_MIN_M2
