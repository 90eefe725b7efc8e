from datetime import date
from pathlib import Path
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from qy_landing.services import procedures, problems
from qy_landing.reports.progress_sheet import export_progress
from tests.builders import project
import subprocess, sys
url = "sqlite:////tmp/sheetpic/demo.db"
subprocess.run([sys.executable, "-m", "qy_landing", "--db", url, "init"], check=True, capture_output=True)
ctx = Context.open(url, actor="落地办", clock=FixedClock.on(date(2026, 11, 30)))
project(ctx)
project(ctx, "2601-621022-04-01-223456", name="环县数据中心项目")
project(ctx, "2601-621022-04-01-323456", name="环县 50MW 光伏项目")
procedures.set_status(ctx, "2601-621022-04-01-123456", "filing", "submitted", on=date(2026, 9, 1))
procedures.set_status(ctx, "2601-621022-04-01-223456", "filing", "submitted", on=date(2026, 11, 2))
procedures.set_status(ctx, "2601-621022-04-01-223456", "filing", "accepted", on=date(2026, 11, 3))
problems.open_problem(ctx, "2601-621022-04-01-123456", "用地指标未落实", on=date(2026, 9, 1))
export_progress(ctx, unit="环县", output=Path("/tmp/sheetpic/进度表-环县-2026-11.xlsx"))
