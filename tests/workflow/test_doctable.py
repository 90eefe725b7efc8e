"""The step tables of docs/workflows.md are generated from the shipped workflow files."""

from __future__ import annotations

from pathlib import Path

from qy_landing.workflow.definition import definition_files, load_definition
from qy_landing.workflow.doctable import BEGIN, END, replace_tables, shipped_tables, steps_table

DOC = Path(__file__).parents[2] / "docs" / "workflows.md"


def test_docs_workflows_md_tables_are_current() -> None:
    """docs/workflows.md holds exactly the tables the shipped files give."""
    text = DOC.read_text(encoding="utf-8")
    assert replace_tables(text, shipped_tables()) == text, (
        "docs/workflows.md is stale: python -m qy_landing.workflow.doctable docs/workflows.md"
    )


def test_every_shipped_step_is_listed_with_stage_level_limit_and_source() -> None:
    """Each step of each shipped file has its row: key, stage, level, limit, source."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(BEGIN) : text.index(END)]
    for path in definition_files():
        definition = load_definition(path)
        assert f"### `{definition.name}`" in section
        for step in definition.steps:
            row = next(line for line in section.splitlines() if line.startswith(f"| `{step.key}`"))
            assert f"| {step.level}" in row and f"| {step.limit}" in row
            if step.source is not None:
                assert step.source.zh in row


def test_cases_show_their_levels() -> None:
    """A step whose level follows the facts lists every level with its condition."""
    standard = next(load_definition(p) for p in definition_files() if p.stem == "standard")
    table = steps_table(standard)
    assert "city; county if `approval == county`; provincial if `approval == provincial`" in table
