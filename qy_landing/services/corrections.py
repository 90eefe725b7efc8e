"""Corrections: putting a wrong record right without faking history.

A correction is a new audit event that points at the event it puts right
(``event.corrects``). The original stays in the trail; from then on it no longer counts:
the correction counts in its place (with the right value and effective date), or, for an
undo, nothing does (``action = "void"``). Undoing a correction restores what it corrected.

After the event is recorded, the project's current rows (state, facts, procedures, their
due dates) are replayed from the trail (:mod:`qy_landing.services.replay`), so every value
derived from them — overdue flags, escalation, stuck reasons, statistics — is what it would
have been had the right value been recorded in the first place. Reminders already in the
outbox keep their keys, so a corrected fact is not reminded of twice.

Who may correct which kind of record, and how far back, is set in ``[corrections]`` of the
configuration (:class:`qy_landing.config.CorrectionPolicy`); by default any staff member
may correct records of the current and the previous month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from qy_landing.config import CorrectionPolicy
from qy_landing.errors import (
    CorrectionBreaksHistoryError,
    CorrectionChangesNothingError,
    CorrectionNotAllowedError,
    CorrectionTooOldError,
    CorrectionUnsupportedError,
    NotFoundError,
    NothingToCorrectError,
    ReasonRequiredError,
    Term,
)
from qy_landing.services.changes import ProjectChange, change_project
from qy_landing.services.context import Context
from qy_landing.services.effective import (
    REGISTRATION,
    check_effective,
    check_signing,
    record_term,
)
from qy_landing.services.replay import (
    BOOL_FIELDS,
    EVENT_COLUMNS,
    FACT_ACTIONS,
    NOW,
    STATE_FIELD,
    VOID,
    EventRow,
    live_events,
    replay_project,
    typed_fact,
    voided_ids,
)
from qy_landing.store.models import (
    Assignment,
    Event,
    FundsRecord,
    Person,
    Problem,
    Reminder,
    table_of,
)
from qy_landing.vocabulary import CATALOGUE_FLAGS, PROCEDURE_STATUSES, STATUS_CHANGES, resolve

# The project columns a correction replays: its position in the workflow, and the details
# (facts) a correction may put right (the rest are identity and bookkeeping).
_STATE_COLUMNS = ("state", "state_since", "suspended_from", "started_on", "last_progress_on")
_FACT_COLUMNS = (
    "name",
    "investor",
    "unit_id",
    "introducing_unit_id",
    "chain",
    "signing_event",
    "signed_on",
    "amount",
    "major",
    "new_land",
    "hazardous",
    "approval_listed",
    "eia_full",
    "energy_tce",
    "approval_level",
    *CATALOGUE_FLAGS,
    "description",
    "planned_start_on",
)
_REPLAYED_COLUMNS = (*_STATE_COLUMNS, *_FACT_COLUMNS)
_PROCEDURE_REPLAYED = (
    "status",
    "submitted_on",
    "accepted_on",
    "approved_on",
    "rejected_on",
    "waived_on",
    "waive_reason",
    "due_on",
    "due_provisional",
    "updated_on",
)
_REGISTRATION = REGISTRATION  # registrations: what a correction never moves


@dataclass(frozen=True)
class CorrectionResult:
    """What a correction recorded and where it left the project."""

    code: str
    event: int  # the correction's own event
    corrects: int  # the event put right
    void: bool
    state: str
    what: str  # the field or step corrected


def _kind(event: EventRow) -> str:
    if event.entity == "procedure" and event.action == "procedure":
        return "procedure"
    if event.field == STATE_FIELD:
        return "state"
    if event.action in FACT_ACTIONS:
        return "fact"
    return "other"


def _events(connection: Connection, project_id: int) -> list[EventRow]:
    table = table_of(Event)
    rows = connection.execute(
        select(*(table.c[c] for c in EVENT_COLUMNS))
        .where(table.c.project_id == project_id)
        .order_by(table.c.id)
    )
    return [EventRow(**row._mapping) for row in rows]


def _month_start(day: date, back: int) -> date:
    month = day.year * 12 + day.month - 1 - back
    return date(month // 12, month % 12 + 1, 1)


class _Corrector:
    """One correction inside one project change: checks, records, replays, writes."""

    def __init__(
        self, ctx: Context, change: ProjectChange, policy: CorrectionPolicy, reason: str | None
    ) -> None:
        if not (reason and reason.strip()):
            raise ReasonRequiredError(Term("action", "correct"))
        self.ctx = ctx
        self.change = change
        self.policy = policy
        self.reason = reason.strip()
        self.events = _events(change.connection, change.project_id)
        self.stored_events = list(self.events)  # what the stored rows reflect

    def find(self, event_id: int) -> EventRow:
        for event in self.events:
            if event.id == event_id:
                return event
        raise NotFoundError("event", f"#{event_id}")

    def check(self, original: EventRow, on: date) -> None:
        actor, kind = self.ctx.actor, _kind(original)
        if not self.policy.allows(actor, kind):
            raise CorrectionNotAllowedError(actor, kind)
        earliest = _month_start(self.ctx.today(), self.policy.months_back)
        for day in (original.effective_on, on):
            if day < earliest:
                raise CorrectionTooOldError(day, earliest)
        if original.action not in _REGISTRATION:  # (registered on the signing itself)
            # the one check of every command: not in the future, not before the signing,
            # and a moved date stays between the records of the same thing around it
            moved = on != original.effective_on
            before, after = self._neighbours(original) if moved else (None, None)
            check_effective(
                self.change,
                on,
                Term("action", "correct"),
                previous=record_term(before) if before else None,
                previous_on=before.effective_on if before else None,
                following=record_term(after) if after else None,
                following_on=after.effective_on if after else None,
            )
        if original.id in voided_ids(self.events):
            raise CorrectionBreaksHistoryError(original.id, _corrector_of(self.events, original))

    def _neighbours(self, original: EventRow) -> tuple[EventRow | None, EventRow | None]:
        """The records of the same thing (a procedure's status, the project's state, one
        problem, one assignment, one detail) just before and just after ``original``."""
        thread = [
            e for e in live_events(self.events) if e.id == original.id or _same_thing(e, original)
        ]
        at = next((i for i, e in enumerate(thread) if e.id == original.id), None)
        if at is None:
            return None, None
        before = thread[at - 1] if at > 0 else None
        after = thread[at + 1] if at + 1 < len(thread) else None
        return before, after

    def record(
        self, original: EventRow, *, on: date, new: str | None, void: bool = False
    ) -> dict[str, Any]:
        """The correction event (written at once, so replay sees it)."""
        values: dict[str, Any] = {
            "project_id": self.change.project_id,
            "entity": original.entity,
            "entity_id": original.entity_id,
            "action": VOID if void else original.action,
            "field": original.field,
            "old": original.new if void else original.old,
            "new": None if void else new,
            "actor": self.ctx.actor,
            "recorded_at": self.ctx.clock.now(),
            "effective_on": on,
            "note": self.reason,
            "corrects": original.id,
        }
        table = table_of(Event)
        new_id = self.change.connection.execute(
            insert(table).returning(table.c.id), values
        ).scalar_one()
        values["id"] = new_id
        row = EventRow(**{c: values[c] for c in EVENT_COLUMNS})
        _check_history([*self.events, row])
        self.events.append(row)
        return values

    def replay(self) -> None:
        """Set the project's current rows to what its trail now says."""
        change = self.change
        project = change.project
        stored = {c: getattr(project, c) for c in _REPLAYED_COLUMNS}
        stored["id"] = project.id
        procedures = {step: vars(p).copy() for step, p in change.procedures.items()}
        replayed = replay_project(
            stored,
            list(procedures.values()),
            self.events,
            NOW,
            change.definition,
            self.ctx.calendar(),
            self.stored_events,
        )
        assert replayed is not None, "a registered project always replays"
        progress_was = project.last_progress_on
        for column in _REPLAYED_COLUMNS:
            setattr(project, column, replayed.project[column])
        _rekey(change.connection, "stall", project.id, progress_was, project.last_progress_on)
        for row in replayed.procedures:
            record = change.procedures[row["step"]]
            due_was = record.due_on
            for column in _PROCEDURE_REPLAYED:
                setattr(record, column, row[column])
            if record.id is not None and record.submitted_on is not None:
                _rekey(change.connection, "overdue", record.id, due_was, record.due_on)


