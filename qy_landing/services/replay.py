"""Point-in-time state: a project as it stood on a past day, replayed from the audit trail.

The audit trail (``event``) is the source of truth. A correction is a new event that
points at the event it puts right (``event.corrects``); the corrected event no longer
counts, the correction counts in its place (at its own effective date, in the original's
position among events of the same day), and a ``void`` correction simply takes the
original out. Nothing is ever deleted from or rewritten in the trail.

:func:`replay_project` turns one project's events into its rows as of a :class:`Cut`:

- ``Cut(as_of)``: the state on ``as_of`` as we know it now, corrections recorded since
  included (what the reports show);
- ``Cut(as_of, known_by=…)``: the state on ``as_of`` as it was recorded by then (later
  events and later corrections left out: ``--as-recorded``).

The project's state columns and its procedures are replayed event by event (the same rules
as :mod:`qy_landing.services.procedures` and :mod:`qy_landing.services.moves` apply when the
change is made); its facts start from the stored row and undo the fact changes that do not
count in the cut. A due date is the stored one when the procedure's status events in the
cut are those the stored row reflects, else it is counted again by the step's statutory
clock (:mod:`qy_landing.workflow.clock`) with the office's calendar.

:mod:`qy_landing.services.snapshot` materialises the replayed rows for every report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from qy_landing.calendar import WorkCalendar
from qy_landing.vocabulary import CATALOGUE_FLAGS, PAUSED_STATUSES
from qy_landing.workflow.clock import count_due, current_round
from qy_landing.workflow.definition import Definition, Step

# Actions that move a project's state (field "state"); the first one creates it.
STATE_FIELD = "state"
# Actions after which a project counts as progressing (see ProjectChange.progress).
PROGRESS_ACTIONS = frozenset(
    {"procedure", "trigger", "auto_pass", "suspend", "resume", "terminate", "problem_resolve"}
)
VOID = "void"
# Actions replay never reads (who is responsible is not replayed from the project's trail):
# a reader may leave them out of the events it hands to replay_project.
UNREAD_ACTIONS = ("assign", "unassign")
# Actions that change a project's details (a detail registered wrong is corrected by the second).
FACT_ACTIONS = frozenset({"facts", "fact_corrected"})

BOOL_FIELDS = frozenset(
    {"major", "new_land", "hazardous", "approval_listed", "eia_full", *CATALOGUE_FLAGS}
)
_DATE_FIELDS = frozenset({"signed_on", "planned_start_on"})


class EventRow(NamedTuple):
    """The columns of an audit event that replay reads (a named tuple, not a frozen
    dataclass: a past month's replay builds a million of them, six times faster)."""

    id: int
    project_id: int | None
    entity: str
    entity_id: int | None
    action: str
    field: str | None
    old: str | None
    new: str | None
    recorded_at: datetime
    effective_on: date
    note: str | None = None
    corrects: int | None = None


EVENT_COLUMNS = EventRow._fields


@dataclass(frozen=True)
class Cut:
    """Which events count: effective by ``as_of``, and recorded by ``known_by`` if given."""

    as_of: date
    known_by: datetime | None = None


NOW = Cut(date.max)


@dataclass
class Replayed:
    """A project's rows as of a cut (plain dicts keyed by column name)."""

    project: dict[str, Any]
    procedures: list[dict[str, Any]] = field(default_factory=list)


def voided_ids(events: Iterable[EventRow]) -> set[int]:
    """The events put right by a correction that itself still counts.

    A correction points back, so the latest decides: a voided correction voids nothing.
    """
    voided: set[int] = set()
    for event in sorted(events, key=lambda e: e.id, reverse=True):
        if event.corrects is not None and event.id not in voided:
            voided.add(event.corrects)
    return voided


def live_events(events: Iterable[EventRow], known_by: datetime | None = None) -> list[EventRow]:
    """The events that count (none voided, no void markers), in replay order.

    Replay order is by effective date, then by the position of the *first* event of a
    correction chain, so a correction takes its original's place among same-day events.
    """
    known = [e for e in events if known_by is None or e.recorded_at <= known_by]
    if all(e.corrects is None for e in known):  # no corrections (the usual case)
        plain = [e for e in known if e.action != VOID]
        return sorted(plain, key=lambda e: (e.effective_on, e.id))
    by_id = {e.id: e for e in known}
    voided = voided_ids(known)

    def root(event: EventRow) -> int:
        seen = 0
        while event.corrects is not None and event.corrects in by_id and seen < 1000:
            event = by_id[event.corrects]
            seen += 1
        return event.id

    live = [e for e in known if e.id not in voided and e.action != VOID]
    return sorted(live, key=lambda e: (e.effective_on, root(e), e.id))


def typed_fact(name: str, text: str | None) -> Any:
    """A project column's value from its text in the audit trail."""
    if text is None or text == "None":
        return None
    if name in BOOL_FIELDS:
        return text == "True"
    if name in _DATE_FIELDS:
        return date.fromisoformat(text)
    if name == "amount":
        return Decimal(text)
    if name == "energy_tce":
        return float(text)
    if name in ("unit_id", "introducing_unit_id"):
        return int(text)
    return text


def _facts_as_of(
    stored: dict[str, Any], current: Sequence[EventRow], wanted: Sequence[EventRow]
) -> dict[str, Any]:
    """The stored facts with the fact changes in ``current`` but not ``wanted`` undone and
    those in ``wanted`` but not ``current`` applied."""
    values = dict(stored)
    in_wanted = {e.id for e in wanted}
    in_current = {e.id for e in current}
    for event in reversed(current):
        if event.action in FACT_ACTIONS and event.field in values and event.id not in in_wanted:
            values[event.field] = typed_fact(event.field, event.old)
    for event in wanted:
        if event.action in FACT_ACTIONS and event.field in values and event.id not in in_current:
            values[event.field] = typed_fact(event.field, event.new)
    return values


def replay_project(
    stored: dict[str, Any],
    procedures: Sequence[dict[str, Any]],
    events: Sequence[EventRow],
    cut: Cut,
    definition: Definition,
    calendar: WorkCalendar,
    stored_events: Sequence[EventRow] | None = None,
) -> Replayed | None:
    """The project's rows as of ``cut``, or None if it did not exist then.

    ``stored`` and ``procedures`` are its current rows (dicts of columns), ``events`` its
    whole audit trail (any order); ``stored_events`` the trail the stored rows reflect, if
    not all of it (a correction being applied).
    """
    current = live_events(events if stored_events is None else stored_events)
    if stored_events is None and cut.known_by is None:  # the same events count
        wanted = [e for e in current if e.effective_on <= cut.as_of]
    else:
        wanted = [e for e in live_events(events, cut.known_by) if e.effective_on <= cut.as_of]
    states = [e for e in wanted if e.entity == "project" and e.field == STATE_FIELD]
    if not states:
        return None
    project = _facts_as_of(stored, current, wanted)
    project["state_since"] = states[-1].effective_on
    project["state"] = ""
    project["suspended_from"] = None
    project["started_on"] = None
    for event in states:
        new = event.new or ""
        target = definition.state_by_name.get(new)
        if target is not None and target.kind == "suspended":
            project["suspended_from"] = event.old
        else:
            project["suspended_from"] = None
        if target is not None and target.final and _forward(definition, event.old, new):
            project["started_on"] = event.effective_on
        project["state"] = new
    project["state_since"] = states[-1].effective_on
    progress = [e.effective_on for e in wanted if e.action in PROGRESS_ACTIONS]
    project["last_progress_on"] = max([project["signed_on"], *progress])
    return Replayed(project, _procedures_as_of(procedures, current, wanted, definition, calendar))


def _forward(definition: Definition, old: str | None, new: str) -> bool:
    """Whether a move from ``old`` to ``new`` is along the main line (as ``apply_move``
    decides it: a terminate, even from a suspension, is not)."""
    return any(
        t.dest == new and old in t.sources and definition.is_forward(t)
        for t in definition.transitions
    )


def _renamed(events: Sequence[EventRow]) -> dict[str, str]:
    """Each step key renamed by a workflow migration (``procedure_renamed``: old → new),
    followed to the key the procedure has now."""
    renames = {e.old: e.new for e in events if e.action == "procedure_renamed" and e.old and e.new}
    final: dict[str, str] = {}
    for old in renames:
        key, seen = old, 0
        while key in renames and seen < 100:
            key, seen = renames[key], seen + 1
        final[old] = key
    return final


def _procedures_as_of(
    procedures: Sequence[dict[str, Any]],
    current: Sequence[EventRow],
    wanted: Sequence[EventRow],
    definition: Definition,
    calendar: WorkCalendar,
) -> list[dict[str, Any]]:
    """Each stored procedure replayed through the status changes that count.

    A step renamed by a workflow migration keeps the events recorded under its old key; a
    procedure added later (facts changed, a migration) did not exist yet, one dropped no
    longer does.
    """
    renamed = _renamed(current)
    key_of = renamed.get
    added_after: set[str] = set()
    now: dict[str, list[int]] = {}  # the status events the stored rows reflect
    for event in current:
        if not event.field:
            continue
        if event.action == "procedure" and event.entity == "procedure":
            now.setdefault(key_of(event.field, event.field), []).append(event.id)
        elif event.action == "procedure_added":
            added_after.add(key_of(event.field, event.field))
    added: dict[str, bool] = {}
    by_step: dict[str, list[EventRow]] = {}
    for event in wanted:
        if not event.field:
            continue
        if event.action == "procedure" and event.entity == "procedure":
            by_step.setdefault(key_of(event.field, event.field), []).append(event)
        elif event.action == "procedure_added":
            added[key_of(event.field, event.field)] = True
        elif event.action == "procedure_removed":
            added[key_of(event.field, event.field)] = False
    result = []
    for stored in procedures:
        step = stored["step"]
        if added.get(step, step not in added_after) is False:
            continue
        events = by_step.get(step, [])
        unchanged = [e.id for e in events] == now.get(step, [])
        result.append(
            _replay_procedure(
                stored, events, definition.step_by_key.get(step), calendar, unchanged=unchanged
            )
        )
    return result


def _replay_procedure(
    stored: dict[str, Any],
    events: Sequence[EventRow],
    step: Step | None,
    calendar: WorkCalendar,
    *,
    unchanged: bool = False,
) -> dict[str, Any]:
    """A procedure's row after ``events`` (the same rules as services/procedures.py), its
    due date counted by the step's statutory clock (workflow/clock.py); ``unchanged``: the
    stored row reflects exactly these events, so its due date stands."""
    row = dict(stored)
    row.update(
        status="pending",
        submitted_on=None,
        accepted_on=None,
        approved_on=None,
        rejected_on=None,
        waived_on=None,
        waive_reason=None,
        due_on=None,
        due_provisional=False,
        updated_on=None,
    )
    history: list[tuple[date, str, str, str | None]] = []
    for event in events:
        old = row["status"]
        status, on = event.new or "pending", event.effective_on
        history.append((on, old, status, event.note))
        if status in PAUSED_STATUSES or old in PAUSED_STATUSES:
            # 补正 and legal holds keep the round's dates; a decision still dates itself
            if status in ("rejected", "approved"):
                row[f"{status}_on"] = on
            elif status == "waived":
                row.update(waived_on=on, waive_reason=event.note)
        elif status == "submitted":
            row.update(submitted_on=on, accepted_on=None, approved_on=None)
        elif status in ("accepted", "approved", "rejected"):
            if status != "accepted" or row["accepted_on"] is None:
                row[f"{status}_on"] = on
        elif status == "waived":
            row["waived_on"] = on
            row["waive_reason"] = event.note
        elif status == "pending":
            row.update(waived_on=None, waive_reason=None)
        row["status"] = status
        row["updated_on"] = on
    if row["submitted_on"] is None:
        return row
    if unchanged:
        row["due_on"] = stored["due_on"]
        row["due_provisional"] = stored.get("due_provisional", False)
    elif step is not None:
        counted = count_due(calendar, step.clock, int(row["limit_days"]), current_round(history))
        row["due_on"], row["due_provisional"] = counted.due, counted.provisional
    return row
