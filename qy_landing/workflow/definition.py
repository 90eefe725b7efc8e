"""Typed workflow definitions, loaded from YAML and validated with file-and-line errors.

A definition says which states a project passes (*signed → provincial → city → county
→ started*, with side states such as *suspended* and *terminated*), which triggers move
it, which guards hold them back, and which procedures (手续) each level needs, with
their limits in working days, applicability conditions and dependencies. See
``docs/workflows.md`` for every key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qy_landing.errors import ConditionSyntaxError, Msg, WorkflowDefinitionError, terms
from qy_landing.vocabulary import LEVELS, ROLES
from qy_landing.workflow.conditions import Condition, parse_condition
from qy_landing.workflow.shipped import definition_files as definition_files
from qy_landing.workflow.shipped import shipped_workflow_dir as shipped_workflow_dir

if TYPE_CHECKING:
    import yaml

# PyYAML is imported where a YAML text is parsed, not with this module: a stored definition
# that is one of the shipped files is read from their JSON form (workflow/shipped.py), so
# `project show` never imports yaml (~4 % of its start-up).

# Guards a transition may name; their code is in workflow.machine.
GUARDS = ("level_complete", "all_complete")
# The four stages of the approval reform (国办发〔2018〕33号): 立项用地规划许可, 工程建设许可,
# 施工许可, 竣工验收. Steps before construction start belong to one of the first three.
STAGES = ("project_land", "engineering", "construction", "acceptance")
STEP_STAGES = STAGES[:3]
STATE_KINDS = ("normal", "suspended", "final")
PREVIOUS = "$previous"
# Ladder targets: a project role, or the configured city-level supervisor.
LADDER_TARGETS = (*ROLES, "supervisor")

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Text:
    """A label in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    localize = get  # messages render anything with localize(lang)


CLOCK_FROM = ("accepted", "submitted")
OVERALL_COUNTS = ("authority_time", "since_signing")


@dataclass(frozen=True)
class ClockRule:
    """Where a step's statutory clock starts (step key ``clock``; see workflow/clock.py).

    ``start`` is ``accepted`` (行政许可法 Art. 42, the default) or ``submitted``;
    ``deemed_acceptance_days`` is the Art. 32(4) window (0: none): an application not
    accepted within that many working days of receipt counts from receipt.
    """

    start: str = "accepted"
    deemed_acceptance_days: int = 5


@dataclass(frozen=True)
class Case:
    """A variant of a step for projects whose facts match ``when``: another level, authority
    or limit (核准 by the city, the province or the State Council, by the catalogue entry)."""

    when: Condition
    level: str | None = None
    authority: Text | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Step:
    """One procedure (手续) a project may need."""

    key: str
    name: Text
    level: str
    authority: Text
    limit: int
    when: Condition | None = None
    depends_on: tuple[str, ...] = ()
    stage: str | None = None
    cases: tuple[Case, ...] = ()
    replaces: tuple[str, ...] = ()  # steps of older versions whose progress this one takes over
    source: Text | None = None  # the rule the step, its level and limit come from
    clock: ClockRule = ClockRule()

    def applies(self, facts: Mapping[str, Any]) -> bool:
        return self.when is None or self.when.evaluate(facts)

    def resolved(self, facts: Mapping[str, Any]) -> Step:
        """The step as it applies to a project with ``facts``: its first matching case wins."""
        for case in self.cases:
            if case.when.evaluate(facts):
                return replace(
                    self,
                    level=case.level or self.level,
                    authority=case.authority or self.authority,
                    limit=case.limit or self.limit,
                    cases=(),
                )
        return self if not self.cases else replace(self, cases=())

    def levels(self) -> tuple[str, ...]:
        """Every level the step can have (its own first, then its cases')."""
        found = [self.level, *(c.level for c in self.cases if c.level)]
        return tuple(dict.fromkeys(found))

    def authority_at(self, level: str) -> Text:
        """The authority of the step's variant at ``level`` (a procedure row's level)."""
        if level != self.level:
            for case in self.cases:
                if case.level == level and case.authority is not None:
                    return case.authority
        return self.authority


@dataclass(frozen=True)
class State:
    name: str
    label: Text
    kind: str = "normal"
    level: str | None = None
    initial: bool = False

    @property
    def final(self) -> bool:
        return self.kind == "final"


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[str, ...]
    dest: str
    guards: tuple[str, ...] = ()
    requires_reason: bool = False
    label: Text | None = None


