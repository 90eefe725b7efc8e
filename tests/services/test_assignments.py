"""Responsible persons of a project: assign (idempotent) and unassign, audited."""

from __future__ import annotations

import pytest

from qy_landing.errors import NotFoundError
from qy_landing.services import assignments, project_views
from tests.builders import CODE, person, project


def test_assignments_show_on_the_project(ctx):
    """Assigned persons show on the project with their roles (a role given by its name)."""
    person(ctx, "张伟", "环县", title="副县长")
    project(ctx, direct_responsible=["张伟"])
    assignments.assign(ctx, CODE, "落地专员", "张伟")
    roles = [(a.role, a.person) for a in project_views.show_project(ctx, CODE).assignments]
    assert roles == [("direct_responsible", "张伟"), ("commissioner", "张伟")]


def test_assigning_twice_changes_nothing_and_unassigning_is_recorded(ctx):
    """A second identical assignment adds no row or event; unassigning removes and audits."""
    person(ctx, "李娜", "环县")
    project(ctx)
    first = assignments.assign(ctx, CODE, "commissioner", "李娜")
    again = assignments.assign(ctx, CODE, "commissioner", "李娜")
    assert first.id == again.id
    assignments.unassign(ctx, CODE, "commissioner", "李娜")
    assert project_views.show_project(ctx, CODE).assignments == []
    actions = [(e.action, e.field) for e in project_views.history(ctx, CODE)]
    assert actions.count(("assign", "commissioner")) == 1
    assert actions[-1] == ("unassign", "commissioner")


def test_unassigning_someone_not_assigned_is_not_found(ctx):
    """Unassigning a person who does not hold the role says so."""
    person(ctx, "李娜", "环县")
    project(ctx)
    with pytest.raises(NotFoundError):
        assignments.unassign(ctx, CODE, "commissioner", "李娜")