def _same_thing(event: EventRow, original: EventRow) -> bool:
    if original.field == STATE_FIELD and original.entity == "project":
        return event.field == STATE_FIELD and event.entity == "project"
    if original.entity == "procedure":
        return (
            event.entity == "procedure"
            and event.action == "procedure"
            and event.field == original.field
        )
    return (event.entity, event.entity_id, event.field) == (
        original.entity,
        original.entity_id,
        original.field,
    ) and event.action not in _REGISTRATION


def _rekey(
    connection: Connection, kind: str, about: int, was: date | None, now: date | None
) -> None:
    """Reminders already in the outbox about a fact whose date a correction moved keep
    counting as sent: their keys follow the corrected date (``overdue:<procedure>:<due>:…``,
    ``stall:<project>:<last progress>:…``), so the same reminder is not sent again."""
    if was is None or now is None or was == now:
        return
    table = table_of(Reminder)
    old, new = f"{kind}:{about}:{was.isoformat()}:", f"{kind}:{about}:{now.isoformat()}:"
    column = table.c.procedure_id if kind == "overdue" else table.c.project_id
    taken = select(table.c.key).where(table.c.key.startswith(new))
    connection.execute(
        update(table)
        .where(column == about, table.c.kind == kind, table.c.key.startswith(old))
        .where(func.replace(table.c.key, old, new).not_in(taken))
        .values(key=func.replace(table.c.key, old, new))
    )


