"""Working days on the statutory calendar (§五(三)2), phases (§四) and archive deadline
(§四(三)2)."""

import datetime as dt

import pytest

from renovation import refdata
from renovation.rules.phases import add_months, archive_deadline, archive_late
from renovation.rules.workdays import (
    APPROVAL_LIMIT_WORKING_DAYS,
    CalendarUnavailable,
    add_working_days,
    approval_deadline,
    approval_overdue,
    is_working_day,
    working_days_elapsed,
)

d = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (d(2022, 10, 3), False),  # National Day holiday (Monday)
        (d(2022, 10, 8), True),  # make-up working Saturday
        (d(2022, 10, 9), True),  # make-up working Sunday
        (d(2022, 1, 29), True),  # Spring Festival make-up Saturday
        (d(2022, 2, 1), False),  # Spring Festival
        (d(2022, 6, 3), False),  # Dragon Boat Festival
        (d(2022, 6, 20), True),
    ],
)
def test_statutory_calendar_holidays_and_make_up_days(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_approval_limit_is_15_working_days_s5_3_2() -> None:
    assert APPROVAL_LIMIT_WORKING_DAYS == 15


def test_approval_deadline_across_national_day_s5_3_2() -> None:
    # 9-26..30 (5), make-up 10-8/10-9 (7), 10-10..14 (12), 10-17..19 (15)
    assert approval_deadline(d(2022, 9, 23)) == d(2022, 10, 19)
    assert add_working_days(d(2022, 9, 30), 1) == d(2022, 10, 8)


def test_approval_deadline_across_spring_festival_s5_3_2() -> None:
    # 1-24..28 (5), make-up 1-29/1-30 (7), holiday 1-31..2-6, 2-7..11 (12), 2-14..16 (15)
    assert approval_deadline(d(2022, 1, 21)) == d(2022, 2, 16)


@pytest.mark.parametrize(
    ("completed", "elapsed", "overdue"),
    [(d(2022, 10, 18), 14, False), (d(2022, 10, 19), 15, False), (d(2022, 10, 20), 16, True)],
)
def test_approval_over_15_working_days_is_overdue_s5_3_2(
    completed: dt.date, elapsed: int, overdue: bool
) -> None:
    start = d(2022, 9, 23)
    assert working_days_elapsed(start, completed) == elapsed
    got = approval_overdue(submitted_on=start, completed_on=completed, today=d(2030, 1, 1))
    assert got is overdue


def test_open_approval_is_judged_by_today_s5_3_2() -> None:
    start = d(2022, 9, 23)
    assert not approval_overdue(submitted_on=start, completed_on=None, today=d(2022, 10, 19))
    assert approval_overdue(submitted_on=start, completed_on=None, today=d(2022, 10, 20))


def test_year_without_calendar_data_is_reported() -> None:
    with pytest.raises(CalendarUnavailable):
        is_working_day(d(2099, 1, 5))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (d(2022, 11, 30), 3, d(2023, 2, 28)),
        (d(2022, 11, 15), 3, d(2023, 2, 15)),
        (d(2022, 10, 31), 4, d(2023, 2, 28)),
        (d(2023, 11, 30), 3, d(2024, 2, 29)),
    ],
)
def test_add_months_uses_the_corresponding_or_last_day(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("accepted", "deadline"),
    [
        (d(2022, 11, 15), d(2023, 2, 15)),
        (d(2022, 11, 30), d(2023, 2, 28)),
        (d(2022, 11, 4), d(2023, 2, 6)),  # 2023-02-04 is a Saturday: next working day
    ],
)
def test_archive_within_3_months_of_acceptance_s4_3_2(accepted: dt.date, deadline: dt.date) -> None:
    assert archive_deadline(accepted) == deadline
    before = deadline - dt.timedelta(days=1)
    after = deadline + dt.timedelta(days=1)
    assert not archive_late(accepted_on=accepted, archived_on=before, today=after)
    assert not archive_late(accepted_on=accepted, archived_on=deadline, today=after)
    assert archive_late(accepted_on=accepted, archived_on=after, today=after)
    assert archive_late(accepted_on=accepted, archived_on=None, today=after)


def test_archive_deadline_without_calendar_data_keeps_the_calendar_date_s4_3_2() -> None:
    assert archive_deadline(d(2099, 11, 30)) == d(2100, 2, 28)


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (d(2022, 6, 19), "preparation"),
        (d(2022, 6, 20), "construction"),
        (d(2022, 10, 31), "construction"),
        (d(2022, 11, 1), "acceptance"),
        (d(2022, 12, 31), "acceptance"),
        (d(2023, 1, 1), "after_programme"),
    ],
)
def test_2022_phase_dates_s4(day: dt.date, phase: str) -> None:
    phases = refdata.year_phases(2022)
    assert phases is not None
    assert phases.phase_on(day) == phase
    assert phases.next_year_preparation_by == d(2022, 6, 30)
