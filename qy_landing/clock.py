"""Time as a parameter: callers pass a clock; logic never reads the wall clock.

All datetimes are timezone-aware. Dates ("effective dates", due dates) are dates in
the office's time zone, Asia/Shanghai by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime: ...

    def today(self) -> date: ...


@dataclass(frozen=True)
class SystemClock:
    """The real clock; the only place that reads the wall."""

    tz: tzinfo = OFFICE_TZ

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone(self.tz)

    def today(self) -> date:
        return self.now().date()


@dataclass
class FixedClock:
    """A clock that says what it is told; tests and ``--as-of`` use it."""

    at: datetime
    tz: tzinfo = field(default=OFFICE_TZ)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            self.at = self.at.replace(tzinfo=self.tz)

    @classmethod
    def on(cls, day: date, hour: int = 9, tz: tzinfo = OFFICE_TZ) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, hour, tzinfo=tz), tz)

    def now(self) -> datetime:
        return self.at.astimezone(self.tz)

    def today(self) -> date:
        return self.now().date()

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.at = self.at + timedelta(**delta)
