"""``qy-landing init``: create or upgrade the database, seed units, load workflows."""

from __future__ import annotations

from qy_landing.cli import state as run
from qy_landing.cli.texts import t


def init() -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.setup import init_database

    report = init_database(run.context())
    if report.revision_before is None:
        say(t("init.created", url=report.url, revision=report.revision))
    elif report.revision_before != report.revision:
        say(
            t("init.upgraded", url=report.url, old=report.revision_before, revision=report.revision)
        )
    else:
        say(t("init.done", url=report.url, revision=report.revision))
    if report.units_added:
        say(t("init.units", count=report.units_added))
    for result in report.workflows:
        say(t(f"init.workflow.{result.action}", name=result.name, version=result.version))
    if report.revision_before is None:
        say(t("init.next"))
