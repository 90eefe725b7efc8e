"""A measured sketch of the redesign ``docs/performance.md`` proposes for project changes.

NOT library code. ``services.changes.change_project`` loads the project and its
procedures as ORM objects, lets the service change them and flushes through the unit of
work (optimistic locking via ``version_id_col``). Per call that is ~1.7 ms of Python on
top of ~0.2 ms of SQLite work. This sketch keeps the library's rules — one transaction
(``BEGIN IMMEDIATE``), the same reads, the shared state machine and its guards, the
status-change table, the optimistic version check, the audit events — but talks to the
database with pre-built SQLAlchemy Core statements on a connection: plain rows in,
``UPDATE … WHERE id = :id AND version = :read`` and one ``INSERT`` of the events out.

It covers the two calls of the ``advance_set`` scenario (``advance`` with the default
trigger, ``set_status`` to ``approved``) so the runner can show what the redesign would
measure; it is run as a third side of that scenario, never by the library.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.common import context

Result = tuple[float, dict[str, Any]]


class CoreChanges:
    def __init__(self, ctx: Any) -> None:
        from sqlalchemy import bindparam, insert, select, update

        from qy_landing.store.models import Event, Procedure, Project, WorkflowVersion

        self.ctx = ctx
        project = Project.__table__  # type: ignore[attr-defined]
        procedure = Procedure.__table__  # type: ignore[attr-defined]
        workflow = WorkflowVersion.__table__  # type: ignore[attr-defined]
        self.event_table = Event.__table__  # type: ignore[attr-defined]
        self.read_project = select(project).where(project.c.code == bindparam("code"))
        self.read_procedures = (
            select(procedure)
            .where(procedure.c.project_id == bindparam("pid"))
            .order_by(procedure.c.id)
        )
        self.read_digest = select(workflow.c.digest).where(
            workflow.c.name == bindparam("name"), workflow.c.version == bindparam("version")
        )
        self.bump = (
            update(project)
            .where(project.c.id == bindparam("pid"), project.c.version == bindparam("read"))
            .values(
                state=bindparam("state"),
                state_since=bindparam("since"),
                suspended_from=bindparam("suspended_from"),
                started_on=bindparam("started_on"),
                last_progress_on=bindparam("progress"),
                updated_at=bindparam("now"),
                version=project.c.version + 1,
            )
        )
        self.set_procedure = (
            update(procedure)
            .where(procedure.c.id == bindparam("procedure_id"))
            .values(
                status=bindparam("status"),
                approved_on=bindparam("approved_on"),
                updated_on=bindparam("updated_on"),
            )
        )
        self.add_events = insert(self.event_table)

    def _definition(self, connection: Any, name: str, version: int) -> Any:
        from qy_landing.services.definitions import _PARSED, get_definition

        digest = connection.execute(self.read_digest, {"name": name, "version": version}).scalar()
        found = _PARSED.get(digest)
        if found is None:
            from sqlalchemy.orm import Session

            with Session(connection) as session:
                found = get_definition(session, name, version)
        return found

    def _event(self, row: Any, action: str, field: str, old: Any, new: Any, on: date,
               *, entity: str = "project", entity_id: int | None = None,
               note: str | None = None) -> dict[str, Any]:  # fmt: skip
        return {
            "project_id": row["id"],
            "entity": entity,
            "entity_id": entity_id if entity_id is not None else row["id"],
            "action": action,
            "field": field,
            "old": old,
            "new": new,
            "actor": self.ctx.actor,
            "recorded_at": self.ctx.clock.now(),
            "effective_on": on,
            "note": note,
        }

    def _write(self, connection: Any, row: Any, values: dict[str, Any], events: list[Any]) -> None:
        from qy_landing.errors import ConflictError

        params = {
            "pid": row["id"],
            "read": row["version"],
            "state": row["state"],
            "since": row["state_since"],
            "suspended_from": row["suspended_from"],
            "started_on": row["started_on"],
            "progress": row["last_progress_on"],
            "now": self.ctx.clock.now(),
            **values,
        }
        if connection.execute(self.bump, params).rowcount != 1:
            raise ConflictError(row["code"], row["version"], None)
        connection.execute(self.add_events, events)

    def advance(self, code: str) -> str:
        """``services.moves.advance(ctx, code)``: the single next step, empty levels passed."""
        from qy_landing.workflow.machine import Subject, machine_for

        on = self.ctx.effective(None)
        with self.ctx.db.engine.begin() as connection:
            row = connection.execute(self.read_project, {"code": code}).mappings().one()
            definition = self._definition(connection, row["workflow"], row["workflow_version"])
            procedures = connection.execute(self.read_procedures, {"pid": row["id"]}).mappings()
            statuses = {p["step"]: p["status"] for p in procedures}
            machine = machine_for(definition)
            subject = Subject(row["code"], row["state"], statuses, row["suspended_from"])
            move = machine.fire(subject, machine.next_forward(subject).trigger)
            events = [self._event(row, "trigger", "state", move.source, move.dest, on)]
            while (level := definition.state(subject.state).level) is not None and not any(
                definition.step_by_key[s].level == level for s in statuses
            ):
                exit_move = next(
                    t for t in definition.transitions_from(subject.state)
                    if "level_complete" in t.guards
                )  # fmt: skip
                passed = machine.fire(subject, exit_move.trigger)
                events.append(
                    self._event(row, "auto_pass", "state", passed.source, passed.dest, on)
                )
            values = {
                "state": subject.state,
                "since": on,
                "progress": max(on, row["last_progress_on"]),
            }
            if definition.state(subject.state).final:
                values["started_on"] = on
            self._write(connection, row, values, events)
        return subject.state

    def set_status(self, code: str, step: str, status: str) -> None:
        """``services.procedures.set_status`` for a running procedure moving to approved."""
        from qy_landing.errors import ProjectClosedError, StatusChangeNotAllowedError, Term
        from qy_landing.vocabulary import STATUS_CHANGES

        on = self.ctx.effective(None)
        with self.ctx.db.engine.begin() as connection:
            row = connection.execute(self.read_project, {"code": code}).mappings().one()
            definition = self._definition(connection, row["workflow"], row["workflow_version"])
            state = definition.state_by_name.get(row["state"])
            if state is None or state.final or state.kind == "suspended":
                raise ProjectClosedError(row["code"], row["state"])
            procedures = {
                p["step"]: p
                for p in connection.execute(self.read_procedures, {"pid": row["id"]}).mappings()
            }
            procedure = procedures[step]
            old = procedure["status"]
            if status not in STATUS_CHANGES[old] or status != "approved":
                raise StatusChangeNotAllowedError(
                    row["code"], step, Term("status", old), Term("status", status), []
                )
            connection.execute(
                self.set_procedure,
                {"procedure_id": procedure["id"], "status": status, "approved_on": on,
                 "updated_on": on},
            )  # fmt: skip
            event = self._event(
                row, "procedure", step, old, status, on, entity="procedure",
                entity_id=procedure["id"],
            )  # fmt: skip
            self._write(connection, row, {"progress": max(on, row["last_progress_on"])}, [event])


def advance_set(url: str, params: dict[str, Any]) -> Result:
    """The ``advance_set`` calls through the Core sketch above."""
    from benchmarks.ours import change_counts

    operations = json.loads(Path(params["operations"]).read_text())
    ctx = context(url)
    ctx.calendar()
    changes = CoreChanges(ctx)
    began = time.perf_counter()
    for operation in operations:
        if operation[0] == "advance":
            changes.advance(operation[1])
        else:
            changes.set_status(operation[1], operation[2], operation[3])
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {"calls": len(operations), **change_counts(url)}


SCENARIOS: dict[str, Callable[[str, dict[str, Any]], Result]] = {"advance_set": advance_set}
