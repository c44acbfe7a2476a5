"""Working-day arithmetic on the Chinese statutory calendar (holidays and make-up working days
come from the maintained `chinesecalendar` data), for the approval limit of §五(三)2."""

import datetime as dt

import chinese_calendar

APPROVAL_LIMIT_WORKING_DAYS = 15  # §五(三)2: 全流程审批时限最长不超过15个工作日


class CalendarUnavailable(ValueError):
    """The statutory calendar has no data for that year."""


def is_working_day(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarUnavailable(f"no statutory calendar for {day.year}") from exc


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
