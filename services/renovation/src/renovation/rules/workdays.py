"""Working-day arithmetic on the Chinese statutory calendar (holidays and make-up working days
come from the maintained `chinesecalendar` data), for the approval limit of §五(三)2."""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

APPROVAL_LIMIT_WORKING_DAYS = 15  # §五(三)2: 全流程审批时限最长不超过15个工作日
# Warn this many days before the calendar's last covered day: the State Council publishes the
# next year's arrangement in Oct-Dec, so 60 days leaves time to add it (runbook, "Calendar").
CALENDAR_WARNING_DAYS = 60


class CalendarUnavailable(ValueError):
    """The statutory calendar has no data for that year."""


@dataclass(frozen=True)
class CalendarOverrides:
    """Operator-maintained years of the State Council's notices (国务院办公厅关于YYYY年部分
    节假日安排的通知), consulted before the `chinesecalendar` package. A notice's days may
    fall outside its year (元旦 off from 30 December, a make-up day the December before)."""

    years: frozenset[int] = frozenset()
    days_off: frozenset[dt.date] = frozenset()  # 放假
    make_up_working_days: frozenset[dt.date] = frozenset()  # 调休上班


_overrides = CalendarOverrides()


def install_overrides(overrides: CalendarOverrides) -> None:
    global _overrides
    _overrides = overrides


def is_working_day(day: dt.date) -> bool:
    if day in _overrides.make_up_working_days:
        return True
    if day in _overrides.days_off:
        return False
    if day.year in _overrides.years:
        return day.weekday() < 5
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarUnavailable(f"no statutory calendar for {day.year}") from exc


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def last_covered_day(today: dt.date) -> dt.date | None:
    """31 December of the last year covered without a gap from `today`'s year on (by the
    overrides or the package); None when `today`'s year itself is not covered."""
    year = today.year
    if year not in _overrides.years and not _package_covers(year):
        return None
    while year + 1 in _overrides.years or _package_covers(year + 1):
        year += 1
    return dt.date(year, 12, 31)


def calendar_days_left(last_covered: dt.date | None, today: dt.date) -> int:
    """Days from `today` to the last covered day (negative once past, -1 when uncovered)."""
    return -1 if last_covered is None else (last_covered - today).days


def calendar_running_out(days_left: int) -> bool:
    """True at and below CALENDAR_WARNING_DAYS days left: time to add the next year."""
    return days_left <= CALENDAR_WARNING_DAYS


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the start day itself is not counted)."""
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_elapsed(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: the day of submission is not counted."""
    if end <= start:
        return 0
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=offset))
    )


def approval_deadline(submitted_on: dt.date) -> dt.date:
    return add_working_days(submitted_on, APPROVAL_LIMIT_WORKING_DAYS)


def approval_overdue(
    *, submitted_on: dt.date, completed_on: dt.date | None, today: dt.date
) -> bool:
    """Late when more than 15 working days passed before completion (or, still open, by today)."""
    end = completed_on or today
    return working_days_elapsed(submitted_on, end) > APPROVAL_LIMIT_WORKING_DAYS
