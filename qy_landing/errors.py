"""Every error the library raises on purpose, each carrying typed fields.

One root, :class:`LandingError`: its message is built once, from a catalogue key
(``key``) and the error's fields, in the language asked for; the CLI maps the root to a
one-line message and an exit code, so no caller formats error text itself. Each class
sets its fields as typed attributes (mypy checks ``err.allowed``) and hands the same
values to the root as the message fields.

All error classes live here, so a reader
finds every way the library can fail in one file. A catalogue test
(tests/test_errors.py) checks that every class's key has a Chinese and an English text.

The bilingual value types an error carries (:class:`~qy_landing.i18n.Term`,
:class:`~qy_landing.i18n.Msg`, :class:`~qy_landing.i18n.Trigger`) live in
:mod:`qy_landing.i18n`; they are re-exported here for the modules that raise errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from qy_landing.i18n import Msg, Term, Trigger, render_message, terms, triggers

__all__ = [
    "AccountsNeedPostgresError",
    "AmbiguousError",
    "BadKindError",
    "BadStatusError",
    "CellValueError",
    "ChoiceError",
    "ConditionSyntaxError",
    "ConfigError",
    "ConflictError",
    "DatabaseError",
    "DateOrderError",
    "DeliveryError",
    "DemoExistsError",
    "DemoFiguresError",
    "DemoForeignTargetError",
    "DemoNotDemoError",
    "DemoPlanError",
    "DemoResetNotFileError",
    "DemoTargetNotEmptyError",
    "DependencyNotMetError",
    "DuplicateError",
    "ImportRejectedError",
    "ImportStoppedError",
    "InvalidValueError",
    "LandingError",
    "LedgerDuplicateColumnError",
    "LedgerError",
    "LedgerFormatError",
    "LedgerHeaderNotFoundError",
    "LedgerMissingColumnsError",
    "LedgerUnreadableError",
    "Msg",
    "NoNextStepError",
    "NotFoundError",
    "NotPermittedError",
    "OtherUnitError",
    "PermanentDeliveryError",
    "ProblemResolvedError",
    "ProcedureNotApplicableError",
    "ProjectClosedError",
    "ProjectNotFoundError",
    "RateLimitedError",
    "ReasonRequiredError",
    "RowProblem",
    "SchemaMissingError",
    "SchemaTooNewError",
    "StatusChangeNotAllowedError",
    "Term",
    "TransitionBlockedError",
    "TransitionNotAllowedError",
    "Trigger",
    "WorkdayOrClosedError",
    "WorkflowDefinitionError",
    "terms",
    "triggers",
]


class LandingError(Exception):
    """Raised for every user-facing failure; ``key`` names its message in the catalogue."""

    key: ClassVar[str] = "error.generic"
    exit_code: ClassVar[int] = 1

    def __init__(self, **fields: Any) -> None:
        # the message fields; subclasses also keep each one as a typed attribute
        self.fields: dict[str, Any] = fields
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        return render_message(self.key, lang, self.fields)


# --- lookups ----------------------------------------------------------------------------------


class NotFoundError(LandingError, LookupError):
    """Raised when something named by the user (a unit, a person, a workflow …) does not exist."""

    key = "error.not_found"

    def __init__(
        self, what: str, value: str, allowed: Sequence[object] = (), **more: object
    ) -> None:
        self.what = what
        self.value = value
        self.allowed: list[object] = list(allowed)
        super().__init__(what=Term("noun", what), value=value, allowed=self.allowed, **more)

    def render(self, lang: str = "en") -> str:
        # Without anything to suggest, say only what was not found.
        hints = self.fields.get("allowed") or self.fields.get("suggestions")
        return render_message(self.key if hints else "error.not_found_bare", lang, self.fields)


class ProjectNotFoundError(NotFoundError):
    """Raised when no project has the given code; suggests close codes."""

    key = "error.project_not_found"

    def __init__(self, code: str, suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.suggestions = list(suggestions)
        super().__init__("project", code, suggestions=self.suggestions)


class AmbiguousError(LandingError, LookupError):
    """Raised when a name matches several things (two persons called 张伟 in different units)."""

    key = "error.ambiguous"

    def __init__(self, what: str, value: str, candidates: Sequence[str]) -> None:
        self.what = what
        self.value = value
        self.candidates = list(candidates)
        super().__init__(what=Term("noun", what), value=value, candidates=self.candidates)


# --- values -----------------------------------------------------------------------------------


class InvalidValueError(LandingError, ValueError):
    """Raised when a value has the wrong form or range; ``expected`` says the right one."""

    key = "error.invalid_value"

    def __init__(self, what: str, value: object, expected: str | Term | Msg) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        super().__init__(what=Term("noun", what), value=value, expected=expected)


class IndicatorLikeBuiltinError(InvalidValueError):
    """Raised when an indicator the office adds is written almost like a built-in one (a
    likely typo that would start a new, never-measured indicator); names the built-in."""

    key = "error.indicator_like_builtin"

    def __init__(self, value: str, builtin: str) -> None:
        self.what = "indicator"
        self.value = value
        self.expected = Term("indicator", builtin)
        self.builtin = builtin
        LandingError.__init__(self, value=value, builtin=builtin, name=self.expected)


class ProjectCodeError(InvalidValueError):
    """Raised when a project code (项目代码) is malformed, its time or region code is wrong,
    or its region does not belong to the landing unit; ``shape`` shows the right form."""

    key = "error.project_code"

    def __init__(self, value: str, problem: Msg, shape: Msg) -> None:
        self.what = "project_code"
        self.value = value
        self.expected = shape
        self.problem = problem
        self.shape = shape
        LandingError.__init__(self, value=value, problem=problem, shape=shape)


class ChoiceError(LandingError, ValueError):
    """Raised when a value is not one of a fixed set of choices; lists the allowed ones and
    the closest to what was typed."""

    key = "error.choice"

    def __init__(self, what: str, value: object, allowed: Sequence[object]) -> None:
        self.what = what
        self.value = value
        self.allowed: list[object] = list(allowed)
        super().__init__(what=Term("noun", what), value=value, allowed=self.allowed)

    def render(self, lang: str = "en") -> str:
        from difflib import get_close_matches

        from qy_landing.i18n import fold, format_value, render_message

        message = render_message(self.key, lang, self.fields)
        names: dict[str, str] = {}  # every way to type a choice -> its name in ``lang``
        for allowed in self.allowed:
            shown = format_value(allowed, lang)
            typed = [format_value(allowed, other) for other in ("zh", "en")]
            typed.append(str(getattr(allowed, "value", getattr(allowed, "key", shown))))
            for alias in typed:
                names.setdefault(fold(alias), shown)
        close = get_close_matches(fold(str(self.fields["value"])), list(names), n=3, cutoff=0.6)
        suggested = list(dict.fromkeys(names[c] for c in close))
        if not suggested:
            return message
        return message + render_message("error.did_you_mean", lang, {"names": suggested})


class BadKindError(ChoiceError):
    """Raised when a reminder kind (``--kind``) is not monthly, overdue or all."""

    def __init__(self, value: str, allowed: Sequence[str]) -> None:
        super().__init__("reminder_kind", value, allowed)


class BadStatusError(ChoiceError):
    """Raised when a reminder status (``--status``) is not one of the outbox's statuses."""

    def __init__(self, value: str, allowed: Sequence[str]) -> None:
        super().__init__("reminder_status", value, allowed)


