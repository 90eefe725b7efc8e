"""Importing the CLI stays light: ``qy-landing --help`` must start fast."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "openpyxl", "apscheduler", "alembic", "rich.table")


def test_importing_the_cli_imports_no_heavy_module():
    """A fresh interpreter importing qy_landing.cli loads no database, Excel or scheduler code."""
    code = (
        "import json, sys, qy_landing.cli\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_help_imports_no_heavy_module():
    """Showing the root help loads no database, Excel or scheduler code (rich draws it)."""
    code = (
        "import json, sys\n"
        "from qy_landing.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='qy-landing')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY[:-1]!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
