"""Draw the pictures of docs/reports.md from a small, reproducible sample database.

    python docs/img/make_report_pictures.py

Builds the sample through the library API (fixed seed, clock 2026-10-31), then writes the
charts of the monthly pack as SVG files and the terminal screens as SVG screenshots
(rich's ``Console(record=True).save_svg``), and the first printed page of each workbook as
a PNG (LibreOffice prints the xlsx to PDF, poppler's ``pdftoppm`` draws the page; skipped
when either is missing).
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from qy_landing.cli import state as run
from qy_landing.cli.reports import print_dashboard, print_redblack, print_stats
from qy_landing.clock import FixedClock
from qy_landing.codes import SEED_UNITS
from qy_landing.errors import LandingError
from qy_landing.reports.charts import standalone
from qy_landing.reports.dashboard import build_dashboard
from qy_landing.reports.monthly import monthly_pack
from qy_landing.reports.monthly_files import all_charts, write_monthly_xlsx
from qy_landing.reports.redblack import RedBlackConfig, rank_units
from qy_landing.reports.redblack_files import write_redblack
from qy_landing.reports.stats import compute_stats
from qy_landing.reports.stuck import export_stuck
from qy_landing.reports.writers import open_target
from qy_landing.services import funds, people, problems, procedures, projects
from qy_landing.services.context import Context
from qy_landing.services.setup import init_database
from qy_landing.vocabulary import CHAINS

HERE = Path(__file__).parent
AS_OF = date(2026, 10, 31)
STEPS = ("filing", "land_prereview", "eia_form", "soil_water", "construction_planning",
         "drawing_review", "construction_permit")  # fmt: skip
NAMES = (
    "风电",
    "光伏",
    "数据中心",
    "煤化工",
    "装备制造产业园",
    "苹果深加工",
    "文旅康养",
    "再生资源",
)


def build(ctx: Context) -> None:
    rng = random.Random(2026)
    for index, unit in enumerate(SEED_UNITS[:8]):
        people.add_person(ctx, people.PersonInput(name=f"县长{index}", unit=unit.name))
        people.add_person(ctx, people.PersonInput(name=f"副县长{index}", unit=unit.name))
    for n in range(60):
        unit_index = rng.randrange(8)
        unit = SEED_UNITS[unit_index]
        signed = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 280))
        code = f"2601-{unit.code}-04-01-{n:06d}"
        projects.create_project(ctx, projects.ProjectInput(
            code=code, name=f"{unit.name}{rng.choice(NAMES)}项目{n}", investor="某投资有限公司",
            unit=unit.name, chain=rng.choice(CHAINS), amount=str(rng.randrange(5, 800) / 10),
            signed_on=signed, signing_event="第三十届兰洽会" if n % 3 == 0 else None,
            major=n % 5 == 0, first_responsible=[f"县长{unit_index}"],
            direct_responsible=[f"副县长{unit_index}"]))  # fmt: skip
        day = signed
        for step in STEPS[: rng.randrange(0, len(STEPS) + 1)]:
            day = min(AS_OF, day + timedelta(days=rng.randrange(1, 25)))
            try:
                procedures.set_status(ctx, code, step, "submitted", on=day)
                if rng.random() < 0.8:
                    day = min(AS_OF, day + timedelta(days=rng.randrange(1, 30)))
                    procedures.set_status(ctx, code, step, "approved", on=day)
            except LandingError:  # a step that does not apply to this project
                continue
        try:
            for _ in range(5):
                projects.advance(ctx, code, on=day)
        except LandingError:
            pass
        if rng.random() < 0.2:
            problems.open_problem(
                ctx, code, "用地指标尚未落实", on=min(AS_OF, signed + timedelta(9))
            )
        if rng.random() < 0.3:
            funds.record_funds(ctx, code, str(rng.randrange(1, 50) / 10), on=min(AS_OF, day))


def screen(name: str, draw: object, width: int = 110) -> None:
    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                      file=io.StringIO())  # fmt: skip
    draw(console)  # type: ignore[operator]
    console.save_svg(str(HERE / f"{name}.svg"), title=f"qy-landing {name.replace('-', ' ')}")


def main() -> None:
    run.state.lang = "zh"
    with tempfile.TemporaryDirectory() as folder:
        ctx = Context.open(f"sqlite:///{folder}/sample.db", actor="示例",
                           clock=FixedClock.on(AS_OF))  # fmt: skip
        init_database(ctx)
        build(ctx)
        pack = monthly_pack(ctx, date(2026, 10, 1))
        for chart_id, svg in all_charts(pack, "zh").items():
            (HERE / f"{chart_id}.svg").write_text(standalone(svg), encoding="utf-8")
        screen("stats", lambda c: print_stats(compute_stats(ctx), c), 100)
        screen("status", lambda c: print_dashboard(build_dashboard(ctx), c), 120)
        screen("redblack", lambda c: print_redblack(
            rank_units(ctx, date(2026, 10, 1), RedBlackConfig()), c), 120)  # fmt: skip
        with open_target(Path(folder) / "stuck.xlsx") as stream:
            export_stuck(ctx, stream, "xlsx", lang="zh")
        screen("stuck-xlsx", lambda c: show_sheet(Path(folder) / "stuck.xlsx", c), 160)
        with open_target(Path(folder) / "monthly.xlsx") as stream:
            write_monthly_xlsx(pack, stream, "zh")
        write_redblack(rank_units(ctx, date(2026, 10, 1), RedBlackConfig()),
                       Path(folder) / "redblack.xlsx", "xlsx", "zh", ctx.clock.now())  # fmt: skip
        for name in ("stuck", "monthly", "redblack"):
            printed(Path(folder) / f"{name}.xlsx", HERE / f"print-{name}.png")
        ctx.db.dispose()


def printed(source: Path, target: Path) -> None:
    """The first page LibreOffice prints of ``source``, as a PNG at 60 dpi."""
    import shutil
    import subprocess

    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print(f"skipped {target.name}: soffice or pdftoppm missing", file=sys.stderr)
        return
    profile = (source.parent / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True)  # fmt: skip
    stem = source.parent / target.stem
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(source.with_suffix(".pdf")), str(stem)], check=True)  # fmt: skip
    shutil.copyfile(stem.with_suffix(".png"), target)


def show_sheet(path: Path, console: Console) -> None:
    """The first rows of the exported workbook as openpyxl reads them back."""
    from openpyxl import load_workbook
    from rich.table import Table

    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, max_row=10, max_col=10, values_only=True))
    table = Table(title=f"{path.name} · {sheet.title}（前 8 行，前 10 列）", header_style="bold")
    for header in rows[0]:
        table.add_column(str(header))
    for row in rows[1:]:
        table.add_row(*("" if v is None else str(v)[:10] if hasattr(v, "year") else str(v)
                        for v in row))  # fmt: skip
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
