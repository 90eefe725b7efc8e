"""Commitments in the reminders: the digest lines and the escalation of missed ones."""

from __future__ import annotations

from datetime import date

from qy_landing.reminders.generate import generate, preview_digest
from qy_landing.services import commitments
from tests.reminders.test_generate import at, keys, person_id


def test_missed_commitment_climbs_the_overdue_ladder(octx):
    """Due Fri 09-04: rung 0 tells the direct-responsible and who promised; then up, once each."""
    ctx = octx
    row = commitments.add_commitment(
        ctx,
        "2601-621022-04-01-123456",
        "落实用地指标",
        "张伟",
        "2026-09-04",
        on=date(2026, 9, 1),
        meeting="2026-08",
    )
    li, zhang, boss = (person_id(ctx, n) for n in ("李娜", "张伟", "王督办"))
    key = f"commitment:{row.id}:2026-09-04"
    assert generate(ctx, at(date(2026, 9, 4)), kind="overdue").kinds["commitment"].generated == 0
    generate(ctx, at(date(2026, 9, 7)), kind="overdue")
    assert keys(ctx, kind="commitment") == sorted([f"{key}:0:{li}", f"{key}:0:{zhang}"])
    generate(ctx, at(date(2026, 9, 18)), kind="overdue")
    again = generate(ctx, at(date(2026, 9, 18)), kind="all")
    assert again.kinds["commitment"].generated == 0
    assert keys(ctx, kind="commitment") == sorted(
        [f"{key}:0:{li}", f"{key}:0:{zhang}", f"{key}:1:{zhang}", f"{key}:2:{boss}"]
    )


def test_done_commitment_does_not_escalate(octx):
    """A commitment done before it was due is never escalated."""
    ctx = octx
    row = commitments.add_commitment(
        ctx, "2601-621022-04-01-123456", "补齐材料", "张伟", "2026-09-30", on=date(2026, 9, 1)
    )
    commitments.complete_commitment(ctx, row.id, "材料已补齐", on=date(2026, 9, 29))
    generate(ctx, kind="overdue")
    assert keys(ctx, kind="commitment") == []


def test_digest_lists_last_months_commitments_and_whether_kept(octx):
    """The October digest says what was promised at the September meeting and its state."""
    ctx = octx
    code = "2601-621022-04-01-123456"
    commitments.add_commitment(
        ctx, code, "协调省厅用地预审", "张伟", "2026-09-30", on=date(2026, 9, 15), meeting="2026-09"
    )
    kept = commitments.add_commitment(
        ctx, code, "补齐备案材料", "张伟", "2026-09-25", on=date(2026, 9, 15), meeting="2026-09"
    )
    commitments.complete_commitment(ctx, kept.id, "已补齐", on=date(2026, 9, 24))
    commitments.add_commitment(
        ctx,
        code,
        "Get the grid connection study",
        "李娜",
        "2026-09-30",
        on=date(2026, 9, 15),
        meeting="2026-09",
    )
    zh = preview_digest(ctx, "张伟").body
    assert "- 调度会承诺事项：" in zh
    assert (
        "  - 2026年9月调度会承诺：协调省厅用地预审（环县 100MW 风电项目，张伟），"
        "2026-09-30 前 — 未办结，已逾期 4 个工作日"
    ) in zh
    assert "补齐备案材料（环县 100MW 风电项目，张伟），2026-09-25 前 — 已于 2026-09-24 办结" in zh
    assert zh.index("调度会承诺事项") < zh.index("如有进展")
    en = preview_digest(ctx, "李娜").body
    assert (
        "promised at the September 2026 meeting: Get the grid connection study "
        "(环县 100MW 风电项目, 李娜) by 2026-09-30 — not done, 4 working days over"
    ) in en
    generate(ctx, kind="monthly")
    from qy_landing.reminders.deliver import list_reminders

    rows, _ = list_reminders(ctx, limit=None, kind="monthly")
    assert any("协调省厅用地预审" in r.body for r in rows if r.person == "张伟")
