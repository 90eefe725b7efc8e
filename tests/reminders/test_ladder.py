"""The ladder's walk shared by overdue procedures, stalls and missed commitments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qy_landing.reminders.ladder import Candidate, Climb
from qy_landing.reminders.render import Member, Roles
from qy_landing.workflow.definition import Rung

LADDER = (Rung("direct_responsible", 0), Rung("first_responsible", 5), Rung("supervisor", 10))
ZHANG = Member(1, "张伟", "zh", "console")
LI = Member(2, "李明", "en", "console")


class FakeOutbox:
    """An outbox in memory that already holds some keys."""

    def __init__(self, existing: frozenset[str] = frozenset(), dry_run: bool = False) -> None:
        self.existing = set(existing)
        self.dry_run = dry_run
        self.added: list[dict[str, Any]] = []
        self.counted = 0
        self.conflicts = 0

    def add(self, **row: Any) -> None:
        self.added.append(row)

    def count(self, kind: str, n: int = 1) -> None:
        self.counted += n

    def conflict(self, kind: str, n: int = 1) -> None:
        self.conflicts += n

    def existing_keys(self, keys: Sequence[str]) -> set[str]:
        return self.existing & set(keys)


def climb(outbox: FakeOutbox, past: int) -> list[tuple[int, str]]:
    roles = Roles()
    roles.add("direct_responsible", ZHANG)
    roles.add("first_responsible", LI)
    steps = Climb(
        outbox,
        "overdue",
        "2026-11",
        render=lambda c: (f"title {c.rung}", f"{c.member.name} {c.days}"),
        ids=lambda c: (7, 70),
    )
    nobody = steps.climb(
        LADDER,
        past,
        row=None,
        roles=roles,
        days=past,
        targets=lambda _i, target: [] if target == "supervisor" else roles.get(target),
        key=lambda index, member: f"k:{index}:{member.id}",
    )
    steps.settle()
    return nobody


def test_every_rung_reached_tells_its_target_and_rungs_with_nobody_are_returned():
    """12 days late: rungs 0 and 1 go to the outbox; the empty supervisor rung is returned."""
    outbox = FakeOutbox()
    assert climb(outbox, 12) == [(2, "supervisor")]
    assert [(r["key"], r["title"], r["body"], r["rung"]) for r in outbox.added] == [
        ("k:0:1", "title 0", "张伟 12", 0),
        ("k:1:2", "title 1", "李明 12", 1),
    ]
    assert {(r["project_id"], r["procedure_id"], r["period"]) for r in outbox.added} == {
        (7, 70, "2026-11")
    }


def test_a_rung_not_reached_yet_tells_nobody():
    """3 days late: only the first rung."""
    outbox = FakeOutbox()
    assert climb(outbox, 3) == []
    assert [r["key"] for r in outbox.added] == ["k:0:1"]


def test_keys_already_in_the_outbox_are_conflicts_and_a_dry_run_only_counts():
    """A key sent before is counted, never repeated; a dry run renders nothing."""
    outbox = FakeOutbox({"k:0:1"})
    climb(outbox, 6)
    assert (outbox.conflicts, [r["key"] for r in outbox.added]) == (1, ["k:1:2"])
    dry = FakeOutbox(dry_run=True)
    climb(dry, 6)
    assert (dry.counted, dry.added) == (2, [])


def test_candidates_carry_what_rendering_needs():
    """A candidate keeps its row, roles and days for the text."""
    roles = Roles()
    candidate = Candidate("k", ZHANG, 0, "direct_responsible", {"code": "X"}, roles, 4)
    assert (candidate.row, candidate.days, candidate.target) == (
        {"code": "X"},
        4,
        "direct_responsible",
    )
