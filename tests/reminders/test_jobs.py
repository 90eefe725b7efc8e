"""The daemon's jobs: nothing runs unconfigured, the daily scan rests on non-working days."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.config import Config
from qy_landing.reminders import jobs


@pytest.fixture
def unconfigured(monkeypatch):
    monkeypatch.setattr(jobs, "_runtime", None)


def test_a_job_without_configuration_is_an_error(unconfigured):
    """Jobs refuse to guess their database: configure() must come first."""
    with pytest.raises(RuntimeError, match="configure"):
        jobs.runtime()


@pytest.mark.parametrize(
    ("day", "generates"),
    [(date(2026, 10, 3), False), (date(2026, 10, 10), True)],  # a holiday; a make-up Saturday
)
def test_the_daily_scan_runs_only_on_working_days(
    unconfigured, sqlite_ctx, sqlite_url, day, generates
):
    """On a holiday the scan records its run and generates nothing; on 调休 Saturday it scans."""
    runtime = jobs.configure(sqlite_url, Config(), clock=FixedClock.on(day))
    scanned: list[str] = []
    import qy_landing.reminders.generate as generate

    real = generate.generate

    def spy(ctx, **kwargs):
        scanned.append(kwargs["kind"])
        return real(ctx, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate, "generate", spy)
        jobs.daily_scan()
    assert [name for name, _ in runtime.runs] == ["daily"]
    assert scanned == (["all"] if generates else [])
    assert jobs.wait_idle(timeout=1)
    runtime.context().db.dispose()
