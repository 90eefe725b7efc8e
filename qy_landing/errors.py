"""Errors a user can cause, each carrying structured fields.

Every error the library raises on purpose is a :class:`LandingError`. Its message is
built once, from a catalogue key and the error's fields, in the language asked for;
the CLI maps the base class to a one-line message and an exit code, so no caller
formats error text itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Term:
    """A word to be translated when the message is rendered (a state, a level, a role …)."""

    kind: str
    value: str


def terms(kind: str, values: Iterable[str]) -> list[Term]:
    return [Term(kind, v) for v in values]


@dataclass(frozen=True)
class Trigger:
    """A trigger as users must type it, with its name: ``finish_city（完成市级手续）``."""

    name: str

    def localize(self, lang: str) -> str:
        from qy_landing import i18n

        label = i18n.text(f"trigger.{self.name}", lang, default="")
        if not label or label.casefold() == self.name.replace("_", " ").casefold():
            return self.name
        return f"{self.name}（{label}）" if lang == "zh" else f"{self.name} ({label})"


def triggers(names: Iterable[str]) -> list[Trigger]:
    return [Trigger(n) for n in names]


class Msg:
    """A catalogue message with its fields, rendered in the reader's language later."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields

    def render(self, lang: str = "en") -> str:
        from qy_landing.i18n import render_message

        return render_message(self.key, lang, self.fields)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.fields!r})"

    def __str__(self) -> str:
        return self.render("en")


class LandingError(Exception):
    """Base of every user-facing error; ``key`` names its message in the catalogue."""

    key: ClassVar[str] = "error.generic"
    exit_code: ClassVar[int] = 1

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        from qy_landing.i18n import render_message

        return render_message(self.key, lang, self.fields)

    def __getattr__(self, name: str) -> Any:
        # Structured fields read as attributes: err.code, err.allowed …
        fields = self.__dict__.get("fields", {})
        if name in fields:
            return fields[name]
        raise AttributeError(name)


class NotFoundError(LandingError, LookupError):
    """Something named by the user does not exist."""

    key = "error.not_found"

    def __init__(self, what: str, value: str, allowed: Sequence[Any] = (), **more: Any) -> None:
        super().__init__(what=Term("noun", what), value=value, allowed=list(allowed), **more)

    def render(self, lang: str = "en") -> str:
        from qy_landing.i18n import render_message

        # Without anything to suggest, say only what was not found.
        hints = self.fields.get("allowed") or self.fields.get("suggestions")
        return render_message(self.key if hints else "error.not_found_bare", lang, self.fields)


