"""One ``transitions`` machine per workflow definition version, shared by all projects.

The machine holds no project: each call hands it a :class:`Subject` (the project's state
and what the guards need) and dispatches through ``machine.events[trigger].trigger``,
which costs microseconds and nothing per project (the transitions FAQ's answer for many
models; a machine per object costs tens of KiB and ~1 ms each: transitions #434, #146).
The database's state column stays the truth; the caller copies the new state back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qy_landing.errors import (
    NoNextStepError,
    ReasonRequiredError,
    Term,
    TransitionBlockedError,
    TransitionNotAllowedError,
)
from qy_landing.vocabulary import DONE_STATUSES
from qy_landing.workflow.definition import PREVIOUS, Definition, Text, Transition


@dataclass
class Subject:
    """What the shared machine moves and its guards read."""

    project: str  # the project code, for messages
    state: str
    statuses: Mapping[str, str] = field(default_factory=dict)  # applicable step -> status
    suspended_from: str | None = None


@dataclass(frozen=True)
class Move:
    """A transition that happened: from, to, by which trigger."""

    trigger: str
    source: str
    dest: str
    transition: Transition


class LandingMachine:
    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self._built: Any = None

    @property
    def _machine(self) -> Any:
        """The transitions machine, built on the first move (reading needs the definition only)."""
        if self._built is None:
            from transitions import Machine

            self._built = Machine(
                model=None,
                states=[s.name for s in self.definition.states],
                transitions=self._expanded(),
                initial=self.definition.initial.name,
                auto_transitions=False,
                send_event=True,
                model_attribute="state",
            )
        return self._built

    # --- building -----------------------------------------------------------------------

    def _expanded(self) -> list[dict[str, Any]]:
        """The transitions in ``transitions``' form; ``$previous`` becomes one per origin."""
        definition = self.definition
        result: list[dict[str, Any]] = []
        for transition in definition.transitions:
            conditions = [self._guard(name) for name in transition.guards]
            if transition.dest != PREVIOUS:
                result.append(
                    {
                        "trigger": transition.trigger,
                        "source": list(transition.sources),
                        "dest": transition.dest,
                        "conditions": conditions,
                    }
                )
                continue
            for suspended in transition.sources:
                for origin in self._origins_of(suspended):
                    result.append(
                        {
                            "trigger": transition.trigger,
                            "source": suspended,
                            "dest": origin,
                            "conditions": [*conditions, _came_from(origin)],
                        }
                    )
        return result

    def _origins_of(self, suspended: str) -> list[str]:
        origins: list[str] = []
        for transition in self.definition.transitions:
            if transition.dest == suspended:
                origins.extend(s for s in transition.sources if s not in origins)
        return origins

    def _guard(self, name: str) -> Any:
        def check(event: Any) -> bool:
            return not self._blocking_by(name, event.model)

        check.__name__ = name
        return check

    # --- guards ---------------------------------------------------------------------------

    def _blocking_by(self, guard: str, subject: Subject) -> list[str]:
        """Steps (keys) that keep ``guard`` from holding for ``subject``."""
        if guard == "level_complete":
            level = self.definition.state(subject.state).level
            return [
                step
                for step, status in subject.statuses.items()
                if status not in DONE_STATUSES and self.definition.step_by_key[step].level == level
            ]
        if guard == "all_complete":
            return [
                step for step, status in subject.statuses.items() if status not in DONE_STATUSES
            ]
        raise KeyError(guard)

    def blocking(self, subject: Subject, transition: Transition) -> list[str]:
        steps: list[str] = []
        for guard in transition.guards:
            steps.extend(s for s in self._blocking_by(guard, subject) if s not in steps)
        return steps

    # --- queries --------------------------------------------------------------------------

    def transition(self, state: str, trigger: str) -> Transition | None:
        return next(
            (t for t in self.definition.transitions_from(state) if t.trigger == trigger), None
        )

    def triggers_from(self, state: str) -> list[str]:
        return [t.trigger for t in self.definition.transitions_from(state)]

    def allowed(self, subject: Subject) -> list[str]:
        """Triggers whose guards hold now (ignoring the need for a reason)."""
        return [
            t.trigger
            for t in self.definition.transitions_from(subject.state)
            if not self.blocking(subject, t)
        ]

    def next_forward(self, subject: Subject) -> Transition:
        """The single forward step from here; raises NoNextStepError when there is none."""
        forward = [
            t
            for t in self.definition.transitions_from(subject.state)
            if self.definition.is_forward(t)
        ]
        if len(forward) != 1:
            raise NoNextStepError(
                subject.project,
                self.state_term(subject.state),
                self.triggers_from(subject.state),
            )
        return forward[0]

    def state_term(self, state: str) -> Text | Term:
        known = self.definition.state_by_name.get(state)
        return known.label if known else Term("state", state)

    # --- firing -----------------------------------------------------------------------------

    def fire(self, subject: Subject, trigger: str, *, reason: str | None = None) -> Move:
        """Move ``subject`` by ``trigger`` or raise our own error saying why not."""
        source = subject.state
        transition = self.transition(source, trigger)
        if transition is None:
            raise TransitionNotAllowedError(
                subject.project, trigger, self.state_term(source), self.allowed(subject)
            )
        blocking = self.blocking(subject, transition)
        if blocking:
            names = [self.definition.step_by_key[s].name for s in blocking]
            raise TransitionBlockedError(subject.project, trigger, self.state_term(source), names)
        if transition.requires_reason and not (reason and reason.strip()):
            raise ReasonRequiredError(Term("action", trigger))
        if transition.dest == PREVIOUS and not subject.suspended_from:
            raise TransitionNotAllowedError(subject.project, trigger, self.state_term(source), [])
        moved = self._machine.events[trigger].trigger(subject)
        if not moved:  # pragma: no cover - guards were checked above; kept as a safety net
            raise TransitionNotAllowedError(
                subject.project, trigger, self.state_term(source), self.allowed(subject)
            )
        return Move(trigger, source, subject.state, transition)


def _came_from(origin: str) -> Any:
    def check(event: Any) -> bool:
        return bool(event.model.suspended_from == origin)

    check.__name__ = f"came_from_{origin}"
    return check


_MACHINES: dict[tuple[str, str], LandingMachine] = {}


def machine_for(definition: Definition) -> LandingMachine:
    """The shared machine of a definition version (built once per process)."""
    key = (definition.name, definition.digest)
    machine = _MACHINES.get(key)
    if machine is None:
        machine = _MACHINES[key] = LandingMachine(definition)
    return machine
