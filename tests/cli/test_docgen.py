"""``docs/cli.md`` is generated from the commands' help and kept current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _generate(lang: str = "en") -> str:
    env = {**os.environ, "QY_LANDING_LANG": "zh"}  # the generator picks English itself
    args = ["--lang", lang] if lang != "en" else []
    done = subprocess.run(
        [sys.executable, "-m", "qy_landing.cli.docgen", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, check=True,
    )  # fmt: skip
    return done.stdout


def test_docs_cli_md_is_current():
    """Regenerating docs/cli.md gives the committed file (run the generator when this fails)."""
    generated = _generate()
    assert DOCS.read_text(encoding="utf-8") == generated, (
        "docs/cli.md is out of date: python -m qy_landing.cli.docgen > docs/cli.md"
    )


def test_reference_names_every_command_with_usage_and_json_shapes():
    """The reference has each command's usage, its options and the --json keys."""
    text = _generate()
    assert "#### `qy-landing project show`" in text
    assert "qy-landing project show [OPTIONS] {CODE}" in text
    assert "| `--on YYYY-MM-DD` |" in text
    assert "### `qy-landing project show CODE --json`" in text
    assert "| `procedures` |" in text


def test_reference_in_chinese():
    """The generator also writes the reference with the Chinese help texts."""
    text = _generate("zh")
    assert "登记一个签约项目" in text