class DuplicateError(LandingError, ValueError):
    """Raised when a name or code that must be unique is taken already."""

    key = "error.duplicate"

    def __init__(self, what: str, value: str) -> None:
        self.what = what
        self.value = value
        super().__init__(what=Term("noun", what), value=value)


class ReasonRequiredError(LandingError, ValueError):
    """Raised when an action (suspend, terminate …) is asked for without a reason."""

    key = "error.reason_required"

    def __init__(self, action: Term) -> None:
        self.action = action
        super().__init__(action=action)


class DateOrderError(LandingError, ValueError):
    """Raised when a date lies before a date it must follow (approved before submitted …)."""

    key = "error.date_order"

    def __init__(self, what: Term, on: object, earlier: Term, earlier_on: object) -> None:
        self.what = what
        self.on = on
        self.earlier = earlier
        self.earlier_on = earlier_on
        super().__init__(what=what, on=on, earlier=earlier, earlier_on=earlier_on)


class WorkdayOrClosedError(LandingError, ValueError):
    """Raised when ``calendar set`` is given neither ``--workday`` nor ``--closed``."""

    key = "cli.error.workday_or_closed"


# --- workflow -----------------------------------------------------------------------------------


class TransitionNotAllowedError(LandingError):
    """Raised when a trigger is not allowed in the project's current state."""

    key = "error.transition_not_allowed"

    def __init__(self, project: str, trigger: str, state: object, allowed: Sequence[str]) -> None:
        self.project = project
        self.trigger = trigger
        self.state = state
        self.allowed = list(allowed)
        super().__init__(
            project=project, trigger=Trigger(trigger), state=state, allowed=triggers(allowed)
        )


