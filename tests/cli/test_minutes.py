"""``qy-landing report minutes``: Markdown to stdout, files by suffix, task lists once."""

from __future__ import annotations

import pytest

from qy_landing.services import commitments, meetings
from tests.builders import CODE
from tests.meeting_office import build_meeting_office


@pytest.fixture
def held(cli_ctx):
    build_meeting_office(cli_ctx)
    meetings.visit(cli_ctx, "2026-10", "person:1", CODE)
    return cli_ctx


def test_minutes_to_stdout_and_to_files(cli, held, tmp_path):
    """Without -o Markdown is printed; -o FILE picks the format from the suffix."""
    shown = cli("report", "minutes", "--month", "2026-10", lang="zh")
    assert shown.exit_code == 0, shown.stderr
    assert "# 2026 年 10 月 一对一项目调度会会议纪要" in shown.stdout
    assert "| 1 | 环县 100MW 风电项目 | 协调落实用地指标 | 张伟 | 2026-10-20 |" in shown.stdout
    target = tmp_path / "minutes.html"
    written = cli("report", "minutes", "--month", "2026-10", "-o", str(target))
    assert written.stdout == f"Minutes written to {target} (1 person, 1 project, 1 commitment)\n"
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")
    bad = cli("report", "minutes", "-o", str(tmp_path / "m.pdf"))
    assert bad.exit_code == 1 and "html, xlsx, md" in bad.stderr


@pytest.mark.backends
def test_send_tasks_once(cli, held, tmp_path):
    """--send-tasks queues each person's task list once; a second run says it exists."""
    target = str(tmp_path / "m.md")
    first = cli("report", "minutes", "--month", "2026-10", "-o", target, "--send-tasks")
    assert first.stdout.splitlines()[-1] == (
        "Task lists: 1 queued, 0 already queued (remind send delivers them)"
    )
    again = cli("report", "minutes", "--month", "2026-10", "-o", target, "--send-tasks")
    assert "0 queued, 1 already queued" in again.stdout
    assert commitments.list_commitments(held, meeting="2026-10")[0].person == "张伟"
