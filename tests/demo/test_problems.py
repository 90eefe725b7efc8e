"""Bottlenecks: owned by the right person, resolved before a start, often open otherwise."""

from __future__ import annotations

from qy_landing.demo.world import load_world


def test_problems_are_the_worlds_and_owned_by_a_person(plan):
    """Every problem comes from texts.yaml and is owned by a planned person."""
    texts = {p.text: p for p in load_world().problems}
    refs = {p.ref for p in plan.people.persons}
    problems = [(p, pr) for p in plan.projects for pr in p.problems]
    assert len(problems) > 100
    for project, problem in problems:
        assert problem.text in texts
        assert problem.owner in refs
        if texts[problem.text].owner == "direct":
            assert problem.owner == project.direct_responsible[0]


def test_started_projects_solved_their_problems_before_starting(plan):
    """A started project's problems were resolved (with a resolution) by its start."""
    for p in (p for p in plan.projects if p.fate == "started"):
        for problem in p.problems:
            assert problem.resolved_on is not None and problem.resolution
            assert p.start_on is not None and problem.resolved_on <= p.start_on


def test_some_problems_stay_open_and_terminated_projects_have_none(plan):
    """Projects in progress or suspended keep some problems open; terminated ones have none."""
    open_ = [pr for p in plan.projects for pr in p.problems if pr.resolved_on is None]
    assert len(open_) >= 20
    assert all(not p.problems for p in plan.projects if p.fate == "terminated")
    for p in plan.projects:
        for problem in p.problems:
            assert problem.opened_on >= p.signed_on
            assert problem.resolved_on is None or problem.resolved_on > problem.opened_on