@dataclass(frozen=True)
class Rung:
    """One rung of the overdue ladder: who is told, how many working days past due."""

    target: str
    after: int


@dataclass(frozen=True)
class Definition:
    name: str
    title: Text
    levels: tuple[str, ...]
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    steps: tuple[Step, ...]
    ladder: tuple[Rung, ...]
    overall_limit: int = 90
    # what the overall limit counts: the working days procedures spend with the authorities
    # (Gansu's measure, workflow/clock.authority_workdays) or every working day since signing
    overall_counts: str = "authority_time"
    idle_days: int = 20
    problem_days: int = 20
    source: str = ""
    digest: str = ""
    origin: str = ""

    @cached_property
    def state_by_name(self) -> dict[str, State]:
        return {s.name: s for s in self.states}

    @cached_property
    def step_by_key(self) -> dict[str, Step]:
        return {s.key: s for s in self.steps}

    @cached_property
    def step_order(self) -> dict[str, int]:
        """step key -> its position in the definition."""
        return {s.key: i for i, s in enumerate(self.steps)}

    @cached_property
    def initial(self) -> State:
        return next(s for s in self.states if s.initial)

    @cached_property
    def level_states(self) -> dict[str, State]:
        """level -> the state in which that level is being completed."""
        return {s.level: s for s in self.states if s.level}

    @cached_property
    def condition_facts(self) -> tuple[str, ...]:
        """The facts any step's condition reads (the rest cannot change applicability)."""
        names: set[str] = set()
        for step in self.steps:
            if step.when is not None:
                names |= step.when.facts()
            for case in step.cases:
                names |= case.when.facts()
        return tuple(sorted(names))

    @cached_property
    def _applicable_cache(self) -> dict[tuple[Any, ...], list[Step]]:
        return {}

    def applicable_steps(self, facts: Mapping[str, Any]) -> list[Step]:
        """The steps whose conditions hold for ``facts``, each resolved to its matching case
        (level, authority, limit); memoised on the facts they read."""
        key = tuple(facts.get(name) for name in self.condition_facts)
        try:
            return list(self._applicable_cache[key])
        except KeyError:
            steps = [s.resolved(facts) for s in self.steps if s.applies(facts)]
            if len(self._applicable_cache) < 10_000:
                self._applicable_cache[key] = steps
            return list(steps)
        except TypeError:  # an unhashable fact value
            return [s.resolved(facts) for s in self.steps if s.applies(facts)]

    def step_for(self, key: str, facts: Mapping[str, Any]) -> Step:
        """Step ``key`` resolved for a project with ``facts``."""
        return self.step_by_key[key].resolved(facts)

    def state(self, name: str) -> State:
        return self.state_by_name[name]

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def triggers(self) -> list[str]:
        return list(dict.fromkeys(t.trigger for t in self.transitions))

    def is_forward(self, transition: Transition) -> bool:
        """Moves along the main line; side moves (suspend, resume, terminate) need a reason."""
        if transition.requires_reason or transition.dest == PREVIOUS:
            return False
        return self.state_by_name[transition.dest].kind != "suspended"

    def state_label(self, name: str, lang: str) -> str:
        state = self.state_by_name.get(name)
        return state.label.get(lang) if state else name


# --- loading ------------------------------------------------------------------------------


