"""The package's public names resolve, and importing the package stays cheap."""

from __future__ import annotations

import subprocess
import sys

import qy_landing


def test_public_names_resolve():
    for name in qy_landing.__all__:
        assert getattr(qy_landing, name) is not None


def test_importing_the_package_imports_no_database_library():
    code = "import sys, qy_landing; print('sqlalchemy' in sys.modules, 'sqlmodel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
