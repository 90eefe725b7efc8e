"""Draw docs/img/progress-sheet.png: a small 环县 progress sheet, LibreOffice → PDF → PNG.

Run from the repository root: ``python docs/img/make_progress_sheet_picture.py``
(needs ``soffice`` and ``pdftoppm``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qy_landing.clock import FixedClock
from qy_landing.reports.progress_sheet import export_progress
from qy_landing.services import problems, procedures
from qy_landing.services.context import Context
from tests.builders import project

CODES = ("2601-621022-04-01-123456", "2601-621022-04-01-223456", "2601-621022-04-01-323456")


def main() -> None:
    work = Path(tempfile.mkdtemp())
    url = f"sqlite:///{work}/demo.db"
    subprocess.run([sys.executable, "-m", "qy_landing", "--db", url, "init"], check=True)
    ctx = Context.open(url, actor="落地办", clock=FixedClock.on(date(2026, 11, 30)))
    project(ctx, CODES[0])
    project(ctx, CODES[1], name="环县数据中心项目")
    project(ctx, CODES[2], name="环县 50MW 光伏项目")
    procedures.set_status(ctx, CODES[0], "filing", "submitted", on=date(2026, 9, 1))
    procedures.set_status(ctx, CODES[1], "filing", "submitted", on=date(2026, 11, 2))
    procedures.set_status(ctx, CODES[1], "filing", "accepted", on=date(2026, 11, 3))
    problems.open_problem(ctx, CODES[0], "用地指标未落实", on=date(2026, 9, 1))
    sheet = work / "sheet.xlsx"
    export_progress(ctx, unit="环县", output=sheet)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile",
         "--convert-to", "pdf", "--outdir", str(work), str(sheet)],
        check=True,
    )  # fmt: skip
    target = Path(__file__).with_name("progress-sheet")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "130", "-f", "1", "-l", "1", "-x", "40", "-y", "50",
         "-W", "1400", "-H", "330", "-singlefile", str(work / "sheet.pdf"), str(target)],
        check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
