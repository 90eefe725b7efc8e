"""China's working days (工作日): official holidays, make-up working days (调休), and the
office's own closures or corrections.

Permit time limits are counted in working days (行政许可法 Art. 82). The official
schedule comes from ``chinesecalendar``; a year it does not know yet (the State Council
publishes each year's schedule late in the year before) is counted by the weekend rule
plus the statutory holidays whose dates the law fixes (《全国年节及纪念日放假办法》: 元旦
1 Jan; 春节 除夕 to 初三; 清明; 劳动节 1–2 May; 端午; 中秋; 国庆 1–3 Oct — the lunar ones
as ``holidays`` computes them, without make-up days or bridges), and every date computed
in it is *provisional*: shown as such, never an error.

:func:`schedule_fingerprint` names the data a year is counted with, so that a newer
``chinesecalendar`` (a year's official schedule published) can be noticed and the due
dates that rest on the year recomputed (``services.calendar.refresh_due_dates``).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar


@cache
def _official_years() -> frozenset[int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return frozenset(years)


def is_official_year(year: int) -> bool:
    """Whether the official holiday schedule of ``year`` is known."""
    return year in _official_years()


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The holidays the law fixes in ``year`` (no make-up days, no bridges): the provisional
    base of a year without an official schedule."""
    import holidays

    return frozenset(holidays.country_holidays("CN", years=year, observed=False))


@cache
def schedule_fingerprint(year: int) -> str:
    """A short digest of the non-working and make-up days ``year`` is counted with.

    It changes when ``year``'s official schedule becomes known (a newer
    ``chinesecalendar``); ``provisional:`` marks a year counted by the statutory rule.
    """
    if is_official_year(year):
        off = sorted(d for d in chinese_calendar.holidays if d.year == year)
        on = sorted(d for d in chinese_calendar.workdays if d.year == year)
        kind = "official"
    else:
        off, on, kind = sorted(statutory_holidays(year)), [], "provisional"
    text = ",".join(d.isoformat() for d in off) + "|" + ",".join(d.isoformat() for d in on)
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


@dataclass(frozen=True)
class Deadline:
    """A due date and whether it rests on a year without an official schedule."""

    due: date
    provisional: bool


class WorkCalendar:
    """Working days with office overrides; ``overrides`` maps a date to working (True) or not."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        # year -> sorted ordinals of that year's working days
        self._years: dict[int, list[int]] = {}

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    def _default_workday(self, day: date) -> bool:
        # chinesecalendar's own is_workday re-validates its whole table on every call
        # (~30 µs); its tables read directly cost a dictionary lookup.
        if is_official_year(day.year):
            if day in chinese_calendar.workdays:
                return True
            if day in chinese_calendar.holidays:
                return False
        elif day in statutory_holidays(day.year):
            return False
        return day.weekday() < 5

    def is_workday(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override
        return self._default_workday(day)

    def is_provisional(self, day: date) -> bool:
        return not is_official_year(day.year)

    def _workdays_of(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is None:
            first = date(year, 1, 1)
            span = (date(year + 1, 1, 1) - first).days
            days = [
                (first + timedelta(i)).toordinal()
                for i in range(span)
                if self.is_workday(first + timedelta(i))
            ]
            self._years[year] = days
        return days

    def workdays_in_year(self, year: int) -> int:
        return len(self._workdays_of(year))

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` gives ``start``; a negative ``n`` counts backwards.
        """
        if n == 0:
            return start
        year = start.year
        ordinal = start.toordinal()
        if n > 0:
            remaining = n
            days = self._workdays_of(year)
            position = bisect.bisect_right(days, ordinal)
            while position + remaining > len(days):
                remaining -= len(days) - position
                year += 1
                days = self._workdays_of(year)
                position = 0
            return date.fromordinal(days[position + remaining - 1])
        remaining = -n
        days = self._workdays_of(year)
        position = bisect.bisect_left(days, ordinal)  # working days strictly before start
        while remaining > position:
            remaining -= position
            year -= 1
            days = self._workdays_of(year)
            position = len(days)
        return date.fromordinal(days[position - remaining])

    def workdays_between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end``; negative when ``end < start``."""
        if end < start:
            return -self.workdays_between(end, start)
        if start.year == end.year:
            days = self._workdays_of(start.year)
            return bisect.bisect_right(days, end.toordinal()) - bisect.bisect_right(
                days, start.toordinal()
            )
        first = self._workdays_of(start.year)
        count = len(first) - bisect.bisect_right(first, start.toordinal())
        for year in range(start.year + 1, end.year):
            count += len(self._workdays_of(year))
        count += bisect.bisect_right(self._workdays_of(end.year), end.toordinal())
        return count

    def deadline(self, start: date, limit: int) -> Deadline:
        """``limit`` working days after ``start``; provisional if it leans on a guessed year."""
        due = self.add_workdays(start, limit)
        provisional = any(not is_official_year(y) for y in range(start.year, due.year + 1))
        return Deadline(due, provisional)

    def first_workday_of_month(self, year: int, month: int) -> date:
        return self.add_workdays(date(year, month, 1) - timedelta(days=1), 1)

    def next_workday(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)
