"""Progress of procedures by approval stage (国办发〔2018〕33号) and by level.

Leaders ask two questions of a project, a unit or a month: how far along each approval
stage is (立项用地规划许可 / 工程建设许可 / 施工许可) and how far each level is (provincial /
city / county). A procedure counts as done when approved or waived. The stage comes from
the step of the project's definition version; the level from the procedure itself (a
step's level may follow the project's facts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qy_landing.vocabulary import DONE_STATUSES, LEVELS
from qy_landing.workflow.definition import STEP_STAGES, Definition


def _zero(keys: Iterable[str]) -> dict[str, list[int]]:
    return {key: [0, 0] for key in keys}


@dataclass
class Progress:
    """Done and total procedures per approval stage and per level."""

    by_stage: dict[str, list[int]] = field(default_factory=lambda: _zero(STEP_STAGES))
    by_level: dict[str, list[int]] = field(default_factory=lambda: _zero(LEVELS))

    def add(self, stage: str | None, level: str, done: bool, count: int = 1) -> None:
        for table, key in ((self.by_stage, stage), (self.by_level, level)):
            if key is None:
                continue  # a step of a stored definition that names no stage
            tally = table.setdefault(key, [0, 0])
            tally[0] += count if done else 0
            tally[1] += count

    def merge(self, other: Progress) -> None:
        for mine, theirs in ((self.by_stage, other.by_stage), (self.by_level, other.by_level)):
            for key, (done, total) in theirs.items():
                tally = mine.setdefault(key, [0, 0])
                tally[0] += done
                tally[1] += total

    @property
    def done(self) -> int:
        return sum(done for done, _ in self.by_level.values())

    @property
    def total(self) -> int:
        return sum(total for _, total in self.by_level.values())

    def as_dict(self) -> dict[str, Any]:
        def table(values: dict[str, list[int]]) -> dict[str, dict[str, int]]:
            return {k: {"done": done, "total": total} for k, (done, total) in values.items()}

        return {"by_stage": table(self.by_stage), "by_level": table(self.by_level)}

    def parts(self, lang: str) -> tuple[list[str], list[str]]:
        """``立项用地规划许可 2/3`` … and ``县级 1/5`` …, each only where something applies."""
        from qy_landing import i18n

        def of(kind: str, values: dict[str, list[int]]) -> list[str]:
            return [
                f"{i18n.term(kind, key, lang)} {done}/{total}"
                for key, (done, total) in values.items()
                if total
            ]

        return of("stage", self.by_stage), of("level", self.by_level)

    def label(self, lang: str) -> str:
        """One line: stages, then levels (``—`` when nothing applies)."""
        stages, levels = self.parts(lang)
        if not stages and not levels:
            return "—"
        dot = " · "
        return f"{dot.join(stages)}{'；' if lang == 'zh' else '; '}{dot.join(levels)}"


def approval_stage_of(definition: Definition | None, step: str) -> str | None:
    found = definition.step_by_key.get(step) if definition is not None else None
    return found.stage if found is not None else None


def progress_of(
    definition: Definition | None, procedures: Iterable[tuple[str, str, str]]
) -> Progress:
    """The progress of one project from its procedures' ``(step, level, status)``."""
    result = Progress()
    for step, level, status in procedures:
        result.add(approval_stage_of(definition, step), level, status in DONE_STATUSES)
    return result
