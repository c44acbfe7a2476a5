"""Which backups to keep (pure rules, no I/O).

- every backup of the last DAILY_DAYS days;
- the newest backup of each calendar month for MONTHLY_MONTHS months;
- the newest backup of each calendar year for at least YEARLY_YEARS years: the outfall
  ledgers must be kept no less than 5 years (入河排污口排查整治专项行动实施方案 §五(四)
  规范化建设: "入河排污口台账……保存期限不得少于5年"), and the services keep them in their
  databases, so a yearly backup set lives at least as long.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import datetime, timedelta

DAILY_DAYS = 14
MONTHLY_MONTHS = 12
YEARLY_YEARS = 5  # gazette: outfall document §五(四), 台账保存期限不得少于5年


def add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def backups_to_keep(stamps: Iterable[datetime], now: datetime) -> set[datetime]:
    ordered = sorted(set(stamps), reverse=True)
    keep = {s for s in ordered if now - s <= timedelta(days=DAILY_DAYS)}
    newest_of_month: dict[tuple[int, int], datetime] = {}
    newest_of_year: dict[int, datetime] = {}
    for stamp in ordered:
        newest_of_month.setdefault((stamp.year, stamp.month), stamp)
        newest_of_year.setdefault(stamp.year, stamp)
    keep |= {s for s in newest_of_month.values() if add_months(s, MONTHLY_MONTHS) >= now}
    keep |= {s for s in newest_of_year.values() if add_years(s, YEARLY_YEARS) >= now}
    if ordered:
        keep.add(ordered[0])  # never prune the newest backup, however old
    return keep
