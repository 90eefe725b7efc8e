"""Procedure histories: in dependency order, complete before a start, never the last step early."""

from __future__ import annotations

import copy
from random import Random

import pytest

from qy_landing.calendar import WorkCalendar
from qy_landing.demo.draw import Days
from qy_landing.demo.schedule import allocate, depths, ordered
from qy_landing.demo.world import load_world
from qy_landing.errors import DemoPlanError

DONE = ("approved", "waived")


def test_stages_follow_dependencies(definitions):
    """A step's stage is deeper than each of its dependencies'; ordered() goes stage by stage."""
    steps = definitions["standard"].steps
    depth = depths(steps)
    keys = {s.key for s in steps}
    for step in steps:
        assert all(depth[d] < depth[step.key] for d in step.depends_on if d in keys)
    stages = [depth[s.key] for s in ordered(steps)]
    assert stages == sorted(stages)


def test_started_projects_finish_every_procedure_before_starting(plan):
    """A project that starts has every procedure approved or waived before its start day."""
    for p in (p for p in plan.projects if p.fate == "started"):
        assert p.start_on is not None
        assert {s.key for s in p.steps} == set(p.moves), p.code
        for moves in p.moves.values():
            assert moves[-1].status in DONE
            assert moves[-1].on < p.start_on


def test_dependencies_are_done_before_a_step_is_submitted(plan):
    """No step is submitted before every dependency it has is approved or waived."""
    for p in plan.projects:
        keys = {s.key for s in p.steps}
        done_on = {
            key: next(m.on for m in moves if m.status in DONE)
            for key, moves in p.moves.items()
            if any(m.status in DONE for m in moves)
        }
        for step in p.steps:
            if step.key not in p.moves or p.moves[step.key][0].status != "submitted":
                continue
            for dep in (d for d in step.depends_on if d in keys):
                assert dep in done_on and done_on[dep] <= p.moves[step.key][0].on, p.code


def test_projects_in_progress_never_finish_their_last_step(plan):
    """A project still in progress has not approved its last step (it would be ready to start)."""
    for p in (p for p in plan.projects if p.fate == "progress"):
        last = ordered(p.steps)[-1]
        assert last.key not in p.moves or p.moves[last.key][-1].status not in DONE


def test_every_procedure_status_and_reasons(plan):
    """Moves use every status; waivers and rejections carry the office's words."""
    world = load_world()
    moves = [m for p in plan.projects for ms in p.moves.values() for m in ms]
    assert {m.status for m in moves} == {"submitted", "accepted", "approved", "rejected", "waived"}
    notes = set(world.reject_notes.values()) | {world.reject_default}
    assert all(m.note in notes for m in moves if m.status == "rejected")
    assert all(m.note for m in moves if m.status == "waived")


def test_allocate_hands_out_exactly_what_remains(plan):
    """allocate() uses up every level's remaining count, in the steps projects still lack."""
    flexible = copy.deepcopy(
        [p for p in plan.projects if p.cohort == "y2026" and p.fate == "progress"]
    )
    for p in flexible:  # as before any approval was handed out: waivers only
        kept = {k: m for k, m in p.moves.items() if m[-1].status == "waived"}
        p.moves.clear()
        p.moves.update(kept)
    remaining = {"provincial": 2, "city": 5, "county": 20}
    allocated = allocate(Random(1), Days(WorkCalendar()), flexible, remaining)
    assert remaining == {"provincial": 0, "city": 0, "county": 0}
    counts = {"provincial": 0, "city": 0, "county": 0}
    for p in flexible:
        for step in allocated[p.index]:
            assert step.key not in p.moves
            counts[step.level] += 1
    assert counts == {"provincial": 2, "city": 5, "county": 20}


def test_allocate_says_what_cannot_be_handed_out(plan):
    """More approvals than the projects can take is a plan error naming what is left."""
    flexible = copy.deepcopy([p for p in plan.projects if p.fate == "progress"][:2])
    with pytest.raises(DemoPlanError, match="left over"):
        allocate(
            Random(1), Days(WorkCalendar()), flexible, {"provincial": 0, "city": 0, "county": 500}
        )
