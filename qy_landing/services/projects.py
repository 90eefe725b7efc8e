"""Projects (项目), the public face: ``from qy_landing import projects``.

The work lives in one module per job; this module only re-exports their public names so
that ``projects.advance(ctx, code)`` keeps reading naturally in scripts and the docs.
Library code imports from the job modules themselves (so the read path imports no write
path):

- :mod:`~qy_landing.services.registration` — register one project or a ledger (validation,
  set-based upsert), change a project's details;
- :mod:`~qy_landing.services.moves` — advance, suspend, resume, terminate;
- :mod:`~qy_landing.services.assignments` — assign and unassign responsible persons;
- :mod:`~qy_landing.services.project_views` — show, history, replay, list;
- :mod:`~qy_landing.services.definitions` — stored definitions and their final states.
"""

from __future__ import annotations

from qy_landing.services.assignments import assign, unassign
from qy_landing.services.definitions import final_states, open_states_clause
from qy_landing.services.moves import AdvanceResult, advance, resume, suspend, terminate
from qy_landing.services.project_views import (
    AssignmentView,
    EventView,
    ProblemView,
    ProcedureView,
    ProjectFilter,
    ProjectRow,
    ProjectView,
    history,
    iter_projects,
    list_projects,
    replay_state,
    show_project,
)
from qy_landing.services.registration import (
    ProjectInput,
    UpsertReport,
    create_project,
    update_project,
    upsert_projects,
)

__all__ = [
    "AdvanceResult",
    "AssignmentView",
    "EventView",
    "ProblemView",
    "ProcedureView",
    "ProjectFilter",
    "ProjectInput",
    "ProjectRow",
    "ProjectView",
    "UpsertReport",
    "advance",
    "assign",
    "create_project",
    "final_states",
    "history",
    "iter_projects",
    "list_projects",
    "open_states_clause",
    "replay_state",
    "resume",
    "show_project",
    "suspend",
    "terminate",
    "unassign",
    "update_project",
    "upsert_projects",
]