class TransitionBlockedError(LandingError):
    """Raised when a trigger is allowed in this state but its guard does not hold yet."""

    key = "error.transition_blocked"

    def __init__(
        self, project: str, trigger: str, state: object, blocking: Sequence[object]
    ) -> None:
        self.project = project
        self.trigger = trigger
        self.state = state
        self.blocking = list(blocking)
        super().__init__(
            project=project, trigger=Trigger(trigger), state=state, blocking=self.blocking
        )


class NoNextStepError(LandingError):
    """Raised when ``advance`` finds no single next trigger (none, or several) to take."""

    key = "error.no_next_step"

    def __init__(self, project: str, state: object, allowed: Sequence[str]) -> None:
        self.project = project
        self.state = state
        self.allowed = list(allowed)
        super().__init__(project=project, state=state, allowed=triggers(allowed))


class ProjectClosedError(LandingError):
    """Raised when a suspended, started or terminated project's procedures are changed."""

    key = "error.project_closed"

    def __init__(self, project: str, state: object) -> None:
        self.project = project
        self.state = state
        super().__init__(project=project, state=state)


class StatusChangeNotAllowedError(LandingError):
    """Raised when a procedure status may not follow the current one (approved → pending)."""

    key = "error.status_change_not_allowed"

    def __init__(
        self, project: str, step: object, current: Term, wanted: Term, allowed: Sequence[Term]
    ) -> None:
        self.project = project
        self.step = step
        self.current = current
        self.wanted = wanted
        self.allowed = list(allowed)
        super().__init__(
            project=project, step=step, current=current, wanted=wanted, allowed=self.allowed
        )


class DependencyNotMetError(LandingError):
    """Raised when a procedure is submitted before the procedures it depends on are done."""

    key = "error.dependency_not_met"

    def __init__(self, project: str, step: object, missing: Sequence[object]) -> None:
        self.project = project
        self.step = step
        self.missing = list(missing)
        super().__init__(project=project, step=step, missing=self.missing)


class ProcedureNotApplicableError(LandingError):
    """Raised when a procedure is changed that does not apply to the project (not required)."""

    key = "error.procedure_not_applicable"

    def __init__(self, project: str, step: object) -> None:
        self.project = project
        self.step = step
        super().__init__(project=project, step=step)


class ProblemResolvedError(LandingError):
    """Raised when a problem already resolved is resolved again."""

    key = "error.problem_resolved"

    def __init__(self, id: int, on: object) -> None:
        self.id = id
        self.on = on
        super().__init__(id=id, on=on)


class ConflictError(LandingError):
    """Raised when someone else changed the project between our read and our write."""

    key = "error.conflict"

    def __init__(
        self, project: str, expected: int | None = None, actual: int | None = None
    ) -> None:
        self.project = project
        self.expected = expected
        self.actual = actual
        super().__init__(project=project, expected=expected, actual=actual)


class WorkflowDefinitionError(LandingError):
    """Raised when a workflow file is invalid: names the file, the line or key, the problem."""

    key = "error.workflow_definition"

    def __init__(self, file: str, location: str, problem: Msg | str) -> None:
        self.file = file
        self.location = location
        self.problem = problem
        super().__init__(file=file, location=location, problem=problem)


class ConditionSyntaxError(ValueError):
    """Raised when a step's condition does not parse; the loader adds the file and line.

    Not a LandingError: it reaches the user only inside a :class:`WorkflowDefinitionError`.
    """

    def __init__(self, key: str, **fields: object) -> None:
        self.msg = Msg(f"wf.cond.{key}", **fields)
        super().__init__(str(self.msg))


