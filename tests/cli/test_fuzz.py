"""Fuzzed ledgers and arguments: exit code 0, 1 or 2 only, no traceback, nothing half-written.

Hypothesis builds hostile ledgers (broken quotes, NUL bytes, megabyte cells, control
characters, absurd amounts and dates, random bytes posing as xlsx) and hostile argument
lists for the commands a person types. Whatever it finds must be answered: exit 0, a user
error (1) or a usage error (2) — never an internal error (3) or a traceback — and a refused
import leaves the database as it was. Example counts are bounded so the suite stays fast.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.store.database import Database
from qy_landing.store.models import Event, Project

HEADER = [
    "序号", "项目代码", "项目名称", "投资方", "落地县区", "产业链", "签约活动", "签约日期",
    "协议投资额（亿元）", "第一责任人", "直接责任人", "是否重大项目", "新增建设用地",
    "年综合能耗(吨标煤)", "建设内容", "存在问题",
]  # fmt: skip
GOOD = {
    "项目代码": "2601-621022-04-01-123456",
    "项目名称": "环县 100MW 风电项目",
    "投资方": "甘肃某新能源有限公司",
    "落地县区": "环县",
    "产业链": "综合能源",
    "签约日期": "2026-07-10",
    "协议投资额（亿元）": "12.5",
}
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "", "\x00", "=cmd|' /C calc'!A0", "\x1b]0;pwned\x07\x1b[2J张三", "1e30",
            "99999999999999999999", "922337203685477", "-5", "NaN", "inf", "0001-01-01",
            "9999-12-31", "2099-02-30", "2026年7月32日", "１２.５", "12,5", "壹亿",
            "2601-621022-04-01-1234567", "2601-999999-04-01-123456", "环县\n县", "\"",
            "x" * 300, "长" * 61, "%" * 40000,
        ]
    ),
)  # fmt: skip
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts(url: str) -> tuple[int, int]:
    db = Database(url)
    try:
        with db.read() as session:
            projects = session.execute(select(func.count()).select_from(Project)).scalar_one()
            events = session.execute(select(func.count()).select_from(Event)).scalar_one()
        return int(projects), int(events)
    finally:
        db.dispose()


def _assert_answered(result, url: str, before: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    output = result.output + (result.stderr or "")
    assert result.exit_code in (0, 1, 2), output
    assert "Traceback" not in output and "Internal error" not in output, output
    if result.exit_code != 0:
        assert _counts(url) == before  # nothing half-written


@st.composite
def ledgers(draw: st.DrawFn) -> bytes:
    """A CSV ledger: the real header (sometimes mangled), rows of good and hostile cells."""
    header = list(HEADER)
    if draw(st.booleans()):
        header[draw(st.integers(0, len(header) - 1))] = draw(HOSTILE_TEXT)
    rows = [header]
    for _ in range(draw(st.integers(0, 4))):
        row = [GOOD.get(name, "") for name in HEADER]
        for _ in range(draw(st.integers(0, 3))):
            row[draw(st.integers(0, len(row) - 1))] = draw(HOSTILE_TEXT)
        rows.append(row)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])), "replace"
    )
    if draw(st.booleans()):  # damage: cut it, or splice in raw bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data


@pytest.mark.slow
@SETTINGS
@given(data=ledgers())
def test_fuzzed_csv_ledgers_are_answered_and_never_half_imported(sqlite_url, tmp_path, data):
    """Any CSV ledger: imported, or refused with the problems named; never a crash."""
    path = tmp_path / "台账.csv"
    path.write_bytes(data)
    before = _counts(sqlite_url)
    result = CliRunner().invoke(
        app, ["--db", sqlite_url, "--lang", "en", "project", "import", str(path)]
    )
    _assert_answered(result, sqlite_url, before)


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    """Random bytes, or a zip that looks like a workbook with a damaged part."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", draw(st.sampled_from(["", "<Types/>", "<x"])))
        archive.writestr("xl/workbook.xml", draw(st.text(max_size=50)))
        archive.writestr("xl/worksheets/sheet1.xml", draw(st.text(max_size=50)))
    return buffer.getvalue()