class ProjectNotFoundError(NotFoundError):
    key = "error.project_not_found"

    def __init__(self, code: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__("project", code, suggestions=list(suggestions))


class AmbiguousError(LandingError, LookupError):
    """A name matches several things (two persons called 张伟 in different units)."""

    key = "error.ambiguous"

    def __init__(self, what: str, value: str, candidates: Sequence[str]) -> None:
        super().__init__(what=Term("noun", what), value=value, candidates=list(candidates))


class InvalidValueError(LandingError, ValueError):
    """A value has the wrong form; ``expected`` says the right one."""

    key = "error.invalid_value"

    def __init__(self, what: str, value: object, expected: str | Term | Msg) -> None:
        super().__init__(what=Term("noun", what), value=value, expected=expected)


class ChoiceError(LandingError, ValueError):
    """A value is not one of a fixed set of choices."""

    key = "error.choice"

    def __init__(self, what: str, value: object, allowed: Sequence[Any]) -> None:
        super().__init__(what=Term("noun", what), value=value, allowed=list(allowed))


class DuplicateError(LandingError, ValueError):
    key = "error.duplicate"

    def __init__(self, what: str, value: str) -> None:
        super().__init__(what=Term("noun", what), value=value)


class ReasonRequiredError(LandingError, ValueError):
    key = "error.reason_required"

    def __init__(self, action: Term) -> None:
        super().__init__(action=action)


class TransitionNotAllowedError(LandingError):
    """A trigger that the project's current state does not allow."""

    key = "error.transition_not_allowed"

    def __init__(self, project: str, trigger: str, state: Any, allowed: Sequence[str]) -> None:
        super().__init__(
            project=project, trigger=Trigger(trigger), state=state, allowed=triggers(allowed)
        )


class TransitionBlockedError(LandingError):
    """A trigger allowed in this state whose guard does not hold yet."""

    key = "error.transition_blocked"

    def __init__(self, project: str, trigger: str, state: Any, blocking: Sequence[Any]) -> None:
        super().__init__(
            project=project, trigger=Trigger(trigger), state=state, blocking=list(blocking)
        )


class NoNextStepError(LandingError):
    key = "error.no_next_step"

    def __init__(self, project: str, state: Any, allowed: Sequence[str]) -> None:
        super().__init__(project=project, state=state, allowed=triggers(allowed))


class ProjectClosedError(LandingError):
    """The project is suspended, started or terminated: its procedures are frozen."""

    key = "error.project_closed"

    def __init__(self, project: str, state: Any) -> None:
        super().__init__(project=project, state=state)


class StatusChangeNotAllowedError(LandingError):
    key = "error.status_change_not_allowed"

    def __init__(
        self, project: str, step: object, current: Term, wanted: Term, allowed: Sequence[Term]
    ) -> None:
        super().__init__(
            project=project, step=step, current=current, wanted=wanted, allowed=list(allowed)
        )


class DependencyNotMetError(LandingError):
    key = "error.dependency_not_met"

    def __init__(self, project: str, step: object, missing: Sequence[object]) -> None:
        super().__init__(project=project, step=step, missing=list(missing))


class DateOrderError(LandingError, ValueError):
    key = "error.date_order"

    def __init__(self, what: Term, on: object, earlier: Term, earlier_on: object) -> None:
        super().__init__(what=what, on=on, earlier=earlier, earlier_on=earlier_on)


class ConflictError(LandingError):
    """Someone else changed the project between our read and our write."""

    key = "error.conflict"

    def __init__(self, project: str, expected: int | None = None, actual: int | None = None):
        super().__init__(project=project, expected=expected, actual=actual)


class WorkflowDefinitionError(LandingError):
    """A workflow file is invalid: names the file, the line or key, and what is allowed."""

    key = "error.workflow_definition"

    def __init__(self, file: str, location: str, problem: Msg | str, **more: Any) -> None:
        super().__init__(file=file, location=location, problem=problem, **more)


class SchemaTooNewError(LandingError):
    key = "error.schema_too_new"

    def __init__(self, database_revision: str, code_revision: str) -> None:
        super().__init__(database_revision=database_revision, code_revision=code_revision)


class SchemaMissingError(LandingError):
    key = "error.schema_missing"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DatabaseError(LandingError):
    key = "error.database"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url=url, reason=reason)


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an imported ledger."""

    row: int
    column: str
    reason: Msg | str
    # the error behind the problem, raised as such when a single project is registered
    error: LandingError | None = field(default=None, compare=False, repr=False)


class ImportRejectedError(LandingError):
    """A ledger with bad rows: nothing was imported; every problem is listed."""

    key = "error.import_rejected"

    def __init__(self, file: str, problems: Sequence[RowProblem]) -> None:
        super().__init__(file=file, count=len({p.row for p in problems}), problems=list(problems))


class ConfigError(LandingError):
    key = "error.config"

    def __init__(self, source: str, problem: Msg | str) -> None:
        super().__init__(source=source, problem=problem)


# --- the demo database (qy_landing.demo) ------------------------------------------------


class DemoTargetNotEmptyError(LandingError):
    """The demo is only ever written into an empty database."""

    key = "demo.error.not_empty"

    def __init__(self, url: str, projects: int, events: int) -> None:
        super().__init__(url=url, projects=projects, events=events)


class DemoFiguresError(LandingError):
    """The built database does not show the figures the plan promised (a bug)."""

    key = "demo.error.figures"

    def __init__(self, differences: list[tuple[str, object, object]]) -> None:
        text = "; ".join(f"{name}: {want} ≠ {got}" for name, want, got in differences)
        super().__init__(differences=text)


class DemoExistsError(LandingError):
    """A demo database is already there: rebuilding it needs ``reset``."""

    key = "demo.error.exists"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoNotDemoError(LandingError):
    """The target holds real data: the demo never touches it, reset or not."""

    key = "demo.error.not_demo"

    def __init__(self, url: str, projects: int) -> None:
        super().__init__(url=url, projects=projects)


class DemoForeignTargetError(LandingError):
    """The target is something else than a qy-landing database: it is left alone."""

    key = "demo.error.foreign"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoResetNotFileError(LandingError):
    """Only a demo SQLite file is deleted; a server database is dropped by its owner."""

    key = "demo.error.reset_not_file"

    def __init__(self, url: str) -> None:
        super().__init__(url=url)


class DemoPlanError(LandingError):
    """The plan could not be made to hit the figures (a bug in the generator or its data)."""

    key = "demo.error.plan"

    def __init__(self, problem: str) -> None:
        super().__init__(problem=problem)


# --- corrections (services/corrections.py) --------------------------------------------------


class CorrectionNotAllowedError(LandingError, PermissionError):
    """Raised when the actor may not correct this kind of record (``[corrections] who``)."""

    key = "correct.error.not_allowed"

    def __init__(self, actor: str, kind: str) -> None:
        super().__init__(actor=actor, kind=Term("correct.kind", kind))


class CorrectionTooOldError(LandingError, ValueError):
    """Raised when a correction reaches further back than ``[corrections] months_back``."""

    key = "correct.error.too_old"

    def __init__(self, on: object, earliest: object) -> None:
        super().__init__(on=on, earliest=earliest)


class CorrectionBreaksHistoryError(LandingError, ValueError):
    """Raised when a correction would leave the history inconsistent (a later change
    follows from the corrected one and must be corrected first)."""

    key = "correct.error.breaks_history"

    def __init__(self, event: int, later: int) -> None:
        super().__init__(event=f"#{event}", later=f"#{later}")


class NothingToCorrectError(LandingError, LookupError):
    """Raised when there is no recorded change of that kind to correct."""

    key = "correct.error.nothing"

    def __init__(self, project: str, what: object) -> None:
        super().__init__(project=project, what=what)


class CorrectionUnsupportedError(LandingError, ValueError):
    """Raised for an event that cannot be corrected (a registration, a correction's void)."""

    key = "correct.error.unsupported"

    def __init__(self, event: int, action: str) -> None:
        super().__init__(event=f"#{event}", action=Term("action", action))


class DateBeforeSigningError(LandingError, ValueError):
    """Raised when an effective date lies before the project's signing."""

    key = "correct.error.before_signing"

    def __init__(self, project: str, on: object, signed_on: object) -> None:
        super().__init__(project=project, on=on, signed_on=signed_on)