def _corrector_of(events: Sequence[EventRow], original: EventRow) -> int:
    return max((e.id for e in events if e.corrects == original.id), default=original.id)


def _check_history(events: Sequence[EventRow]) -> None:
    """Every state change starts where the one before ended; every status change is one
    the procedure could make from its status before."""
    live = live_events(events)
    state: str | None = None
    last: EventRow | None = None
    statuses: dict[str, tuple[str, EventRow | None]] = {}
    for event in live:
        if event.field == STATE_FIELD and event.entity == "project":
            if last is not None and event.old != state and event.action not in _REGISTRATION:
                raise CorrectionBreaksHistoryError(last.id, event.id)
            state, last = event.new, event
        elif event.entity == "procedure" and event.action == "procedure" and event.field:
            before, previous = statuses.get(event.field, ("pending", None))
            new = event.new or "pending"
            if new not in STATUS_CHANGES.get(before, ()) and new != before:
                raise CorrectionBreaksHistoryError(previous.id if previous else event.id, event.id)
            statuses[event.field] = (new, event)


def _policy(policy: CorrectionPolicy | None) -> CorrectionPolicy:
    if policy is not None:
        return policy
    from qy_landing.config import load_config

    return load_config().corrections


def _result(change: ProjectChange, recorded: dict[str, Any], what: str) -> CorrectionResult:
    return CorrectionResult(
        change.project.code,
        int(recorded["id"]),
        int(recorded["corrects"]),
        recorded["action"] == VOID,
        change.project.state,
        what,
    )


# --- the corrections ---------------------------------------------------------------------


def correct_procedure(
    ctx: Context,
    code: str,
    step: str,
    *,
    reason: str | None,
    status: str | None = None,
    on: date | None = None,
    policy: CorrectionPolicy | None = None,
) -> CorrectionResult:
    """Correct the status and/or effective date of ``step``'s latest status change."""
    from qy_landing.services.procedures import resolve_step

    new_status = resolve("status", status, PROCEDURE_STATUSES) if status else None
    with change_project(ctx, code) as change:
        corrector = _Corrector(ctx, change, _policy(policy), reason)
        key = resolve_step(change.definition, step)
        latest = [
            e
            for e in live_events(corrector.events)
            if e.entity == "procedure" and e.action == "procedure" and e.field == key
        ]
        if not latest:
            raise NothingToCorrectError(
                change.project.code, change.definition.step_by_key[key].name
            )
        original = latest[-1]
        effective = on or original.effective_on
        new = new_status or original.new
        if (new, effective) == (original.new, original.effective_on):
            raise CorrectionChangesNothingError(original.id)
        corrector.check(original, effective)
        recorded = corrector.record(original, on=effective, new=new)
        corrector.replay()
    return _result(change, recorded, key)


def correct_fact(
    ctx: Context,
    code: str,
    field: str,
    value: str,
    *,
    reason: str | None,
    policy: CorrectionPolicy | None = None,
) -> CorrectionResult:
    """Correct a project detail: its latest change, or the value registered with it."""
    from qy_landing.errors import ChoiceError

    with change_project(ctx, code) as change:
        corrector = _Corrector(ctx, change, _policy(policy), reason)
        column = {"unit": "unit_id", "introduced_by": "introducing_unit_id"}.get(field, field)
        if column not in _FACT_COLUMNS:
            raise ChoiceError("option", field, list(_FACT_COLUMNS))
        new = _fact_text(change, column, value)
        live = live_events(corrector.events)
        changed = [e for e in live if e.action in FACT_ACTIONS and e.field == column]
        # A detail never changed since it was registered: the correction points at the
        # registration and counts from the signing, as if the right value had been registered.
        registration = next(e for e in live if e.field == STATE_FIELD)
        original = changed[-1] if changed else registration
        corrector.check(original, original.effective_on)
        if changed:
            recorded = corrector.record(original, on=original.effective_on, new=new)
        else:
            recorded = _registered_fact(corrector, original, column, new)
        corrector.replay()
        from qy_landing.services.registration import reconcile_procedures

        reconcile_procedures(change, original.effective_on)
    return _result(change, recorded, column)


