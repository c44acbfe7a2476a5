"""Programme phases per year (§四) and the archive deadline after acceptance (§四(三)2)."""

import calendar
import datetime as dt
from dataclasses import dataclass

from renovation.rules.workdays import CalendarUnavailable, is_working_day

ARCHIVE_WITHIN_MONTHS = 3  # §四(三)2: 竣工验收合格后三个月内报送整套建设工程档案


@dataclass(frozen=True)
class YearPhases:
    """Dates of one programme year; each year's dates are data (refdata/phases.json)."""

    year: int
    preparation_until: dt.date  # (一) 前期准备阶段（6月20日前）
    construction_from: dt.date  # (二) 改造施工阶段（6月20日-10月31日）
    construction_until: dt.date
    acceptance_from: dt.date  # (三) 竣工验收和移交（11月1日-12月31日）
    acceptance_until: dt.date
    next_year_preparation_by: dt.date  # (四) 下一年度准备工作 6月底前

    def phase_on(self, day: dt.date) -> str:
        if day < self.construction_from:
            return "preparation"
        if day <= self.construction_until:
            return "construction"
        if self.acceptance_from <= day <= self.acceptance_until:
            return "acceptance"
        return "after_programme"


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, or the month's last day when it has none (Civil Code art. 202)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def archive_deadline(accepted_on: dt.date) -> dt.date:
    """Three months after acceptance; a deadline on a rest day moves to the next working day
    (Civil Code art. 203). Where the statutory calendar has no data yet, the deadline stays on
    the calendar date, which is never later than the shifted one."""
    deadline = add_months(accepted_on, ARCHIVE_WITHIN_MONTHS)
    try:
        while not is_working_day(deadline):
            deadline += dt.timedelta(days=1)
    except CalendarUnavailable:
        return add_months(accepted_on, ARCHIVE_WITHIN_MONTHS)
    return deadline


def archive_late(*, accepted_on: dt.date, archived_on: dt.date | None, today: dt.date) -> bool:
    return (archived_on or today) > archive_deadline(accepted_on)
