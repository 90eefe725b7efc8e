"""Snapshot files of terminal output: ``tests/snapshots/NAME.txt`` holds the exact text.

A snapshot is compared byte for byte. After an intended change of the output, run the
test once with ``QY_UPDATE_SNAPSHOTS=1`` to rewrite the file, and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    """``text`` equals the snapshot ``name`` (written instead when asked to update)."""
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("QY_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with QY_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")
