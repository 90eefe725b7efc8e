"""qy-landing: the landing office's workflow engine (项目落地工作流).

The library API lives in :mod:`qy_landing.services` (one module per noun); the most used
names are re-exported here, imported on first use so that ``import qy_landing`` (and the
CLI's start-up) stays cheap::

    from qy_landing import Context, projects
    ctx = Context.open("sqlite:///landing.db", actor="王芳")
    projects.show_project(ctx, "2607-621022-04-01-100001")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Context": "qy_landing.services.context",
    "Database": "qy_landing.store.database",
    "FixedClock": "qy_landing.clock",
    "SystemClock": "qy_landing.clock",
    "WorkCalendar": "qy_landing.calendar",
    "LandingError": "qy_landing.errors",
    "ProjectInput": "qy_landing.services.registration",
    "PersonInput": "qy_landing.services.people",
    "init_database": "qy_landing.services.setup",
}
_MODULES = {
    "projects": "qy_landing.services.projects",
    "procedures": "qy_landing.services.procedures",
    "people": "qy_landing.services.people",
    "units": "qy_landing.services.units",
    "problems": "qy_landing.services.problems",
    "funds": "qy_landing.services.funds",
    "workflows": "qy_landing.services.workflows",
}

__all__ = sorted([*_EXPORTS, *_MODULES, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    raise AttributeError(f"module 'qy_landing' has no attribute {name!r}")
