"""``qy-landing workflow list | show NAME | check [FILE…] | diagram NAME``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

if TYPE_CHECKING:
    from qy_landing.workflow.definition import Definition

app = typer.Typer(no_args_is_help=True)


def _version(value: str | None) -> int | None:
    from qy_landing.cli.options import parse_positive_int

    return None if value is None else parse_positive_int(value, "workflow_version")


@app.command("list", help=h("workflow.list"))
def list_(json: bool = typer.Option(False, "--json", help=h("opt.json"))) -> None:
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.workflows import list_workflows

    rows = list_workflows(run.context(), lang=run.state.lang)
    if json:
        print_json(
            [
                {
                    "name": r.name,
                    "version": r.version,
                    "versions": r.versions,
                    "title": r.title,
                    "steps": r.steps,
                    "projects": r.projects,
                    "in_flight": r.in_flight,
                }
                for r in rows
            ]
        )
        return
    print_rows(
        [
            t("col.workflow"),
            t("col.name"),
            t("col.version"),
            t("col.steps"),
            t("col.projects"),
            t("col.in_flight"),
        ],
        (
            [r.name, r.title, f"v{r.version}", str(r.steps), str(r.projects), str(r.in_flight)]
            for r in rows
        ),
        empty=t("workflow.none"),
    )


def definition_dict(definition: Definition, version: int | None) -> dict[str, Any]:
    """The stable ``--json`` shape of a definition (documented in docs/cli.md)."""
    return {
        "name": definition.name,
        "version": version,
        "title": {"zh": definition.title.zh, "en": definition.title.en},
        "levels": list(definition.levels),
        "overall_limit": definition.overall_limit,
        "overall_counts": definition.overall_counts,
        "idle_days": definition.idle_days,
        "problem_days": definition.problem_days,
        "states": [
            {
                "name": s.name,
                "label": {"zh": s.label.zh, "en": s.label.en},
                "kind": s.kind,
                "level": s.level,
                "initial": s.initial,
            }
            for s in definition.states
        ],
        "transitions": [
            {
                "trigger": tr.trigger,
                "sources": list(tr.sources),
                "dest": tr.dest,
                "guards": list(tr.guards),
                "requires_reason": tr.requires_reason,
            }
            for tr in definition.transitions
        ],
        "steps": [
            {
                "key": s.key,
                "name": {"zh": s.name.zh, "en": s.name.en},
                "level": s.level,
                "authority": {"zh": s.authority.zh, "en": s.authority.en},
                "limit": s.limit,
                "when": s.when.source if s.when else None,
                "depends_on": list(s.depends_on),
                "stage": s.stage,
                "cases": [
                    {
                        "when": c.when.source,
                        "level": c.level,
                        "authority": {"zh": c.authority.zh, "en": c.authority.en}
                        if c.authority
                        else None,
                        "limit": c.limit,
                    }
                    for c in s.cases
                ],
                "replaces": list(s.replaces),
                "source": {"zh": s.source.zh, "en": s.source.en} if s.source else None,
            }
            for s in definition.steps
        ],
        "escalation": [{"to": r.target, "after": r.after} for r in definition.ladder],
    }


@app.command("show", help=h("workflow.show"))
def show(
    name: str = typer.Argument(..., help=h("arg.workflow"), metavar="NAME"),
    version: str | None = typer.Option(
        None, "--version", help=h("opt.workflow_version"), metavar="N"
    ),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from rich.text import Text

    from qy_landing.cli.render import fields_grid, label, plain, print_json, table
    from qy_landing.services.workflows import show_workflow

    number, definition = show_workflow(run.context(), name, _version(version))
    if json:
        print_json(definition_dict(definition, number))
        return
    lang = run.state.lang
    out = plain()
    out.print(
        fields_grid(
            [
                (
                    t("field.workflow"),
                    f"{definition.name} v{number} · {definition.title.get(lang)}",
                ),
                (t("field.levels"), " → ".join(label("level", lv) for lv in definition.levels)),
                (
                    t("field.limits"),
                    t(
                        "workflow.limits",
                        overall=definition.overall_limit,
                        idle=definition.idle_days,
                        problem=definition.problem_days,
                    ),
                ),
                (
                    t("field.ladder"),
                    " → ".join(
                        t("workflow.rung", who=label("role", r.target), after=r.after)
                        for r in definition.ladder
                    ),
                ),
            ]
        )
    )
    states = table(
        [t("col.state"), t("col.name"), t("col.kind"), t("col.level")], title=t("workflow.states")
    )
    for s in definition.states:
        kind = t(f"state_kind.{s.kind}") + (t("workflow.initial") if s.initial else "")
        states.add_row(s.name, s.label.get(lang), kind, label("level", s.level))
    out.print(states)
    moves = table(
        [t("col.trigger"), t("col.from"), t("col.to"), t("col.condition")],
        title=t("workflow.transitions"),
    )
    for tr in definition.transitions:
        dest = t("workflow.previous") if tr.dest == "$previous" else tr.dest
        needs = [t(f"guard.{g}") for g in tr.guards]
        if tr.requires_reason:
            needs.append(t("guard.reason"))
        moves.add_row(
            tr.trigger,
            ", ".join(tr.sources),
            dest,
            "；".join(needs) if lang == "zh" else "; ".join(needs),
        )
    out.print(moves)
    steps = table(
        [
            t("col.procedure"),
            t("col.stage"),
            t("col.level"),
            t("col.limit"),
            t("col.applies_when"),
        ],
        title=t("workflow.steps"),
    )
    for step in definition.steps:
        cell = Text(step.name.get(lang))
        cell.append(f"\n{step.key}", style="cyan")
        condition = Text(step.when.source if step.when else t("workflow.always"))
        if step.depends_on:
            condition.append(
                "\n" + t("workflow.after", steps=", ".join(step.depends_on)), style="dim"
            )
        level = Text(label("level", step.level))
        for case in step.cases:
            if case.level:
                level.append(f"\n{label('level', case.level)}: {case.when.source}", style="dim")
        stage = label("stage", step.stage) if step.stage else "—"
        steps.add_row(cell, stage, level, str(step.limit), condition)
    out.print(steps)


@app.command("check", help=h("workflow.check"))
def check(
    files: list[Path] | None = typer.Argument(
        None, help=h("arg.workflow_files"), metavar="FILE", show_default=False
    ),
) -> None:
    from qy_landing.cli.render import one_line, say
    from qy_landing.services.workflows import check_files

    results = check_files(list(files) if files else None)
    bad = 0
    for result in results:
        if result.definition is not None:
            d = result.definition
            say(
                t(
                    "workflow.check_ok",
                    file=result.path,
                    name=d.name,
                    states=len(d.states),
                    steps=len(d.steps),
                )
            )
        elif result.error is not None:
            bad += 1
            say(one_line(result.error.render(run.state.lang)), err=True)
    if not results:
        say(t("workflow.none"))
    if bad:
        say(t("workflow.check_failed", bad=bad, total=len(results)), err=True)
        raise typer.Exit(1)


@app.command("diagram", help=h("workflow.diagram"))
def diagram(
    name: str = typer.Argument(..., help=h("arg.workflow"), metavar="NAME"),
    version: str | None = typer.Option(
        None, "--version", help=h("opt.workflow_version"), metavar="N"
    ),
) -> None:
    import sys

    from qy_landing.services.workflows import mermaid, show_workflow

    _number, definition = show_workflow(run.context(), name, _version(version))
    sys.stdout.write(mermaid(definition, run.state.lang))


@app.command("load", help=h("workflow.load"))
def load(
    files: list[Path] | None = typer.Argument(
        None, help=h("arg.workflow_files"), metavar="FILE", show_default=False
    ),
) -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.workflows import sync_definitions

    for result in sync_definitions(run.context(), list(files) if files else None):
        say(t(f"init.workflow.{result.action}", name=result.name, version=result.version))


@app.command("migrate", help=h("workflow.migrate"))
def migrate(
    name: str = typer.Argument(..., help=h("arg.workflow"), metavar="NAME"),
    to: str | None = typer.Option(None, "--to", help=h("opt.migrate_to"), metavar="N"),
    codes: list[str] | None = typer.Option(
        None, "--code", help=h("opt.migrate_code"), metavar="CODE", show_default=False
    ),
    apply: bool = typer.Option(False, "--apply", help=h("opt.migrate_apply")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.render import console, print_json, table
    from qy_landing.services.workflows import migrate_projects

    lang = run.state.lang
    report = migrate_projects(
        run.context(), name, to_version=_version(to), codes=codes, apply=apply
    )
    if json:
        print_json(
            {
                "workflow": report.name,
                "to_version": report.to_version,
                "applied": report.applied,
                "projects": [
                    {
                        "code": p.code,
                        "from_version": p.from_version,
                        "to_version": p.to_version,
                        "state": p.state,
                        "add": p.changes.add,
                        "rename": [list(x) for x in p.changes.rename],
                        "remove": p.changes.remove,
                        "kept": p.changes.kept,
                        "limits": [list(x) for x in p.changes.limits],
                        "levels": [list(x) for x in p.changes.levels],
                        "blocked_by": [m.render(lang) for m in p.changes.problems],
                    }
                    for p in report.plans
                ],
            }
        )
        return
    out = console()
    if not report.plans:
        out.print(t("workflow.migrate_nothing", name=name, version=report.to_version))
        return
    grid = table([t("col.code"), t("workflow.migrate_change"), t("workflow.migrate_blocked")])
    for plan in report.plans:
        changes = [f"+{s}" for s in plan.changes.add] + [f"-{s}" for s in plan.changes.remove]
        changes += [f"{a} ⇒ {b}" for a, b in plan.changes.rename]
        changes += [f"={s}" for s in plan.changes.kept]
        changes += [f"{s}: {a}→{b}" for s, a, b in plan.changes.limits]
        changes += [f"{s}: {a}→{b}" for s, a, b in plan.changes.levels]
        grid.add_row(
            plan.code,
            "\n".join(changes) or "—",
            "\n".join(m.render(lang) for m in plan.changes.problems) or "—",
        )
    out.print(grid)
    key = "workflow.migrate_applied" if apply else "workflow.migrate_dry_run"
    out.print(
        t(
            key,
            name=name,
            version=report.to_version,
            moved=len(report.movable),
            blocked=len(report.blocked),
        )
    )
