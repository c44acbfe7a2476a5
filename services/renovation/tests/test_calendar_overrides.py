"""The operator's calendar file (State Council form) on top of `chinesecalendar`, and the
warning 60 days before the last covered day (issue 21: from 2027-01-01 the approval deadlines
of §五(三)2 turned null and nothing warned beforehand)."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import chinese_calendar
import pytest
from prometheus_client import REGISTRY

from renovation.app import create_app
from renovation.calendar_overrides import (
    CalendarFileError,
    days_left_today,
    install_calendar,
    load_overrides,
)
from renovation.rules.workdays import (
    CALENDAR_WARNING_DAYS,
    CalendarOverrides,
    CalendarUnavailable,
    approval_deadline,
    calendar_days_left,
    calendar_running_out,
    install_overrides,
    is_working_day,
    last_covered_day,
)
from renovation.settings import Settings

d = dt.date
DATA = Path(__file__).parent / "data"
FIRST_UNCOVERED_YEAR = 2027  # chinesecalendar 1.11 ships holidays up to 2026

YEAR_2027 = """
[2027]
notice = "operator test data, not the real notice"
holidays = [
  { name = "元旦", off = [2027-01-01, 2027-01-03] },
  { name = "春节", off = [2027-02-05, 2027-02-12], work = [2027-02-13] },
]
"""


@pytest.fixture(autouse=True)
def package_only() -> Iterator[None]:
    install_overrides(CalendarOverrides())
    yield
    install_overrides(CalendarOverrides())


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_2025_notice_in_state_council_form_gives_the_package_s_every_day() -> None:
    install_overrides(load_overrides(DATA / "calendar-2025.toml"))
    day = d(2025, 1, 1)
    while day.year == 2025:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_a_year_the_package_lacks_is_covered_by_the_file(tmp_path: Path) -> None:
    with pytest.raises(CalendarUnavailable):
        approval_deadline(d(2027, 1, 4))
    install_overrides(load_overrides(_file(tmp_path, YEAR_2027)))
    assert not is_working_day(d(2027, 1, 1)) and not is_working_day(d(2027, 2, 8))
    assert is_working_day(d(2027, 2, 13))  # make-up Saturday
    assert not is_working_day(d(2027, 2, 14))  # an ordinary Sunday
    # 15 working days after Monday 2027-01-25: 26-29 Jan, 1-4 Feb, 13 Feb (make-up), 15-19 Feb,
    # 22 Feb
    assert approval_deadline(d(2027, 1, 25)) == d(2027, 2, 22)


@pytest.mark.parametrize(
    ("today", "days_left", "warns"),
    [
        (d(2026, 10, 31), CALENDAR_WARNING_DAYS + 1, False),  # above: quiet
        (d(2026, 11, 1), CALENDAR_WARNING_DAYS, True),  # at 60 days: warns
        (d(2026, 11, 2), CALENDAR_WARNING_DAYS - 1, True),  # below
    ],
)
def test_the_warning_fires_60_days_before_the_last_covered_day(
    today: dt.date, days_left: int, warns: bool
) -> None:
    assert last_covered_day(today) == d(FIRST_UNCOVERED_YEAR - 1, 12, 31)
    assert calendar_days_left(last_covered_day(today), today) == days_left
    assert calendar_running_out(days_left) is warns


def test_adding_next_year_moves_the_last_covered_day(tmp_path: Path) -> None:
    install_overrides(load_overrides(_file(tmp_path, YEAR_2027)))
    today = d(2026, 11, 2)
    assert last_covered_day(today) == d(2027, 12, 31)
    assert not calendar_running_out(calendar_days_left(last_covered_day(today), today))


def test_an_uncovered_today_is_minus_one_and_warns() -> None:
    today = d(FIRST_UNCOVERED_YEAR, 1, 5)
    assert last_covered_day(today) is None
    assert calendar_days_left(None, today) == -1 and calendar_running_out(-1)


def test_the_metric_exports_the_days_left(tmp_path: Path) -> None:
    install_calendar(_file(tmp_path, YEAR_2027))
    assert REGISTRY.get_sample_value("renovation_calendar_days_left") == days_left_today()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[2027]\nholidays = [{ off = [2027-01-03, 2027-01-01] }]", "first day off"),
        ("[2027]\nholidays = [{ off = [2027-01-01, 2027-01-03], work = [2027-01-04] }]", "weekday"),
        ("[2027]\nholidays = [{ off = [2027-01-01, 2027-01-03], work = [2027-01-02] }]", "both"),
        ('[2027]\nholidays = [{ off = ["2027-01-01", "2027-01-03"] }]', "list of dates"),
        ("[2027]\nnotice = 'no holidays'", "holidays"),
        ("[next]\nholidays = []", "one table per year"),
        ("[2027\n", "calendar.toml"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(CalendarFileError, match=reason):
        load_overrides(_file(tmp_path, text))


def test_the_service_does_not_start_on_a_bad_file(tmp_path: Path) -> None:
    bad = _file(tmp_path, "[2027]\nholidays = [{ off = [2027-01-03, 2027-01-01] }]")
    with pytest.raises(CalendarFileError):
        create_app(Settings(calendar_file=bad, database_url="sqlite://"))


def test_the_shipped_operator_file_loads() -> None:
    shipped = Path(__file__).parents[3] / "deploy/k8s/base/renovation/calendar-overrides.toml"
    assert load_overrides(shipped) == CalendarOverrides()
