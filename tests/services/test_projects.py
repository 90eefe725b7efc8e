"""``qy_landing.projects``: the public face re-exports every job module's names."""

from __future__ import annotations

import qy_landing
from qy_landing.services import assignments, moves, project_views, projects, registration


def test_the_public_projects_module_is_the_job_modules_names():
    """``projects.advance`` is ``moves.advance`` and so on: one object, two spellings."""
    jobs = (assignments, moves, project_views, registration)
    for name in projects.__all__:
        found = getattr(projects, name)
        homes = [m for m in jobs if getattr(m, name, None) is found]
        assert homes or name in ("final_states", "open_states_clause"), name
    assert qy_landing.projects is projects
    assert qy_landing.ProjectInput is registration.ProjectInput