# --- storage ------------------------------------------------------------------------------------


class SchemaTooNewError(LandingError):
    """Raised when the database was migrated by a newer qy-landing than this one."""

    key = "error.schema_too_new"

    def __init__(self, database_revision: str, code_revision: str) -> None:
        self.database_revision = database_revision
        self.code_revision = code_revision
        super().__init__(database_revision=database_revision, code_revision=code_revision)


class SchemaMissingError(LandingError):
    """Raised when the database has no qy-landing tables (``init`` was not run)."""

    key = "error.schema_missing"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url=url)


class DatabaseError(LandingError):
    """Raised when the database cannot be opened or answers with a driver error."""

    key = "error.database"

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(url=url, reason=reason)


# --- accounts and row-level security (PostgreSQL) ------------------------------------------------


class OtherUnitError(LandingError, PermissionError):
    """Raised when a login reads or changes a project that belongs to another unit."""

    key = "error.other_unit"

    def __init__(self, project: str, unit: str) -> None:
        self.project = project
        self.unit = unit
        super().__init__(project=project, unit=unit)


class NotPermittedError(LandingError, PermissionError):
    """Raised when the database refuses what the connected login's roles do not allow."""

    key = "error.not_permitted"

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(login=login)


class AccountsNeedPostgresError(LandingError):
    """Raised when accounts are managed on a SQLite database, which has no logins."""

    key = "error.accounts_need_postgres"

    def __init__(self) -> None:
        super().__init__()


# --- configuration ------------------------------------------------------------------------------


