"""Creating or upgrading a database: schema, seed units, workflow definitions."""

from __future__ import annotations

from dataclasses import dataclass

from qy_landing.services.context import Context
from qy_landing.services.units import seed_units
from qy_landing.services.workflows import SyncResult, sync_definitions


@dataclass(frozen=True)
class InitReport:
    url: str
    revision_before: str | None
    revision: str
    units_added: int
    workflows: list[SyncResult]


def init_database(ctx: Context) -> InitReport:
    """Create or upgrade the schema, add missing seed units, load ``workflows/``.

    Safe to run again at any time: it changes only what is missing or outdated.
    """
    from qy_landing.store.database import HEAD, redact

    before = ctx.db.current_revision()
    ctx.db.upgrade()
    with ctx.db.write() as session:
        added = seed_units(session)
    workflows = sync_definitions(ctx)
    return InitReport(redact(ctx.db.url), before, HEAD, added, workflows)