class _Located:
    """Plain data from a YAML document, with the line of every key path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self._scalars: yaml.SafeLoader | None = None  # made when a YAML node is converted

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
        return self.lines.get("")

    def convert(self, node: yaml.Node, path: str = "") -> Any:
        import yaml

        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = f"{path}.{key}" if path else key
                result[key] = self.convert(value_node, child)
                self.lines[child] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        # a scalar: PyYAML resolves ints, bools and strings as usual
        if self._scalars is None:
            self._scalars = yaml.SafeLoader("")
        return self._scalars.construct_object(node, deep=True)

    def error(self, path: str, problem: Msg) -> WorkflowDefinitionError:
        line = self.line(path)
        location = f"{path} (line {line})" if line else path
        if line:
            location = f"line {line}, {path}" if path else f"line {line}"
        return WorkflowDefinitionError(self.file, location, problem)


_TOP_KEYS = (
    "name",
    "title",
    "description",
    "levels",
    "overall_limit",
    "overall_counts",
    "idle_days",
    "problem_days",
    "escalation",
    "states",
    "transitions",
    "steps",
)
_STATE_KEYS = ("name", "label", "kind", "level", "initial")
_TRANSITION_KEYS = ("trigger", "source", "dest", "guards", "requires_reason", "label")
_STEP_KEYS = (
    "key",
    "name",
    "level",
    "authority",
    "limit",
    "when",
    "depends_on",
    "stage",
    "cases",
    "replaces",
    "source",
    "clock",
)
_CASE_KEYS = ("when", "level", "authority", "limit")
_CLOCK_KEYS = ("from", "deemed_acceptance_days")
_RUNG_KEYS = ("to", "after")


class _Builder:
    def __init__(self, located: _Located, data: Any, *, strict: bool = True) -> None:
        self.at = located
        self.data = data
        # Definitions loaded before a rule existed are still read from the database.
        self.strict = strict

    def fail(self, path: str, problem: str, **fields: Any) -> WorkflowDefinitionError:
        return self.at.error(path, Msg(f"wf.{problem}", **fields))

    def mapping(self, value: Any, path: str, allowed: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "not_mapping")
        for key in value:
            if key not in allowed:
                raise self.fail(
                    f"{path}.{key}" if path else key, "unknown_key", name=key, allowed=list(allowed)
                )
        return value

    def required(self, value: dict[str, Any], key: str, path: str) -> Any:
        if key not in value or value[key] in (None, ""):
            raise self.fail(path, "missing_key", name=key)
        return value[key]

    def name(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _NAME.match(value):
            raise self.fail(path, "bad_name", value=value)
        return value

    def text(self, value: Any, path: str, fallback: str) -> Text:
        if value is None:
            return Text(fallback, fallback)
        if isinstance(value, str):
            return Text(value, value)
        if isinstance(value, dict) and set(value) <= {"zh", "en"} and value:
            zh = str(value.get("zh") or value.get("en"))
            en = str(value.get("en") or value.get("zh"))
            return Text(zh, en)
        raise self.fail(path, "bad_text")

    def count(self, value: Any, path: str, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(path, "bad_count", value=value, minimum=minimum)
        return value

    def names(self, value: Any, path: str) -> list[str]:
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [self.name(item, f"{path}[{i}]") for i, item in enumerate(items)]

    def build(self, source: str, origin: str) -> Definition:
        top = self.mapping(self.data, "", _TOP_KEYS)
        name = self.name(self.required(top, "name", ""), "name")
        title = self.text(top.get("title"), "title", name)
        levels = tuple(self.names(top.get("levels", list(LEVELS)), "levels"))
        for i, level in enumerate(levels):
            if level not in LEVELS:
                raise self.fail(
                    f"levels[{i}]", "unknown_level", value=level, allowed=terms("level", LEVELS)
                )
        if len(set(levels)) != len(levels):
            raise self.fail("levels", "duplicate", value=", ".join(levels))
        states = self.build_states(top, levels)
        transitions = self.build_transitions(top, states)
        steps = self.build_steps(top, levels)
        ladder = self.build_ladder(top)
        definition = Definition(
            name=name,
            title=title,
            levels=levels,
            states=tuple(states.values()),
            transitions=tuple(transitions),
            steps=tuple(steps),
            ladder=tuple(ladder),
            overall_limit=self.count(top.get("overall_limit", 90), "overall_limit", 1),
            overall_counts=self.overall_counts(top.get("overall_counts", "authority_time")),
            idle_days=self.count(top.get("idle_days", 20), "idle_days", 1),
            problem_days=self.count(top.get("problem_days", 20), "problem_days", 1),
            source=source,
            digest=digest_of(self.data),
            origin=origin,
        )
        self.check_graph(definition)
        return definition

    def build_states(self, top: dict[str, Any], levels: tuple[str, ...]) -> dict[str, State]:
        raw = self.required(top, "states", "")
        if not isinstance(raw, list) or not raw:
            raise self.fail("states", "not_list")
        states: dict[str, State] = {}
        for i, item in enumerate(raw):
            path = f"states[{i}]"
            if isinstance(item, str):
                item = {"name": item}
            entry = self.mapping(item, path, _STATE_KEYS)
            state_name = self.name(self.required(entry, "name", path), f"{path}.name")
            if state_name in states:
                raise self.fail(f"{path}.name", "duplicate", value=state_name)
            kind = entry.get("kind", "normal")
            if kind not in STATE_KINDS:
                raise self.fail(f"{path}.kind", "bad_choice", value=kind, allowed=list(STATE_KINDS))
            level = entry.get("level")
            if level is not None and level not in levels:
                raise self.fail(
                    f"{path}.level", "unknown_level", value=level, allowed=terms("level", levels)
                )
            fallback = {
                "zh": _term(f"state.{state_name}", "zh", state_name),
                "en": _term(f"state.{state_name}", "en", state_name),
            }
            states[state_name] = State(
                name=state_name,
                label=self.text(entry.get("label", fallback), f"{path}.label", state_name),
                kind=kind,
                level=level,
                initial=bool(entry.get("initial", False)),
            )
        initial = [s for s in states.values() if s.initial]
        if len(initial) != 1:
            raise self.fail("states", "one_initial", found=[s.name for s in initial])
        for level in levels:
            holders = [s.name for s in states.values() if s.level == level]
            if len(holders) != 1:
                raise self.fail("states", "one_state_per_level", level=level, found=holders)
        return states

    def build_transitions(self, top: dict[str, Any], states: dict[str, State]) -> list[Transition]:
        raw = self.required(top, "transitions", "")
        if not isinstance(raw, list):
            raise self.fail("transitions", "not_list")
        result: list[Transition] = []
        for i, item in enumerate(raw):
            path = f"transitions[{i}]"
            entry = self.mapping(item, path, _TRANSITION_KEYS)
            trigger = self.name(self.required(entry, "trigger", path), f"{path}.trigger")
            sources = self.names(self.required(entry, "source", path), f"{path}.source")
            for j, source in enumerate(sources):
                if source not in states:
                    raise self.fail(
                        f"{path}.source[{j}]"
                        if isinstance(entry["source"], list)
                        else f"{path}.source",
                        "unknown_state",
                        value=source,
                        allowed=list(states),
                    )
                if states[source].final:
                    raise self.fail(f"{path}.source", "from_final", value=source)
            dest = self.required(entry, "dest", path)
            if dest == PREVIOUS:
                if not all(states[s].kind == "suspended" for s in sources):
                    raise self.fail(f"{path}.dest", "previous_needs_suspended")
            elif dest not in states:
                raise self.fail(
                    f"{path}.dest", "unknown_state", value=dest, allowed=[*states, PREVIOUS]
                )
            guards = tuple(self.names(entry.get("guards"), f"{path}.guards"))
            for j, guard in enumerate(guards):
                if guard not in GUARDS:
                    raise self.fail(
                        f"{path}.guards[{j}]", "unknown_guard", value=guard, allowed=list(GUARDS)
                    )
            if "level_complete" in guards and any(states[s].level is None for s in sources):
                raise self.fail(f"{path}.guards", "level_guard_needs_level")
            result.append(
                Transition(
                    trigger=trigger,
                    sources=tuple(sources),
                    dest=str(dest),
                    guards=guards,
                    requires_reason=bool(entry.get("requires_reason", False)),
                    label=self.text(entry["label"], f"{path}.label", trigger)
                    if "label" in entry
                    else None,
                )
            )
        # A trigger may appear several times only from different sources.
        seen: dict[tuple[str, str], int] = {}
        for i, transition in enumerate(result):
            for source in transition.sources:
                if (transition.trigger, source) in seen:
                    raise self.fail(
                        f"transitions[{i}]",
                        "ambiguous_trigger",
                        trigger=transition.trigger,
                        state=source,
                    )
                seen[(transition.trigger, source)] = i
        return result

    def build_steps(self, top: dict[str, Any], levels: tuple[str, ...]) -> list[Step]:
        raw = top.get("steps") or []
        if not isinstance(raw, list):
            raise self.fail("steps", "not_list")
        steps: list[Step] = []
        keys: dict[str, int] = {}
        for i, item in enumerate(raw):
            path = f"steps[{i}]"
            entry = self.mapping(item, path, _STEP_KEYS)
            key = self.name(self.required(entry, "key", path), f"{path}.key")
            if key in keys:
                raise self.fail(f"{path}.key", "duplicate", value=key)
            keys[key] = i
            if "level" not in entry:
                raise self.fail(
                    path, "step_without_level", step=key, allowed=terms("level", levels)
                )
            level = entry["level"]
            if level not in levels:
                raise self.fail(
                    f"{path}.level", "unknown_level", value=level, allowed=terms("level", levels)
                )
            stage = entry.get("stage")
            if stage is None and self.strict:
                raise self.fail(path, "step_without_stage", step=key, allowed=list(STEP_STAGES))
            known = STEP_STAGES if self.strict else STAGES
            if stage is not None and stage not in known:
                raise self.fail(
                    f"{path}.stage", "bad_choice", value=stage, allowed=list(STEP_STAGES)
                )
            when: Condition | None = None
            if entry.get("when") not in (None, ""):
                when = self.condition(entry["when"], f"{path}.when")
            steps.append(
                Step(
                    key=key,
                    name=self.text(self.required(entry, "name", path), f"{path}.name", key),
                    level=level,
                    authority=self.text(entry.get("authority", ""), f"{path}.authority", ""),
                    limit=self.count(self.required(entry, "limit", path), f"{path}.limit", 1),
                    when=when,
                    depends_on=tuple(self.names(entry.get("depends_on"), f"{path}.depends_on")),
                    stage=stage,
                    cases=self.build_cases(entry.get("cases"), f"{path}.cases", levels),
                    replaces=tuple(self.names(entry.get("replaces"), f"{path}.replaces")),
                    source=self.text(entry["source"], f"{path}.source", "")
                    if "source" in entry
                    else None,
                    clock=self.build_clock(entry.get("clock"), f"{path}.clock"),
                )
            )
        for i, step in enumerate(steps):
            for j, old in enumerate(step.replaces):
                if old in keys:
                    raise self.fail(f"steps[{i}].replaces[{j}]", "replaces_current", value=old)
            for j, dependency in enumerate(step.depends_on):
                if dependency not in keys:
                    raise self.fail(
                        f"steps[{i}].depends_on[{j}]",
                        "unknown_step",
                        value=dependency,
                        allowed=list(keys),
                    )
                if dependency == step.key:
                    raise self.fail(
                        f"steps[{i}].depends_on[{j}]", "cycle", cycle=f"{step.key} → {step.key}"
                    )
        cycle = _find_cycle({s.key: s.depends_on for s in steps})
        if cycle:
            raise self.fail(f"steps[{keys[cycle[0]]}].depends_on", "cycle", cycle=" → ".join(cycle))
        return steps

    def overall_counts(self, value: Any) -> str:
        if value not in OVERALL_COUNTS:
            raise self.fail(
                "overall_counts", "bad_choice", value=value, allowed=list(OVERALL_COUNTS)
            )
        return str(value)

    def build_clock(self, raw: Any, path: str) -> ClockRule:
        if raw is None:
            return ClockRule()
        entry = self.mapping(raw, path, _CLOCK_KEYS)
        start = entry.get("from", "accepted")
        if start not in CLOCK_FROM:
            raise self.fail(f"{path}.from", "bad_choice", value=start, allowed=list(CLOCK_FROM))
        days = self.count(
            entry.get("deemed_acceptance_days", 5), f"{path}.deemed_acceptance_days", 0
        )
        return ClockRule(start, days)

    def condition(self, value: Any, path: str) -> Condition:
        try:
            return parse_condition(str(value))
        except ConditionSyntaxError as exc:
            raise self.at.error(path, exc.msg) from None

    def build_cases(self, raw: Any, path: str, levels: tuple[str, ...]) -> tuple[Case, ...]:
        """``cases``: variants by the project's facts; each needs ``when`` and changes
        at least one of level, authority, limit."""
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            raise self.fail(path, "not_list")
        cases: list[Case] = []
        for i, item in enumerate(raw):
            at = f"{path}[{i}]"
            entry = self.mapping(item, at, _CASE_KEYS)
            when = self.condition(self.required(entry, "when", at), f"{at}.when")
            level = entry.get("level")
            if level is not None and level not in levels:
                raise self.fail(
                    f"{at}.level", "unknown_level", value=level, allowed=terms("level", levels)
                )
            if not {"level", "authority", "limit"} & set(entry):
                raise self.fail(at, "case_changes_nothing")
            cases.append(
                Case(
                    when=when,
                    level=level,
                    authority=self.text(entry["authority"], f"{at}.authority", "")
                    if "authority" in entry
                    else None,
                    limit=self.count(entry["limit"], f"{at}.limit", 1)
                    if "limit" in entry
                    else None,
                )
            )
        return tuple(cases)

    def build_ladder(self, top: dict[str, Any]) -> list[Rung]:
        raw = top.get("escalation")
        if raw is None:
            return [
                Rung("direct_responsible", 0),
                Rung("first_responsible", 5),
                Rung("supervisor", 10),
            ]
        if not isinstance(raw, list) or not raw:
            raise self.fail("escalation", "not_list")
        ladder: list[Rung] = []
        for i, item in enumerate(raw):
            path = f"escalation[{i}]"
            entry = self.mapping(item, path, _RUNG_KEYS)
            target = self.required(entry, "to", path)
            if target not in LADDER_TARGETS:
                raise self.fail(
                    f"{path}.to", "bad_choice", value=target, allowed=list(LADDER_TARGETS)
                )
            after = self.count(entry.get("after", 0), f"{path}.after", 0)
            if ladder and after <= ladder[-1].after:
                raise self.fail(
                    f"{path}.after", "ladder_order", value=after, previous=ladder[-1].after
                )
            ladder.append(Rung(target, after))
        return ladder

    def check_graph(self, definition: Definition) -> None:
        """Unreachable states and non-final dead ends."""
        reachable = {definition.initial.name}
        frontier = [definition.initial.name]
        suspended_from: dict[str, set[str]] = {}
        for transition in definition.transitions:
            if (
                definition.state_by_name.get(transition.dest, None) is not None
                and definition.state_by_name[transition.dest].kind == "suspended"
            ):
                suspended_from.setdefault(transition.dest, set()).update(transition.sources)
        while frontier:
            current = frontier.pop()
            for transition in definition.transitions_from(current):
                dests = (
                    suspended_from.get(current, set())
                    if transition.dest == PREVIOUS
                    else {transition.dest}
                )
                for dest in dests:
                    if dest not in reachable:
                        reachable.add(dest)
                        frontier.append(dest)
        for i, state in enumerate(definition.states):
            if state.name not in reachable:
                raise self.fail(
                    f"states[{i}]", "unreachable", state=state.name, initial=definition.initial.name
                )
            if not state.final and not definition.transitions_from(state.name):
                raise self.fail(f"states[{i}]", "dead_end", state=state.name)
        for level, state in definition.level_states.items():
            exits = [
                t for t in definition.transitions_from(state.name) if "level_complete" in t.guards
            ]
            if len(exits) != 1:
                index = definition.states.index(state)
                raise self.fail(f"states[{index}]", "level_exit", state=state.name, level=level)


def _term(key: str, lang: str, fallback: str) -> str:
    from qy_landing import i18n

    return i18n.text(key, lang, default=fallback)


def _find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A dependency cycle as a path that ends where it starts, or None."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if colour.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        colour[node] = 2
        return None

    for node in graph:
        if colour.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None


def digest_of(data: Any) -> str:
    """A digest of the definition's meaning: comments and layout do not change it."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parse_definition(source: str, origin: str = "<string>") -> Definition:
    """Parse and validate one definition; errors name ``origin``, the line and the key."""
    import yaml

    located = _Located(origin)
    try:
        # libyaml's parser when PyYAML has it: 10× faster, same nodes and marks
        node = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f"line {mark.line + 1}" if mark else "?"
        raise WorkflowDefinitionError(origin, line, Msg("wf.yaml", detail=exc.problem)) from None
    if node is None:
        raise WorkflowDefinitionError(origin, "line 1", Msg("wf.empty"))
    data = located.convert(node)
    return _Builder(located, data).build(source, origin)


def parse_stored_definition(source: str, origin: str) -> Definition:
    """A definition the database already holds (validated when it was loaded).

    Every process parses the definitions its projects use; without the line bookkeeping
    that only error messages need, libyaml's loader makes that ~5× cheaper; one of the
    shipped files (as the database holds them unless an office loaded its own) is not
    parsed at all: its data come from :mod:`qy_landing.workflow.shipped`.
    """
    from qy_landing.workflow.shipped import shipped_data

    data = shipped_data(source)
    if data is None:
        import yaml

        data = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _Builder(_Located(origin), data, strict=False).build(source, origin)


def load_definition(path: Path) -> Definition:
    return parse_definition(path.read_text(encoding="utf-8"), str(path))
