"""``qy-landing init``: create or upgrade the database, seed units, load workflows."""

from __future__ import annotations

from qy_landing.cli import state as run
from qy_landing.cli.texts import t


def init() -> None:
    from qy_landing.cli.render import console
    from qy_landing.services.setup import init_database

    report = init_database(run.context())
    out = console()
    out.print(t("init.done", url=report.url, revision=report.revision))
    if report.units_added:
        out.print(t("init.units", count=report.units_added))
    for result in report.workflows:
        out.print(t(f"init.workflow.{result.action}", name=result.name, version=result.version))
