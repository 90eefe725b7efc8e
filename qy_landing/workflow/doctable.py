"""The step tables of docs/workflows.md, generated from the shipped workflow files.

Every step with its approval stage, level (and the levels its cases give), authority,
limit, condition and legal source. The tables sit between two markers in the document;
``python -m qy_landing.workflow.doctable docs/workflows.md`` rewrites them, and a test
fails when they are stale.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from qy_landing import i18n
from qy_landing.workflow.definition import Definition, definition_files, load_definition

BEGIN = "<!-- steps: generated from workflows/*.yaml; do not edit by hand -->"
END = "<!-- steps: end -->"
ORDER = ("standard", "energy", "data_center")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _level(definition: Definition, key: str) -> str:
    step = definition.step_by_key[key]
    parts = [step.level]
    parts += [f"{c.level} if `{c.when.source}`" for c in step.cases if c.level]
    return "; ".join(parts)


def steps_table(definition: Definition) -> str:
    """One workflow's steps as a Markdown table."""
    lines = [
        f"### `{definition.name}` — {definition.title.zh} ({definition.title.en})",
        "",
        "| step | procedure | stage | level | authority | limit | applies when | legal source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for step in definition.steps:
        stage = i18n.term("stage", step.stage, "zh") if step.stage else "—"
        authority = step.authority.zh
        others = [c.authority.zh for c in step.cases if c.authority]
        if others:
            authority += "; " + "; ".join(others)
        limit = str(step.limit)
        limits = [str(c.limit) for c in step.cases if c.limit]
        if limits:
            limit += " (" + ", ".join(limits) + ")"
        when = f"`{step.when.source}`" if step.when else "always"
        source = f"{step.source.zh}" if step.source else "—"
        cells = [
            f"`{step.key}`",
            f"{step.name.zh}<br>{step.name.en}",
            stage,
            _level(definition, step.key),
            authority,
            limit,
            when,
            source,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def shipped_tables(definitions: Iterable[Definition] | None = None) -> str:
    """The tables of every shipped workflow, between the markers."""
    found = list(definitions or (load_definition(p) for p in definition_files()))
    found.sort(key=lambda d: (ORDER.index(d.name) if d.name in ORDER else len(ORDER), d.name))
    body = "\n".join(steps_table(d) for d in found)
    return f"{BEGIN}\n\n{body}\n{END}"


def replace_tables(document: str, tables: str) -> str:
    """``document`` with the part between the markers replaced by ``tables``."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + tables + document[end:]


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "docs/workflows.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_tables(text, shipped_tables()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
