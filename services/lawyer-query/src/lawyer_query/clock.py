"""Local dates: the stations work on Beijing time (UTC+8, no daylight saving)."""

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(BEIJING).date()
