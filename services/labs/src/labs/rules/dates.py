"""Calendar arithmetic used by the deadlines of the gazette (months and years, not days)."""

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """Same day `months` later; clamped to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def last_day(ends_before: date | None) -> date | None:
    """docs/CONVENTIONS.md "End dates": periods are stored half-open [start, end) for the
    arithmetic and shown as the last day included (None = open-ended)."""
    return None if ends_before is None else ends_before - timedelta(days=1)
