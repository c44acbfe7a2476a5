"""Consent (§四(一)4) and satisfaction / coverage targets (§四(一)4, annex 3 no.44)."""

import pytest

from renovation.rules.consent import (
    ConsultationTally,
    agree_missing,
    agree_needed,
    consent_reached,
    tally_errors,
)
from renovation.rules.satisfaction import (
    coverage_meets_target,
    satisfaction_meets_target,
    satisfaction_percent,
    survey_errors,
)


@pytest.mark.parametrize(
    ("agree", "households", "reached"),
    [
        (199, 300, False),  # just below two-thirds
        (200, 300, True),  # exactly two-thirds: 三分之二以上 includes it
        (201, 300, True),  # just above
        (66, 100, False),  # 66% < 2/3
        (67, 100, True),  # 67% > 2/3
        (1, 1, True),
        (0, 1, False),
        (2, 3, True),
        (1, 3, False),
        (0, 0, False),  # no households: nothing to consent to
    ],
)
def test_consent_two_thirds_or_more_s4_1_4(agree: int, households: int, reached: bool) -> None:
    assert consent_reached(agree=agree, households=households) is reached


@pytest.mark.parametrize(
    ("households", "needed"),
    [(3, 2), (100, 67), (300, 200), (301, 201), (13029, 8686), (1, 1), (2, 2)],
)
def test_agree_needed_is_the_smallest_count_reaching_two_thirds_s4_1_4(
    households: int, needed: int
) -> None:
    assert agree_needed(households) == needed
    assert consent_reached(agree=needed, households=households)
    assert not consent_reached(agree=needed - 1, households=households)


def test_agree_missing_counts_the_gap_and_never_goes_negative_s4_1_4() -> None:
    assert agree_missing(agree=150, households=300) == 50
    assert agree_missing(agree=250, households=300) == 0


@pytest.mark.parametrize(
    ("tally", "bad_fields"),
    [
        (ConsultationTally(100, 90, 60, 20, 10), []),
        (ConsultationTally(100, 101, 60, 31, 10), ["polled"]),
        (ConsultationTally(100, 90, 60, 20, 5), ["polled"]),
        (ConsultationTally(100, 90, -1, 81, 10), ["agree"]),
        (ConsultationTally(100, 90, -1, 80, 10), ["agree", "polled"]),
    ],
)
def test_consultation_tally_must_add_up(tally: ConsultationTally, bad_fields: list[str]) -> None:
    assert [field for field, _ in tally_errors(tally)] == bad_fields


@pytest.mark.parametrize(
    ("satisfied", "surveyed", "meets"),
    [(89, 100, False), (90, 100, True), (91, 100, True), (899, 1000, False), (900, 1000, True)],
)
def test_satisfaction_90_percent_or_more_s4_1_4_annex3_44(
    satisfied: int, surveyed: int, meets: bool
) -> None:
    assert satisfaction_meets_target(surveyed=surveyed, satisfied=satisfied) is meets


def test_satisfaction_percent_is_exact_decimal() -> None:
    assert str(satisfaction_percent(surveyed=3, satisfied=2)) == "66.67"


@pytest.mark.parametrize(
    ("surveyed", "satisfied", "bad"),
    [(0, 0, ["surveyed"]), (10, 11, ["satisfied"]), (10, -1, ["satisfied"]), (10, 10, [])],
)
def test_survey_counts_are_validated(surveyed: int, satisfied: int, bad: list[str]) -> None:
    assert [f for f, _ in survey_errors(surveyed=surveyed, satisfied=satisfied)] == bad


@pytest.mark.parametrize(
    ("projects", "managed", "meets"), [(11, 10, False), (11, 11, True), (0, 0, False)]
)
def test_property_management_coverage_100_percent_annex3_44(
    projects: int, managed: int, meets: bool
) -> None:
    assert coverage_meets_target(projects=projects, managed=managed) is meets