def _fact_text(change: ProjectChange, column: str, value: str) -> str:
    from qy_landing.parsing import parse_amount
    from qy_landing.vocabulary import CHAINS

    if column in ("unit_id", "introducing_unit_id"):
        from qy_landing.services.units import find_unit

        return str(find_unit(change.session, value).id)
    if column == "chain":
        return resolve("chain", value, CHAINS)
    if column == "amount":
        return str(parse_amount(value))
    if column == "approval_level":  # a level that approves (核准); filing is approval_listed
        from qy_landing.vocabulary import APPROVALS

        return resolve("approval", value, [a for a in APPROVALS if a != "filing"])
    if column in BOOL_FIELDS:
        from qy_landing.errors import InvalidValueError, Msg

        truth = value.strip().casefold()
        if truth not in ("true", "false", "yes", "no", "1", "0", "是", "否"):
            raise InvalidValueError(column, value, Msg("expect.yes_no"))
        return str(truth in ("true", "yes", "1", "是"))
    typed = typed_fact(column, value)  # a date or a number must parse
    if column == "signed_on":
        check_signing(change, typed)
    return value


def _registered_fact(
    corrector: _Corrector, registration: EventRow, column: str, new: str
) -> dict[str, Any]:
    change = corrector.change
    old = getattr(change.project, column)
    values: dict[str, Any] = {
        "project_id": change.project_id,
        "entity": "project",
        "entity_id": change.project_id,
        "action": "fact_corrected",
        "field": column,
        "old": None if old is None else str(old),
        "new": new,
        "actor": corrector.ctx.actor,
        "recorded_at": corrector.ctx.clock.now(),
        "effective_on": registration.effective_on,
        "note": corrector.reason,
        "corrects": None,
    }
    table = table_of(Event)
    values["id"] = change.connection.execute(
        insert(table).returning(table.c.id), values
    ).scalar_one()
    corrector.events.append(EventRow(**{c: values[c] for c in EVENT_COLUMNS}))
    values["corrects"] = registration.id
    return values


def undo_move(
    ctx: Context, code: str, *, reason: str | None, policy: CorrectionPolicy | None = None
) -> CorrectionResult:
    """Undo the project's latest state change (and the levels it passed with it), e.g. a
    mistaken terminate: the project is back where it was."""
    with change_project(ctx, code) as change:
        corrector = _Corrector(ctx, change, _policy(policy), reason)
        moves = [e for e in live_events(corrector.events) if e.field == STATE_FIELD]
        if len(moves) < 2:
            raise NothingToCorrectError(change.project.code, Term("noun", "state"))
        # the latest move, with the levels passed automatically after it
        group = [moves[-1]]
        while group[0].action == "auto_pass" and len(moves) > len(group) + 1:
            group.insert(0, moves[-len(group) - 1])
        recorded: dict[str, Any] = {}
        for event in reversed(group):
            corrector.check(event, event.effective_on)
            recorded = corrector.record(event, on=event.effective_on, new=None, void=True)
        corrector.replay()
    return _result(change, recorded, STATE_FIELD)


def correct_event(
    ctx: Context,
    event_id: int,
    *,
    reason: str | None,
    on: date | None = None,
    value: str | None = None,
    undo: bool = False,
    policy: CorrectionPolicy | None = None,
) -> CorrectionResult:
    """Correct one recorded event by its number: its effective date and/or value, or undo
    it (``undo``). Undoing a correction restores what it corrected."""
    code = _code_of(ctx, event_id)
    with change_project(ctx, code) as change:
        corrector = _Corrector(ctx, change, _policy(policy), reason)
        original = corrector.find(event_id)
        if original.action in _REGISTRATION or (original.action == VOID and not undo):
            raise CorrectionUnsupportedError(original.id, original.action)
        effective = on or original.effective_on
        corrector.check(original, effective)
        if undo:
            if original.action == VOID and original.corrects is not None:
                _redo_rows(change, corrector.find(original.corrects))
            elif original.corrects is not None:
                earlier = corrector.find(original.corrects)
                _move_rows(change, earlier, earlier.effective_on)
            else:
                _undo_rows(change, original)
            recorded = corrector.record(original, on=original.effective_on, new=None, void=True)
        else:
            new = original.new if value is None else _value_text(change, original, value)
            if (new, effective) == (original.new, original.effective_on):
                raise CorrectionChangesNothingError(original.id)
            if original.entity in ("funds", "problem", "assignment") and new != original.new:
                raise CorrectionUnsupportedError(original.id, original.action)
            recorded = corrector.record(original, on=effective, new=new)
            _move_rows(change, original, effective)
        corrector.replay()
    return _result(change, recorded, original.field or original.action)