class ConfigError(LandingError, ValueError):
    """Raised when qy-landing.toml or an environment variable holds a wrong value or key."""

    key = "error.config"

    def __init__(self, source: str, problem: Msg | str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(source=source, problem=problem)


# --- ledgers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an imported ledger."""

    row: int
    column: str
    reason: Msg | str
    # the error behind the problem, raised as such when a single project is registered
    error: LandingError | None = field(default=None, compare=False, repr=False)

    def localize(self, lang: str) -> str:
        fields = {"row": self.row, "column": self.column, "reason": self.reason}
        return render_message("error.row_problem", lang, fields)


class ImportRejectedError(LandingError):
    """Raised when a ledger has bad rows: nothing was imported; every problem is listed."""

    key = "error.import_rejected"

    def __init__(self, file: str, problems: Sequence[RowProblem]) -> None:
        self.file = file
        self.problems = list(problems)
        self.count = len({p.row for p in problems})
        super().__init__(file=file, count=self.count, problems=self.problems)


class ImportStoppedError(ImportRejectedError):
    """Raised when a checked ledger stopped between its write batches: the earlier batches
    are written, the rest not; importing the same file again completes it."""

    key = "error.import_stopped"

    def __init__(
        self,
        file: str,
        problems: Sequence[RowProblem],
        *,
        written: int,
        batches: int,
        last_written_row: int,
        resume_row: int,
    ) -> None:
        self.written = written
        self.batches = batches
        self.last_written_row = last_written_row
        self.resume_row = resume_row
        super().__init__(file, problems)
        self.fields.update(
            written=written,
            batches=batches,
            last_written_row=last_written_row,
            resume_row=resume_row,
        )
        self.args = (self.render("en"),)


class LedgerError(LandingError):
    """Raised when a ledger file cannot be imported as a whole (rather than some bad rows)."""

    key = "ledger.error.unreadable"


class LedgerFormatError(LedgerError):
    """Raised when a ledger file is neither ``.xlsx`` nor ``.csv``."""

    key = "ledger.error.format"

    def __init__(self, file: str) -> None:
        self.file = file
        super().__init__(file=file)


class SheetNotRecognisedError(LedgerError):
    """Raised when a file has no progress-sheet header (no ``ref`` column)."""

    key = "sheet.error.no_sheet"

    def __init__(self, file: str) -> None:
        self.file = file
        super().__init__(file=file)


class LedgerUnreadableError(LedgerError):
    """Raised when a ledger is missing, damaged, or in a text encoding we cannot tell."""

    key = "ledger.error.unreadable"

    def __init__(self, file: str, reason: Msg | str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(file=file, reason=reason)


class LedgerHeaderNotFoundError(LedgerError):
    """Raised when no row among the first ``rows`` of any sheet looks like a ledger header."""

    key = "ledger.error.no_header"

    def __init__(self, file: str, sheets: Sequence[str] = (), rows: int = 10) -> None:
        self.file = file
        self.sheets = list(sheets)
        self.rows = rows
        super().__init__(file=file, sheets=self.sheets, rows=rows)


class LedgerMissingColumnsError(LedgerError):
    """Raised when the header lacks required columns; names them and the headers accepted."""

    key = "ledger.error.missing_columns"

    def __init__(
        self,
        file: str,
        header_row: int,
        missing: Sequence[str],
        accepted: Sequence[str],
        gaps: bool = False,
    ) -> None:
        self.file = file
        self.header_row = header_row
        self.missing = list(missing)
        self.accepted = list(accepted)
        self.gaps = gaps  # blank header cells between named ones: merged cells?
        super().__init__(
            file=file,
            header_row=header_row,
            missing=[Term("ledger.column", m) for m in missing],
            accepted=self.accepted,
            missing_keys=self.missing,
        )

    def render(self, lang: str = "en") -> str:
        message = super().render(lang)
        if self.gaps:
            message += render_message("ledger.hint.merged", lang, self.fields)
        return message


class LedgerDuplicateColumnError(LedgerError):
    """Raised when two header columns mean the same field (投资方 and 投资主体 …)."""

    key = "ledger.error.duplicate_column"

    def __init__(self, file: str, column: str, first: str, second: str) -> None:
        self.file = file
        self.column = column
        self.first = first
        self.second = second
        super().__init__(
            file=file, column=Term("ledger.column", column), first=first, second=second
        )


class CellValueError(ValueError):
    """Raised when a ledger cell cannot be read; ``reason`` says what was expected.

    Not a LandingError: it never reaches the user alone, only as a row problem.
    """

    def __init__(self, reason: Msg) -> None:
        super().__init__(reason.key)
        self.reason = reason


# --- reminders ----------------------------------------------------------------------------------


class DeliveryError(Exception):
    """Raised by a channel when delivery failed this time; the reminder is tried again later.

    Not a LandingError: the delivery loop records it on the reminder, it never ends a command.
    Given a catalogue message (``remind.delivery.*``) instead of a text, the CLI shows it in
    the user's language; the text recorded on the reminder and logged is its English form.
    """

    def __init__(self, message: str | Msg) -> None:
        self.msg = message if isinstance(message, Msg) else None
        super().__init__(message.render("en") if isinstance(message, Msg) else message)


class PermanentDeliveryError(DeliveryError):
    """Raised when delivery cannot succeed until someone changes the data or configuration."""


class RateLimitedError(DeliveryError):
    """Raised when a platform refuses for now because of its rate limits; retried later."""

    def __init__(self, message: str | Msg, retry_after: float = 60.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --- commitments (qy_landing.services.commitments) ----------------------------------------------


class CommitmentNotFoundError(LandingError, LookupError):
    """Raised when no commitment has the number given."""

    key = "meeting.error.commitment_not_found"

    def __init__(self, id: int) -> None:
        super().__init__(id=id)


class CommitmentClosedError(LandingError, ValueError):
    """Raised when a commitment is already done or withdrawn (a correction is a new one)."""

    key = "meeting.error.commitment_closed"

    def __init__(self, id: int, status: str, on: date | None) -> None:
        super().__init__(id=id, status=Msg(f"meeting.status.{status}"), on=on)


class DueBeforeMadeError(LandingError, ValueError):
    """Raised when a commitment would fall due before the day it is made."""

    key = "meeting.error.due_before_made"

    def __init__(self, due: date, made: date) -> None:
        super().__init__(due=due, made=made)


# --- the demo database (qy_landing.demo) ----------------------------------------------------------


class DemoTargetNotEmptyError(LandingError):
    """Raised when the demo would be written into a database that is not empty."""

    key = "demo.error.not_empty"

    def __init__(self, url: str, projects: int, events: int) -> None:
        self.url = url
        self.projects = projects
        self.events = events
        super().__init__(url=url, projects=projects, events=events)


class DemoFiguresError(LandingError):
    """Raised when the built database does not show the figures the plan promised (a bug)."""

    key = "demo.error.figures"

    def __init__(self, differences: list[tuple[str, object, object]]) -> None:
        self.differences = differences
        text = "; ".join(f"{name}: {want} ≠ {got}" for name, want, got in differences)
        super().__init__(differences=text)


class DemoExistsError(LandingError):
    """Raised when a demo database is already there and ``reset`` was not asked for."""

    key = "demo.error.exists"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url=url)


class DemoNotDemoError(LandingError):
    """Raised when the demo's target holds real data: it is never touched, reset or not."""

    key = "demo.error.not_demo"

    def __init__(self, url: str, projects: int) -> None:
        self.url = url
        self.projects = projects
        super().__init__(url=url, projects=projects)


class DemoForeignTargetError(LandingError):
    """Raised when the demo's target is something else than a qy-landing database."""

    key = "demo.error.foreign"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url=url)


class DemoResetNotFileError(LandingError):
    """Raised when ``reset`` names a server database (only a demo SQLite file is deleted)."""

    key = "demo.error.reset_not_file"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url=url)


