"""Each scenario through the library, as a user's command would run it.

Every function takes the database URL and the scenario's parameters, does its setup,
times only the library call(s) and returns ``(seconds, info)``; ``info`` holds counts
the runner compares with the baseline's (the same work must give the same numbers).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import meeting, progress
from benchmarks.common import AS_OF, as_of_datetime, context

Result = tuple[float, dict[str, Any]]


def import_ledger(url: str, params: dict[str, Any]) -> Result:
    """``project import`` of the generated ledger CSV (validation included)."""
    from qy_landing.ledger import import_ledger as run_import

    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    result = run_import(ctx, Path(params["ledger"]))
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    info = {"rows": result.rows, "created": len(result.report.created)}
    info.update(table_counts(url))
    return seconds, info


def advance_set(url: str, params: dict[str, Any]) -> Result:
    """``project advance`` and ``procedure set`` calls, one transaction + audit event each."""
    from qy_landing.services.moves import advance
    from qy_landing.services.procedures import set_status

    operations = json.loads(Path(params["operations"]).read_text())
    ctx = context(url)
    ctx.calendar()
    began, cpu = time.perf_counter(), time.process_time()
    for operation in operations:
        if operation[0] == "advance":
            advance(ctx, operation[1])
        else:
            set_status(ctx, operation[1], operation[2], operation[3])
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    ctx.db.dispose()
    return seconds, {"calls": len(operations), "cpu_seconds": cpu, **change_counts(url)}


def monthly(url: str, params: dict[str, Any]) -> Result:
    """The monthly dispatch digests, then the same run again (nothing new)."""
    from qy_landing.reminders.generate import generate_monthly

    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    first = generate_monthly(ctx, as_of_datetime())
    seconds = time.perf_counter() - began
    began = time.perf_counter()
    second = generate_monthly(ctx, as_of_datetime())
    again = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {
        **reminder_counts(url),
        "generated": first.result("monthly").generated,
        "second_seconds": again,
        "second_generated": second.result("monthly").generated,
        "second_existing": second.result("monthly").existing,
    }


def overdue(url: str, params: dict[str, Any]) -> Result:
    """The overdue scan: overdue procedures and stalled projects, up the ladder."""
    from qy_landing.reminders.generate import generate_overdue

    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    report = generate_overdue(ctx, as_of_datetime())
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {
        **reminder_counts(url),
        "inserted": report.result("overdue").generated + report.result("stall").generated,
        "existing": report.existing,
    }


def _stuck(url: str, params: dict[str, Any], fmt: str) -> Result:
    from qy_landing.reports.stuck import export_stuck

    ctx = context(url)
    ctx.calendar()
    target = Path(params["output"])
    began = time.perf_counter()
    with target.open("wb") as stream:
        result = export_stuck(ctx, stream, fmt, as_of=AS_OF, lang="zh")
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {"rows": result.count, "bytes": target.stat().st_size}


def stuck_csv(url: str, params: dict[str, Any]) -> Result:
    """``export stuck`` to CSV: every stuck project with its reasons."""
    return _stuck(url, params, "csv")


def stuck_xlsx(url: str, params: dict[str, Any]) -> Result:
    """``export stuck`` to .xlsx."""
    return _stuck(url, params, "xlsx")


def _report(url: str, params: dict[str, Any], fmt: str, month: Any = AS_OF) -> Result:
    from qy_landing.reports.monthly import monthly_pack
    from qy_landing.reports.monthly_files import write_monthly_html, write_monthly_xlsx

    ctx = context(url)
    ctx.calendar()
    target = Path(params["output"])
    write = write_monthly_xlsx if fmt == "xlsx" else write_monthly_html
    began = time.perf_counter()
    pack = monthly_pack(ctx, month)
    with target.open("wb") as stream:
        count = write(pack, stream, "zh")
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {"projects": count, "bytes": target.stat().st_size}


def report_xlsx(url: str, params: dict[str, Any]) -> Result:
    """``report monthly -o pack.xlsx``."""
    return _report(url, params, "xlsx")


def report_html(url: str, params: dict[str, Any]) -> Result:
    """``report monthly -o pack.html``."""
    return _report(url, params, "html")


def report_past(url: str, params: dict[str, Any]) -> Result:
    """``report monthly --month <the month before> -o pack.html``: the state as of that
    month's last day, replayed from the audit trail (TEMP tables, see services/snapshot.py)."""
    from benchmarks.common import PAST_MONTH

    return _report(url, params, "html", PAST_MONTH)


SCENARIOS: dict[str, Callable[[str, dict[str, Any]], Result]] = {
    "import": import_ledger,
    "advance_set": advance_set,
    "monthly": monthly,
    "overdue": overdue,
    "stuck_csv": stuck_csv,
    "stuck_xlsx": stuck_xlsx,
    "report_xlsx": report_xlsx,
    "report_html": report_html,
    "meeting": meeting.ours,
    "report_past": report_past,
    "progress_export": progress.export_ours,
    "progress_import": progress.import_ours,
}


# --- counts both sides report ------------------------------------------------------------------


def _count(url: str, queries: dict[str, str]) -> dict[str, int]:
    from benchmarks.common import is_sqlite, pg_connect, sqlite_connect

    if is_sqlite(url):
        connection = sqlite_connect(url)
        try:
            return {k: int(connection.execute(q).fetchone()[0]) for k, q in queries.items()}
        finally:
            connection.close()
    with pg_connect(url) as connection:
        return {k: int(connection.execute(q).fetchone()[0]) for k, q in queries.items()}


def table_counts(url: str) -> dict[str, int]:
    return _count(
        url,
        {
            "projects": "SELECT count(*) FROM project",
            "procedures": 'SELECT count(*) FROM "procedure"',
            "assignments": "SELECT count(*) FROM assignment",
            "events": 'SELECT count(*) FROM "event"',
        },
    )


def change_counts(url: str) -> dict[str, int]:
    today = AS_OF.isoformat()
    return _count(
        url,
        {
            "events_today": f"SELECT count(*) FROM \"event\" WHERE effective_on = '{today}'",
            "projects_changed_today": (
                f"SELECT count(*) FROM project WHERE last_progress_on = '{today}'"
            ),
            "approved_today": (f"SELECT count(*) FROM \"procedure\" WHERE approved_on = '{today}'"),
        },
    )


def reminder_counts(url: str) -> dict[str, int]:
    return _count(
        url,
        {
            kind: f"SELECT count(*) FROM reminder WHERE kind = '{kind}' AND status = 'pending'"
            for kind in ("monthly", "overdue", "stall")
        },
    )