@pytest.mark.slow
@settings(SETTINGS, max_examples=15)
@given(data=xlsx_files())
def test_fuzzed_xlsx_files_are_named_as_damaged(sqlite_url, tmp_path, data):
    """A corrupt workbook is a user error naming the file, not an internal error."""
    path = tmp_path / "台账.xlsx"
    path.write_bytes(data)
    before = _counts(sqlite_url)
    result = CliRunner().invoke(
        app, ["--db", sqlite_url, "--lang", "en", "project", "import", str(path)]
    )
    _assert_answered(result, sqlite_url, before)


COMMANDS = [
    ["project", "list"], ["project", "show"], ["project", "advance"], ["project", "history"],
    ["project", "add"], ["person", "add"], ["person", "list"], ["unit", "add"],
    ["procedure", "set"], ["problem", "open"], ["problem", "list"], ["funds", "add"],
    ["export", "stuck"], ["stats"], ["status"], ["calendar", "show"], ["calendar", "set"],
    ["remind", "list"], ["remind", "run"], ["report", "redblack"], ["report", "monthly"],
]  # fmt: skip
OPTIONS = [
    "--limit", "--on", "--as-of", "--amount", "--unit", "--month", "--from", "--to",
    "--format", "-f", "--kind", "--status", "--idle-days", "--channel", "--lang", "--json",
    "--investor", "--chain", "--signed-on", "--name", "--email", "--phone", "--reason",
]  # fmt: skip
VALUES = st.one_of(
    HOSTILE_TEXT,
    st.sampled_from(["2026-10-12", "2026-13-01", "2026-10", "环县", "csv", "xlsx", "0", "1"]),
)


@st.composite
def arguments(draw: st.DrawFn) -> list[str]:
    args = list(draw(st.sampled_from(COMMANDS)))
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            args += [draw(st.sampled_from(OPTIONS)), draw(VALUES)]
        else:
            args.append(draw(VALUES))
    if draw(st.booleans()):  # an output file, only ever inside the test's folder
        args += ["-o", draw(st.sampled_from(["out.csv", "out.xlsx", "out.md", "-", "out.txt"]))]
    return [a.replace("\x00", "") for a in args]  # argv cannot hold NUL


@pytest.mark.slow
@settings(SETTINGS, max_examples=60)
@given(args=arguments())
def test_fuzzed_arguments_are_answered(sqlite_url, tmp_path, monkeypatch, args):
    """Any argument list for everyday commands exits 0, 1 or 2, with no traceback."""
    monkeypatch.chdir(tmp_path)
    before = _counts(sqlite_url)
    result = CliRunner().invoke(app, ["--db", sqlite_url, "--lang", "en", "--as", "测试员", *args])
    output = result.output + (result.stderr or "")
    assert result.exit_code in (0, 1, 2), (args, output)
    assert "Traceback" not in output and "Internal error" not in output, (args, output)
    if result.exit_code != 0:
        assert _counts(sqlite_url) == before, args


FIELDS = {
    "--code": "2601-621022-04-01-123456",
    "--name": "环县 100MW 风电项目",
    "--investor": "甘肃某新能源有限公司",
    "--unit": "环县",
    "--chain": "energy",
    "--amount": "12.5",
    "--signed-on": "2026-07-10",
    "--energy-tce": "12000",
    "--planned-start": "2027-03-01",
}


@st.composite
def project_adds(draw: st.DrawFn) -> list[str]:
    """A complete `project add` whose values are sometimes replaced by hostile ones."""
    args = ["project", "add"]
    for option, good in FIELDS.items():
        args += [option, draw(HOSTILE_TEXT) if draw(st.booleans()) else good]
    return [a.replace("\x00", "") for a in args]


@pytest.mark.slow
@settings(SETTINGS, max_examples=40)
@given(args=project_adds())
def test_fuzzed_complete_commands_reach_the_library_and_are_answered(
    sqlite_url, tmp_path, monkeypatch, args
):
    """Every value of `project add` fuzzed: parsed and checked, answered with 0, 1 or 2."""
    monkeypatch.chdir(tmp_path)
    before = _counts(sqlite_url)
    result = CliRunner().invoke(app, ["--db", sqlite_url, "--lang", "en", *args])
    _assert_answered(result, sqlite_url, before)
    if result.exit_code == 0:  # registered: remove it, so the next example can add again
        from sqlalchemy import delete

        from qy_landing.store.models import Assignment, Procedure

        db = Database(sqlite_url)
        try:
            with db.write() as session:
                for table in (Event, Procedure, Assignment, Project):
                    session.execute(delete(table))
        finally:
            db.dispose()
