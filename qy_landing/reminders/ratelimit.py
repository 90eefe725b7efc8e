"""A rate limit that waits: at most ``limit`` messages in any ``period`` seconds.

A token bucket of 20 with a refill of one every 3 s lets 40 messages through in one
minute (a full bucket, then the refill); DingTalk blocks a robot for 10 minutes when it
gets more than 20 in a minute. So this keeps the times of the last ``limit`` messages
and waits until the oldest is ``period`` old: never more than ``limit`` in any window.
The clock and the sleep are injectable, so tests never sleep real minutes.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self.clock = clock
        self.sleep = sleep
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until one more message may go; the seconds waited."""
        waited = 0.0
        with self._lock:
            while True:
                now = self.clock()
                while self._times and self._times[0] <= now - self.period:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return waited
                pause = self._times[0] + self.period - now
                self.sleep(pause)
                waited += pause


class Limiters:
    """One limiter per robot URL, shared by every channel of one sender."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self._limiters: dict[str, RateLimiter] = {}
        self._lock = threading.Lock()

    def for_url(self, url: str, per_minute: int) -> RateLimiter | None:
        if per_minute <= 0:
            return None
        with self._lock:
            limiter = self._limiters.get(url)
            if limiter is None:
                limiter = self._limiters[url] = RateLimiter(
                    per_minute, 60.0, clock=self.clock, sleep=self.sleep
                )
            return limiter
