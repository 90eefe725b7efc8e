"""The workflow definitions that ship with qy-landing, and their data read ahead of time.

The database keeps every definition version as the YAML text it was loaded from, and every
process parses the versions its projects use. Most offices run the shipped files as they
are, so their data are kept beside this module as JSON (``data/shipped_workflows.json``,
keyed by the SHA-256 of each file's text): a stored text that is exactly a shipped file
is read from there, without importing PyYAML (≈ 4 % of the start-up of ``project show``);
any other text is parsed as YAML (:func:`qy_landing.workflow.definition.parse_stored_definition`).

The JSON file is generated from ``workflows/*.yaml`` by ``python -m
qy_landing.workflow.shipped``; ``tests/workflow/test_shipped.py`` fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

DATA = "data/shipped_workflows.json"


def shipped_workflow_dir() -> Path:
    """The definitions that come with qy-landing (the repository's ``workflows/``)."""
    import importlib.util

    # A data-only (namespace) package: its folder is the first real directory on its path.
    spec = importlib.util.find_spec("qy_landing.workflows")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        if Path(location).is_dir():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "workflows"


def definition_files(directory: Path | None = None) -> Iterator[Path]:
    folder = directory or shipped_workflow_dir()
    yield from sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def text_key(source: str) -> str:
    """The key of a definition's text in the JSON file: the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def shipped_data(source: str) -> Any | None:
    """The data of ``source`` when it is exactly the text of a shipped file (what
    ``yaml.load`` would give), else None. Read fresh on every call: callers own the result
    (a process parses each stored version once)."""
    table = json.loads(resources.files("qy_landing").joinpath(DATA).read_text("utf-8"))
    return table.get(text_key(source))


def render(directory: Path | None = None) -> str:
    """The JSON file's text for the definitions in ``directory`` (the shipped ones)."""
    import yaml

    table: dict[str, Any] = {}
    for path in definition_files(directory):
        source = path.read_text(encoding="utf-8")
        data = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if json.loads(json.dumps(data)) != data:  # a date or a set would not survive JSON
            raise ValueError(f"{path.name}: its data do not survive a JSON round trip")
        table[text_key(source)] = data
    return json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(target: Path | None = None) -> int:
    """Write the JSON file (or ``target``) from ``workflows/*.yaml``; print whether it
    changed."""
    target = target or Path(str(resources.files("qy_landing").joinpath(DATA)))
    text = render()
    if target.exists() and target.read_text(encoding="utf-8") == text:
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