def _code_of(ctx: Context, event_id: int) -> str:
    from qy_landing.store.models import Project

    with ctx.db.read() as session:
        event = session.get(Event, event_id)
        project = session.get(Project, event.project_id) if event and event.project_id else None
    if project is None:
        raise NotFoundError("event", f"#{event_id}")
    return project.code


def _value_text(change: ProjectChange, original: EventRow, value: str) -> str:
    if original.entity == "procedure" and original.action == "procedure":
        return resolve("status", value, PROCEDURE_STATUSES)
    if original.action in FACT_ACTIONS and original.field:
        return _fact_text(change, original.field, value)
    raise CorrectionUnsupportedError(original.id, original.action)


def _undo_rows(change: ProjectChange, event: EventRow) -> None:
    """Rows that exist only because of ``event`` (funds, problems, assignments) go with it."""
    connection = change.connection
    if event.entity == "funds" and event.entity_id is not None:
        table = table_of(FundsRecord)
        connection.execute(delete(table).where(table.c.id == event.entity_id))
    elif event.action == "problem_open" and event.entity_id is not None:
        table = table_of(Problem)
        connection.execute(delete(table).where(table.c.id == event.entity_id))
    elif event.action == "problem_resolve" and event.entity_id is not None:
        table = table_of(Problem)
        connection.execute(
            update(table)
            .where(table.c.id == event.entity_id)
            .values(resolved_on=None, resolution=None)
        )
    elif event.action == "assign" and event.field:
        assignment = table_of(Assignment)
        connection.execute(
            delete(assignment).where(
                assignment.c.project_id == change.project_id,
                assignment.c.role == event.field,
                assignment.c.person_id.in_(_persons(connection, event, event.new)),
            )
        )
    elif event.action == "unassign" and event.field:
        person_id = _person_of(connection, event, event.old)
        if person_id is None:
            raise CorrectionUnsupportedError(event.id, event.action)
        assignment = table_of(Assignment)
        connection.execute(
            insert(assignment).values(
                project_id=change.project_id,
                person_id=person_id,
                role=event.field,
                assigned_on=event.effective_on,
            )
        )
    elif event.entity in ("funds", "problem", "assignment"):
        raise CorrectionUnsupportedError(event.id, event.action)


def _persons(connection: Connection, event: EventRow, name: str | None) -> Any:
    """The person an assignment event names: by id where the event carries it, else by name."""
    person = table_of(Person)
    found = _person_of(connection, event, name)
    if found is not None:
        return select(person.c.id).where(person.c.id == found)
    return select(person.c.id).where(person.c.name == name)


def _person_of(connection: Connection, event: EventRow, name: str | None) -> int | None:
    if event.entity_id is None:
        return None
    person = table_of(Person)
    found = connection.execute(
        select(person.c.id).where(person.c.id == event.entity_id, person.c.name == name)
    ).scalar()
    return int(found) if found is not None else None


def _move_rows(change: ProjectChange, event: EventRow, on: date) -> None:
    """A funds record or a problem moved to its corrected date."""
    connection = change.connection
    if event.entity == "funds" and event.entity_id is not None:
        table = table_of(FundsRecord)
        connection.execute(
            update(table).where(table.c.id == event.entity_id).values(received_on=on)
        )
    elif event.action in ("problem_open", "problem_resolve") and event.entity_id is not None:
        table = table_of(Problem)
        column = "opened_on" if event.action == "problem_open" else "resolved_on"
        connection.execute(update(table).where(table.c.id == event.entity_id).values({column: on}))


def _redo_rows(change: ProjectChange, event: EventRow) -> None:
    """An undo undone: rows it removed come back where the trail allows it."""
    if event.entity == "problem" and event.action == "problem_resolve" and event.entity_id:
        table = table_of(Problem)
        change.connection.execute(
            update(table)
            .where(table.c.id == event.entity_id)
            .values(resolved_on=event.effective_on, resolution=event.new)
        )
    elif event.entity in ("funds", "problem", "assignment"):
        raise CorrectionUnsupportedError(event.id, event.action)