class DemoPlanError(LandingError):
    """Raised when the plan cannot be made to hit the figures (a bug in the generator or data)."""

    key = "demo.error.plan"

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem=problem)


# --- files, databases and backups (reliability) -----------------------------------------


class OutputFileError(LandingError, OSError):
    """Raised when an export, report or backup cannot be written where the user pointed."""

    key = "error.output_file"

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(file=file, reason=reason)


class NotOurDatabaseError(DatabaseError):
    """Raised when the database named is not a qy-landing database (or no database)."""

    key = "error.not_our_database"

    def __init__(self, url: str) -> None:
        LandingError.__init__(self, url=url)


class DatabaseUrlError(LandingError, ValueError):
    """Raised when ``--db`` names a kind of database we do not support (``mysql://`` …)."""

    key = "error.database_url"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url=url)


class BackupError(LandingError):
    """Raised when a backup cannot be made or used (missing, damaged, not ours)."""

    key = "error.backup"

    def __init__(self, file: str, reason: Msg | str) -> None:
        super().__init__(file=file, reason=reason)


class FencedError(LandingError, RuntimeError):
    """Raised when work is attempted under a fencing token that no longer leads."""

    key = "remind.error.fenced"

    def __init__(self, token: int | None) -> None:
        super().__init__(token=token if token is not None else "-")
        self.token = token


# --- corrections (services/corrections.py) --------------------------------------------------


class CorrectionNotAllowedError(LandingError, PermissionError):
    """Raised when the actor may not correct this kind of record (``[corrections] who``)."""

    key = "correct.error.not_allowed"

    def __init__(self, actor: str, kind: str) -> None:
        self.actor = actor
        self.kind = kind
        super().__init__(actor=actor, kind=Term("correct.kind", kind))


class CorrectionTooOldError(LandingError, ValueError):
    """Raised when a correction reaches further back than ``[corrections] months_back``."""

    key = "correct.error.too_old"

    def __init__(self, on: object, earliest: object) -> None:
        self.on = on
        self.earliest = earliest
        super().__init__(on=on, earliest=earliest)


class CorrectionBreaksHistoryError(LandingError, ValueError):
    """Raised when a correction would leave the history inconsistent (a later change
    follows from the corrected one and must be corrected first)."""

    key = "correct.error.breaks_history"

    def __init__(self, event: int, later: int) -> None:
        self.event = event
        self.later = later
        super().__init__(event=f"#{event}", later=f"#{later}")


class NothingToCorrectError(LandingError, LookupError):
    """Raised when there is no recorded change of that kind to correct."""

    key = "correct.error.nothing"

    def __init__(self, project: str, what: object) -> None:
        self.project = project
        self.what = what
        super().__init__(project=project, what=what)


class CorrectionChangesNothingError(LandingError, ValueError):
    """Raised when a correction gives the same value and date as the record it corrects."""

    key = "correct.error.no_change"

    def __init__(self, event: int) -> None:
        self.event = event
        super().__init__(event=f"#{event}")


class CorrectionUnsupportedError(LandingError, ValueError):
    """Raised for an event that cannot be corrected (a registration, a correction's void)."""

    key = "correct.error.unsupported"

    def __init__(self, event: int, action: str) -> None:
        self.event = event
        self.action = action
        super().__init__(event=f"#{event}", action=Term("action", action))
