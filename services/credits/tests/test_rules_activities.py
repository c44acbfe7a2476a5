"""附件4 二(二)2-3: research projects, social practice and volunteer service."""

from decimal import Decimal

import pytest

from credits.rules.activities import (
    HoursEntry,
    ResearchEvidence,
    research_credits,
    research_requirement_met,
    social_practice_credits,
    social_practice_hours,
    volunteer_credits,
    volunteer_hours,
)


@pytest.mark.parametrize(("projects", "credits"), [(0, 0), (1, 3), (2, 6), (3, 6), (4, 6)])
def test_research_3_credits_per_project_capped_at_6_s2_2_2_1(projects: int, credits: int) -> None:
    assert research_credits(projects) == Decimal(credits)


@pytest.mark.parametrize(("projects", "met"), [(1, False), (2, True), (3, True)])
def test_research_needs_at_least_2_projects_annex1_1_5(projects: int, met: bool) -> None:
    assert research_requirement_met(projects) is met


def test_research_credit_needs_all_four_pieces_of_evidence_s2_2_2_1() -> None:
    assert ResearchEvidence(True, True, True, True).missing() == []
    assert ResearchEvidence(True, False, True, False).missing() == ["records", "outcome"]


@pytest.mark.parametrize(("hours", "credits"), [("39.5", 0), ("40", 2), ("40.5", 2)])
def test_social_practice_40_hours_for_2_credits_s2_2_2_2(hours: str, credits: int) -> None:
    entries = [HoursEntry(Decimal(hours) - 10), HoursEntry(Decimal(10))]
    assert social_practice_credits(social_practice_hours(entries)) == credits


@pytest.mark.parametrize(("hours", "credits"), [("39.5", 0), ("40", 2), ("40.5", 2)])
def test_volunteer_service_40_hours_for_2_credits_s2_2_3_1(hours: str, credits: int) -> None:
    assert volunteer_credits(volunteer_hours([HoursEntry(Decimal(hours))])) == credits


def test_volunteer_hours_count_only_outside_class_and_confirmed_s2_2_3_1() -> None:
    entries = [
        HoursEntry(Decimal(30)),
        HoursEntry(Decimal(20), outside_class_time=False),
        HoursEntry(Decimal(20), host_confirmed=False),
    ]
    assert volunteer_hours(entries) == Decimal(30)
    assert volunteer_credits(volunteer_hours(entries)) == 0
