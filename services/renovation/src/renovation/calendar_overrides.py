"""The operator's working-day calendar file and the metric that warns before it runs out.

`RENOVATION_CALENDAR_FILE` names a TOML file with one table per year, copied from the State
Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知); see
deploy/renovation/calendar-overrides.toml and the runbook, "Working-day calendar". Those years
take precedence over the `chinesecalendar` package, which only knows the years it shipped with.
"""

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prometheus_client import Gauge

from renovation.rules.workdays import (
    CalendarOverrides,
    calendar_days_left,
    install_overrides,
    last_covered_day,
)

CHINA = ZoneInfo("Asia/Shanghai")

CALENDAR_DAYS_LEFT = Gauge(
    "renovation_calendar_days_left",
    "Days until the last day the working-day calendar covers (-1: today is not covered); "
    "alert at 60 (CALENDAR_WARNING_DAYS)",
)


class CalendarFileError(ValueError):
    """The calendar file cannot be used: the service refuses to start rather than guess."""


def _dates(value: Any, where: str) -> list[dt.date]:
    if not isinstance(value, list) or not all(
        isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in value
    ):
        raise CalendarFileError(f"{where}: a list of dates (2027-01-01) is expected")
    return value


def _holiday(year: int, entry: Any, where: str) -> tuple[set[dt.date], set[dt.date]]:
    if not isinstance(entry, dict):
        raise CalendarFileError(f"{where}: a table {{ name, off, work }} is expected")
    off = _dates(entry.get("off"), f"{where}.off")
    if len(off) != 2 or off[1] < off[0] or (off[1] - off[0]).days > 15:
        raise CalendarFileError(
            f"{where}.off: [first day off, last day off] of at most 16 days is expected"
        )
    days_off = {off[0] + dt.timedelta(days=i) for i in range((off[1] - off[0]).days + 1)}
    work = set(_dates(entry.get("work", []), f"{where}.work"))
    for day in days_off | work:
        if abs(day.year - year) > 1:
            raise CalendarFileError(f"{where}: {day} is not near {year}")
    weekdays = sorted(d for d in work if d.weekday() < 5)
    if weekdays:
        raise CalendarFileError(f"{where}.work: {weekdays[0]} is a weekday, not a make-up day")
    if days_off & work:
        raise CalendarFileError(f"{where}: {min(days_off & work)} is both off and worked")
    return days_off, work


def parse_overrides(document: dict[str, Any]) -> CalendarOverrides:
    years: set[int] = set()
    days_off: set[dt.date] = set()
    work: set[dt.date] = set()
    for key, table in document.items():
        if not (key.isdigit() and len(key) == 4) or not isinstance(table, dict):
            raise CalendarFileError(f"[{key}]: one table per year, e.g. [2027], is expected")
        year = int(key)
        holidays = table.get("holidays")
        if not isinstance(holidays, list) or not holidays:
            raise CalendarFileError(f"[{key}].holidays: the notice's holidays are expected")
        for index, entry in enumerate(holidays):
            off, worked = _holiday(year, entry, f"[{key}].holidays[{index}]")
            days_off |= off
            work |= worked
        years.add(year)
    if days_off & work:
        raise CalendarFileError(f"{min(days_off & work)} is both off and worked")
    return CalendarOverrides(
        years=frozenset(years), days_off=frozenset(days_off), make_up_working_days=frozenset(work)
    )


def load_overrides(path: Path) -> CalendarOverrides:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CalendarFileError(f"{path}: {exc}") from exc
    try:
        return parse_overrides(document)
    except CalendarFileError as exc:
        raise CalendarFileError(f"{path}: {exc}") from exc


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def days_left_today() -> int:
    today = china_today()
    return calendar_days_left(last_covered_day(today), today)


def install_calendar(calendar_file: Path | None) -> None:
    """Load the operator's file (when set) and export the days the calendar has left."""
    install_overrides(load_overrides(calendar_file) if calendar_file else CalendarOverrides())
    CALENDAR_DAYS_LEFT.set_function(days_left_today)
