"""§三3 工作进度安排: ordinary outfalls are traced by 30 June, difficult and complex ones
(疑难复杂) by 15 July; each day tested at, below and above (issue 16)."""

from datetime import date

import pytest

from outfall.rules.milestones import milestones_past
from outfall.rules.progress import GroupRow, summarise

UNTRACED = "confirmed"


@pytest.mark.parametrize(
    ("as_of", "ordinary", "difficult"),
    [
        (date(2022, 6, 29), [], []),
        (date(2022, 6, 30), [], []),  # "6月30日前": the day itself is on time
        (date(2022, 7, 1), ["survey_tracing"], []),  # a difficult one is not late yet
        (date(2022, 7, 14), ["survey_tracing"], []),
        (date(2022, 7, 15), ["survey_tracing"], []),
        (date(2022, 7, 16), ["survey_tracing"], ["difficult_tracing"]),
    ],
)
def test_tracing_milestones_ordinary_6_30_difficult_7_15_s3_3(
    as_of: date, ordinary: list[str], difficult: list[str]
) -> None:
    assert milestones_past(UNTRACED, as_of) == ordinary
    assert milestones_past(UNTRACED, as_of, difficult=True) == difficult


def test_a_traced_difficult_outfall_is_past_nothing_s3_3() -> None:
    assert milestones_past("traced", date(2022, 7, 16), difficult=True) == []


def test_progress_counts_difficult_outfalls_against_their_own_milestone_s3_3() -> None:
    rows = [
        GroupRow("231002", "industrial", UNTRACED, 3),
        GroupRow("231002", "industrial", UNTRACED, 2, difficult=True),
    ]
    _groups, total = summarise(rows, date(2022, 7, 16))
    assert total.past_milestones == {"survey_tracing": 3, "difficult_tracing": 2}
    _groups, total = summarise(rows, date(2022, 7, 15))
    assert total.past_milestones == {"survey_tracing": 3}
