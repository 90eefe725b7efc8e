"""Tests mirror modules: every module of qy_landing has tests/<path>/test_<module>.py."""

from __future__ import annotations

from pathlib import Path

import qy_landing

PACKAGE = Path(qy_landing.__file__).parent
TESTS = Path(__file__).parent

# The only modules without a test file of their own, and why.
EXEMPT_NAMES = {
    "__init__.py",  # package markers and lazy re-exports; their modules carry the tests
    "__main__.py",  # `python -m` entry points: one call into the tested CLI
}
EXEMPT_FOLDERS = {
    # Alembic writes these revision scripts; tests/store/test_migrations.py runs them all
    # (upgrade from empty, downgrade, the REVISIONS list equal to the scripts).
    Path("store/migrations"),
}


def missing_test_files() -> list[str]:
    missing = []
    for module in sorted(PACKAGE.rglob("*.py")):
        relative = module.relative_to(PACKAGE)
        if module.name in EXEMPT_NAMES:
            continue
        if any(relative.is_relative_to(folder) for folder in EXEMPT_FOLDERS):
            continue
        expected = TESTS / relative.parent / f"test_{module.name}"
        if not expected.is_file():
            missing.append(f"qy_landing/{relative} → tests/{expected.relative_to(TESTS)}")
    return missing


def test_every_module_has_its_own_test_file():
    """A new module without tests/<path>/test_<module>.py fails here, naming the file."""
    assert missing_test_files() == []


def test_the_exempt_folders_exist():
    """An exemption for a folder that moved away would hide nothing and should go."""
    assert all((PACKAGE / folder).is_dir() for folder in EXEMPT_FOLDERS)
