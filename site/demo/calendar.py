"""Norwegian public holidays, so demo events fall on ordinary working days.

The demo dates its conferences relative to today; without this a conference could
land on Easter or the 17th of May.
"""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> set[date]:
    """The Norwegian public holidays (helligdager and høytidsdager) of a year."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday … Whit Monday
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return {easter + timedelta(days=offset) for offset in moving} | {date(year, m, d) for m, d in fixed}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def first_working_days(near: date, count: int) -> date:
    """The first day on or after `near` that starts `count` working days in a row, outside July and Christmas."""
    day = near
    while True:
        days = [day + timedelta(days=offset) for offset in range(count)]
        ordinary = all(is_working_day(d) and d.month != 7 and not (d.month == 12 and d.day > 20) for d in days)
        if ordinary:
            return day
        day += timedelta(days=1)
