"""``qy-landing project …``: register, import, list, show, advance, assign, look back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, join, t

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.table import Table

    from qy_landing.errors import ImportRejectedError
    from qy_landing.ledger import ImportResult
    from qy_landing.services.commitment_views import CommitmentRow
    from qy_landing.services.moves import AdvanceResult
    from qy_landing.services.project_views import EventView, ProjectView

app = typer.Typer(no_args_is_help=True)

_CODE = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False)


# --- register -------------------------------------------------------------------------------


@app.command("add", help=h("project.add"))
def add(
    code: str = typer.Option(..., "--code", help=h("opt.code"), metavar="C"),
    name: str = typer.Option(..., "--name", help=h("opt.project_name"), metavar="N"),
    investor: str = typer.Option(..., "--investor", help=h("opt.investor"), metavar="I"),
    unit: str = typer.Option(..., "--unit", help=h("opt.project_unit"), metavar="U"),
    introduced_by: str | None = typer.Option(
        None, "--introduced-by", help=h("opt.introduced_by"), metavar="U"
    ),
    chain: str = typer.Option(..., "--chain", help=h("opt.chain"), metavar="CH"),
    amount: str = typer.Option(..., "--amount", help=h("opt.amount"), metavar="亿元"),
    signed_on: str = typer.Option(
        ..., "--signed-on", help=h("opt.signed_on"), metavar="YYYY-MM-DD"
    ),
    event: str | None = typer.Option(None, "--event", help=h("opt.event"), metavar="E"),
    workflow: str = typer.Option("standard", "--workflow", help=h("opt.workflow"), metavar="W"),
    major: bool = typer.Option(False, "--major", help=h("opt.major")),
    new_land: bool = typer.Option(False, "--new-land", help=h("opt.new_land")),
    hazardous: bool = typer.Option(False, "--hazardous", help=h("opt.hazardous")),
    approval_listed: bool = typer.Option(False, "--approval-listed", help=h("opt.approval_listed")),
    eia_full: bool = typer.Option(False, "--eia-full", help=h("opt.eia_full")),
    approval: str | None = typer.Option(
        None, "--approval", help=h("opt.approval"), metavar="LEVEL", show_default=False
    ),
    in_urban: bool = typer.Option(
        False, "--in-planned-urban-land", help=h("opt.in_planned_urban_land")
    ),
    minerals: bool = typer.Option(False, "--over-mineral-area", help=h("opt.over_mineral_area")),
    relics: bool = typer.Option(False, "--relics-zone", help=h("opt.relics_zone")),
    forest: bool = typer.Option(
        False, "--uses-forest-or-grassland", help=h("opt.uses_forest_or_grassland")
    ),
    water: bool = typer.Option(False, "--abstracts-water", help=h("opt.abstracts_water")),
    civil: bool = typer.Option(False, "--civil-building", help=h("opt.civil_building")),
    energy_tce: str | None = typer.Option(
        None, "--energy-tce", help=h("opt.energy_tce"), metavar="X"
    ),
    planned_start: str | None = typer.Option(
        None, "--planned-start", help=h("opt.planned_start"), metavar="YYYY-MM-DD"
    ),
    description: str | None = typer.Option(
        None, "--description", help=h("opt.description"), metavar="TEXT"
    ),
    first: list[str] | None = typer.Option(
        None, "--first-responsible", help=h("opt.first_responsible"), metavar="NAME"
    ),
    direct: list[str] | None = typer.Option(
        None, "--direct-responsible", help=h("opt.direct_responsible"), metavar="NAME"
    ),
) -> None:
    from qy_landing.cli.options import (
        parse_amount,
        parse_date,
        parse_optional_date,
        parse_optional_number,
    )
    from qy_landing.cli.render import label, say
    from qy_landing.services.project_views import show_project
    from qy_landing.services.registration import ProjectInput, create_project

    item = ProjectInput(
        code=code,
        name=name,
        investor=investor,
        unit=unit,
        chain=chain,
        amount=parse_amount(amount),
        signed_on=parse_date(signed_on),
        signing_event=event,
        workflow=workflow,
        major=major,
        new_land=new_land,
        hazardous=hazardous,
        approval_listed=approval_listed,
        eia_full=eia_full,
        approval_level=approval,
        in_planned_urban_land=in_urban,
        over_mineral_area=minerals,
        relics_zone=relics,
        uses_forest_or_grassland=forest,
        abstracts_water=water,
        civil_building=civil,
        energy_tce=parse_optional_number(energy_tce, "energy_tce"),
        description=description,
        planned_start_on=parse_optional_date(planned_start),
        introduced_by=introduced_by,
        first_responsible=list(first or ()),
        direct_responsible=list(direct or ()),
    )
    ctx = run.context()
    project = create_project(ctx, item)
    view = show_project(ctx, project.code, lang=run.state.lang, events=0)
    counts: dict[str, int] = {}
    for procedure in view.procedures:
        counts[procedure.level] = counts.get(procedure.level, 0) + 1
    per_level = join(
        [t("project.per_level", level=label("level", lv), count=n) for lv, n in counts.items()]
    )
    say(t("project.added", code=view.code, name=view.name, state=view.state_label))
    say(t("project.procedures", count=len(view.procedures), levels=per_level))
    say(t("project.next_hint", code=view.code))


# --- import ---------------------------------------------------------------------------------


@contextmanager
def rejected_rows(file: str) -> Iterator[None]:
    """An import's rejected rows as a table and one line on stderr, then exit 1."""
    from qy_landing.errors import ImportRejectedError

    try:
        yield
    except ImportRejectedError as rejected:
        _print_row_problems(rejected)
        from qy_landing.cli.render import say

        say(t("import.rejected", file=file, count=rejected.fields["count"]), err=True)
        raise typer.Exit(rejected.exit_code) from None


@app.command("import", help=h("project.import"))
def import_(
    file: Path = typer.Argument(..., help=h("arg.ledger"), metavar="FILE", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help=h("opt.dry_run")),
    create_persons: bool = typer.Option(False, "--create-persons", help=h("opt.create_persons")),
) -> None:
    from qy_landing.cli.render import ProgressBar
    from qy_landing.errors import ImportRejectedError
    from qy_landing.ledger import import_ledger

    bar = ProgressBar(transient=False)

    def progress(done: int, total: int) -> None:
        if total > _PROGRESS_THRESHOLD:  # small ledgers import without a bar
            bar.update(t("import.progress"), done, total)

    try:
        result = import_ledger(
            run.context(),
            file,
            dry_run=dry_run,
            create_missing_persons=create_persons,
            on_progress=progress,
        )
    except ImportRejectedError as rejected:
        bar.stop()
        _print_row_problems(rejected)
        from qy_landing.cli.render import say

        say(_rejected_line(str(file), rejected), err=True)
        raise typer.Exit(rejected.exit_code) from None
    finally:
        bar.stop()
    _print_import_summary(str(file), result)


_PROGRESS_THRESHOLD = 1000  # rows


def _rejected_line(file: str, rejected: ImportRejectedError) -> str:
    """The line under the problem table: nothing imported, or (stopped between batches)
    what was written and that importing the file again completes it."""
    from qy_landing.errors import ImportStoppedError

    if isinstance(rejected, ImportStoppedError):
        return t(
            "import.stopped",
            file=file,
            written=rejected.written,
            batches=rejected.batches,
            last_written_row=rejected.last_written_row,
            resume_row=rejected.resume_row,
        )
    return t("import.rejected", file=file, count=rejected.count)


def _print_row_problems(rejected: ImportRejectedError) -> None:
    from qy_landing import i18n
    from qy_landing.cli.render import console, table

    lang = run.state.lang
    problems = table(
        [t("col.row"), t("col.column"), t("col.reason")], title=t("import.problems_title")
    )
    from rich.text import Text

    for problem in rejected.problems:
        column = i18n.text(f"noun.{problem.column}", lang, default=problem.column)
        problems.add_row(
            str(problem.row), Text(column), Text(i18n.format_value(problem.reason, lang))
        )
    console(stderr=True, markup=False).print(problems)


def _print_changes(changes: Mapping[str, list[str]], most: int = 20) -> None:
    """Which project and which fields an import changes (or would change): one line each."""
    from qy_landing.cli.render import label, say

    def name(change: str) -> str:
        if change.startswith("role:"):
            return label("role", change.split(":", 1)[1])
        return _field_name(change)

    separator = "、" if run.state.lang == "zh" else ", "
    for code, fields in list(changes.items())[:most]:
        say(t("import.changed", code=code, fields=separator.join(name(f) for f in fields)))
    if len(changes) > most:
        say(t("import.changed_more", count=len(changes) - most))


def _print_import_summary(file: str, result: ImportResult) -> None:
    from qy_landing.cli.render import say

    report = result.report
    source = [part for part in (result.encoding, result.sheet) if part]
    say(
        t(
            "import.read",
            file=file,
            rows=result.rows,
            source=f"（{'，'.join(source)}）"
            if source and run.state.lang == "zh"
            else (f" ({', '.join(source)})" if source else ""),
        )
    )
    key = "import.dry_run_summary" if report.dry_run else "import.summary"
    say(
        t(
            key,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        )
    )
    _print_changes(report.changes)
    if report.persons_created:
        say(
            t(
                "import.persons_created" if not report.dry_run else "import.persons_would",
                count=len(report.persons_created),
                names=join(report.persons_created),
            )
        )
    ignored = result.ignored_columns
    if ignored:
        say(t("import.ignored_columns", columns=join(ignored)))
    skipped = result.skipped_rows
    if skipped:
        say(t("import.skipped_rows", rows=join([str(r) for r in skipped])))
    if report.dry_run:
        say(t("import.dry_run_note"))


# --- look up ---------------------------------------------------------------------------------


PAGE = 50  # rows `project list` shows unless told otherwise


@app.command("list", help=h("project.list"))
def list_(
    unit: str | None = typer.Option(None, "--unit", help=h("opt.filter_unit"), metavar="U"),
    state: str | None = typer.Option(None, "--state", help=h("opt.filter_state"), metavar="S"),
    chain: str | None = typer.Option(None, "--chain", help=h("opt.filter_chain"), metavar="CH"),
    overdue: bool = typer.Option(False, "--overdue", help=h("opt.overdue")),
    search: str | None = typer.Option(None, "--search", help=h("opt.search"), metavar="TEXT"),
    person: str | None = typer.Option(
        None, "--person", help=h("opt.filter_person"), metavar="NAME"
    ),
    sort: str = typer.Option("signed", "--sort", help=h("opt.sort"), metavar="KEY"),
    limit: str | None = typer.Option(None, "--limit", help=h("opt.list_limit"), metavar="N"),
    show_all: bool = typer.Option(False, "--all", help=h("opt.all")),
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
    as_of: str | None = typer.Option(None, "--as-of", help=h("opt.as_of"), metavar="YYYY-MM-DD"),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing.cli.options import parse_optional_date, parse_positive_int
    from qy_landing.services.project_views import ProjectFilter, count_projects, iter_projects

    ctx = run.context()
    where = ProjectFilter(unit, state or None, chain, overdue, search, person)
    if show_all or json:
        size = parse_positive_int(limit, "number") if limit and not show_all else None
    else:
        size = parse_positive_int(limit, "number") if limit else PAGE
    day = parse_optional_date(as_of)
    # streamed: --all, --json
    rows = iter_projects(ctx, where, as_of=day, limit=size, sort=sort, as_recorded=as_recorded)
    if json:
        from qy_landing.cli.render import print_json_items

        print_json_items(row.as_dict() for row in rows)
        return
    from qy_landing.cli.render import amount, say

    count, total_amount = _print_projects(rows, wide=wide)
    if not count:
        return
    if size is not None and count == size:
        total = count_projects(ctx, where, as_of=day, as_recorded=as_recorded)
        if total > count:
            say(t("project.shown", shown=f"{count:,}", total=f"{total:,}"))
            return
    say(t("project.total", count=count, amount=amount(total_amount)))


def _print_projects(rows: Iterable[Any], *, wide: bool = False) -> tuple[int, Decimal]:
    """The projects as a table printed as they come; their number and summed amount.

    Code and name share the first column; codes and dates never break; in a narrow
    terminal the chain, then the last progress, then the signing date and the unit hide
    (``--wide`` shows them all).
    """
    from decimal import Decimal
    from functools import cache, lru_cache

    from qy_landing.cli.render import CODE_WIDTH, amount, label
    from qy_landing.cli.stream_table import Col, print_stream

    columns = [
        Col(t("col.project"), 0, CODE_WIDTH),
        Col(t("col.unit"), 1, 0, 18),
        Col(t("col.amount"), 0, 0, 10, right=True),
        Col(t("col.state"), 0, 0, 16),
        Col(t("col.chain"), 4),
        Col(t("col.signed_on"), 2),
        Col(t("col.last_progress"), 3),
    ]
    total = Decimal(0)

    @cache  # a few states and counts make every row's state cell
    def lines(state: str, open_count: int, overdue_count: int) -> tuple[tuple[str, str], ...]:
        shown = [(label("state", state), "")]
        if open_count:
            shown.append((t("project.open_count", count=open_count), "dim"))
        if overdue_count:
            shown.append((t("project.overdue_count", count=overdue_count), "bold red"))
        return tuple(shown)

    chain_name = cache(lambda key: label("chain", key))
    shown_amount = lru_cache(4096)(amount)  # amounts repeat too (equal ones print alike)

    def cells() -> Iterator[list[Any]]:
        nonlocal total
        for r in rows:
            total += r.amount
            yield [
                f"{r.code}\n{r.name}",
                r.unit,
                shown_amount(r.amount),
                lines(r.state, r.open_procedures, r.overdue_procedures),
                chain_name(r.chain),
                r.signed_on.isoformat(),
                r.last_progress_on.isoformat() if r.last_progress_on else "",
            ]

    count = print_stream(
        columns,
        cells(),
        empty=t("project.none"),
        hidden_note=lambda hidden: t("table.hidden", columns=join(hidden)),
        wide=wide,
    )
    return count, total


@app.command("show", help=h("project.show"))
def show(
    code: str = _CODE,
    as_of: str | None = typer.Option(None, "--as-of", help=h("opt.as_of"), metavar="YYYY-MM-DD"),
    events: str = typer.Option("10", "--events", help=h("opt.events"), metavar="N"),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing.cli.options import parse_optional_date, parse_positive_int
    from qy_landing.cli.render import print_json
    from qy_landing.services.commitment_views import list_commitments
    from qy_landing.services.project_views import show_project

    ctx = run.context()
    view = show_project(
        ctx,
        code,
        as_of=parse_optional_date(as_of),
        lang=run.state.lang,
        events=parse_positive_int(events, "number"),
        as_recorded=as_recorded,
    )
    promised = list_commitments(ctx, code=view.code, as_of=view.as_of)
    if json:
        print_json({**view.as_dict(), "commitments": [c.as_dict() for c in promised]})
        return
    render_project(view, promised)


def render_project(view: ProjectView, commitments: Sequence[CommitmentRow] = ()) -> None:
    """The human ``project show``: head, procedures, persons, problems, last events."""
    from rich.text import Text

    from qy_landing.cli.render import (
        amount,
        due_left_cell,
        fields_grid,
        label,
        plain,
        status_cell,
        table,
    )

    out = plain()
    out.print(Text(f"{view.code}  {view.name}", style="bold"))
    unit_line = " · ".join(
        part
        for part in (
            view.unit,
            label("chain", view.chain),
            t("project.amount", amount=amount(view.amount)),
            t("project.major") if view.major else "",
        )
        if part
    )
    signed = view.signed_on.isoformat() + (f" · {view.signing_event}" if view.signing_event else "")
    state = view.state_label
    level = label("level", view.level)
    if level and level not in state:
        state += f"（{level}）" if run.state.lang == "zh" else f" ({level})"
    if view.level:
        state += t("project.since", on=view.state_since.isoformat())
    if view.suspended_from:
        state += t("project.suspended_from", state=label("state", view.suspended_from))
    if view.started_on:
        state += t("project.started_on", on=view.started_on.isoformat())
    head = [
        (t("field.investor"), view.investor),
        (t("field.unit"), unit_line),
        *([(t("field.introduced_by"), view.introduced_by)] if view.introduced_by else []),
        (t("field.signed"), signed),
        (t("field.workflow"), f"{view.workflow} v{view.workflow_version}"),
        (t("field.state"), state),
        (
            t("field.progress"),
            t(
                "project.last_progress",
                on=view.last_progress_on.isoformat(),
                days=view.idle_workdays,
            ),
        ),
    ]
    if view.funds_in_place:
        head.append((t("field.funds"), t("project.amount", amount=amount(view.funds_in_place))))
    if view.progress.total:
        stages, levels = view.progress.parts(run.state.lang)
        head.append((t("field.procedures_done"), " · ".join(stages) + "\n" + " · ".join(levels)))
    head.append((t("field.next"), _next_step(view)))
    out.print(fields_grid(head))

    names = {p.step: p.name for p in view.procedures}
    if view.procedures:
        procedures = table(
            [t("col.procedure"), t("col.level"), t("col.status"), t("col.due")],
            title=t("project.procedures_title"),
        )
        for p in view.procedures:
            cell = Text(p.name)
            if p.waiting_for:
                cell.append(
                    "\n"
                    + t(
                        "project.waiting_for", steps=join([names.get(s, s) for s in p.waiting_for])
                    ),
                    style="dim",
                )
            procedures.add_row(
                cell,
                label("level", p.level),
                status_cell(p.status),
                due_left_cell(p.due, p.due_provisional, p.workdays_left),
            )
        out.print(procedures)
        if any(p.due_provisional for p in view.procedures):
            out.print(Text(t("due.provisional_note"), style="dim"))
    if view.assignments:
        people = table(
            [t("col.role"), t("col.person"), t("col.unit"), t("col.phone")],
            title=t("project.assignments_title"),
        )
        for a in view.assignments:
            people.add_row(label("role", a.role), Text(a.person), Text(a.unit), a.phone or "")
        out.print(people)
    else:
        out.print(Text(t("project.no_assignments"), style="yellow"))
    open_problems = [p for p in view.problems if p.resolved_on is None]
    if open_problems:
        problems = table(
            ["#", t("col.problem"), t("col.owner"), t("col.opened")],
            title=t("project.problems_title"),
        )
        for pr in open_problems:
            opened = pr.opened_on.isoformat()
            if pr.open_workdays is not None:
                opened += "\n" + t("project.open_days", days=pr.open_workdays)
            problems.add_row(str(pr.id), Text(pr.text), Text(pr.owner or ""), opened)
        out.print(problems)
    if commitments:
        from qy_landing.cli.commitments import commitments_table, m

        out.print(commitments_table(list(commitments), m("cli.show_title")))
    if view.events:
        out.print(events_table(view.events, names, title=t("project.events_title")))


def _next_step(view: ProjectView) -> str:
    from qy_landing.cli.render import label
    from qy_landing.errors import Trigger

    lang = run.state.lang
    if view.next_trigger:
        return t(
            "project.next_trigger",
            trigger=Trigger(view.next_trigger).localize(lang),
            code=view.code,
        )
    if view.level:
        waiting = [p.name for p in view.procedures if p.level == view.level and not p.done]
        if waiting:
            return t("project.level_waiting", level=label("level", view.level), steps=join(waiting))
    if view.allowed_triggers:
        return t(
            "project.allowed",
            triggers=join([Trigger(x).localize(lang) for x in view.allowed_triggers]),
        )
    return t("project.no_next")


def describe_event(event: EventView, step_names: Mapping[str, str]) -> str:
    """What an audit event changed, in words: ``项目备案：待办 → 已提交``."""
    from qy_landing import i18n
    from qy_landing.cli.render import label

    def state(value: str | None) -> str:
        return label("state", value) if value else t("word.none")

    action = event.action
    if event.field == "state":
        text = f"{state(event.old)} → {state(event.new)}" if event.old else state(event.new)
    elif action == "procedure":
        name = step_names.get(event.field or "", event.field or "")
        text = f"{name}：{label('status', event.old)} → {label('status', event.new)}"
    elif action in ("procedure_added", "procedure_removed", "due_changed"):
        name = step_names.get(event.field or "", event.field or "")
        text = f"{name}\n{event.old} → {event.new}" if action == "due_changed" else name
    elif action in ("assign", "unassign"):
        text = f"{label('role', event.field)}：{event.new or event.old}"
    elif action in ("problem_open", "problem_resolve") or action == "meeting_note":
        text = event.new or ""
    elif action.startswith("commitment_"):
        text = (event.new if action == "commitment_add" else event.old) or ""
    elif action == "facts":
        text = f"{_field_name(event.field)}：{event.old or t('word.none')} → {event.new}"
    elif action == "funds":
        kind = i18n.text(f"report.funds.{event.field}", run.state.lang, default=event.field or "")
        text = f"{kind}：{t('event.amount', amount=event.new)}"
    else:
        parts = [x for x in (event.field, event.old, event.new) if x]
        text = " ".join(parts)
    if run.state.lang != "zh":
        text = text.replace("：", ": ")
    if event.note and action != "problem_resolve":
        note = i18n.text(f"cli.note.{event.note}", run.state.lang, default=event.note)
        text += "\n" + t("event.note", note=note)
    return text


def _field_name(field: str | None) -> str:
    """A project fact's name in the run's language (``investor`` → 投资方)."""
    from qy_landing import i18n

    for key in (f"noun.{field}", f"report.col.{field}"):
        name = i18n.text(key, run.state.lang, default="")
        if name:
            return name
    return field or ""


def _action_label(action: str) -> str:
    """The short name of an audit action (a few long ones are shortened for tables)."""
    from qy_landing import i18n
    from qy_landing.cli.render import label

    short = i18n.text(f"cli.action.{action}", run.state.lang, default="")
    return short or label("action", action)


def events_table(
    events: Sequence[EventView], step_names: Mapping[str, str], *, title: str | None = None
) -> Table:
    from qy_landing.cli.render import table

    result = table(_event_headers(), title=title)
    for row in event_rows(events, step_names):
        result.add_row(*row)
    return result


def _event_headers() -> list[str]:
    return ["#", t("col.date"), t("col.action"), t("col.change"), t("col.actor")]


def event_rows(events: Sequence[EventView], step_names: Mapping[str, str]) -> Iterator[list[str]]:
    """The rows of a project's history, by the date each change took effect (a back-dated
    record or a calendar recount is recorded later than it applies); the audit trail's own
    order is --json's."""
    from qy_landing import i18n

    lang = run.state.lang
    for e in sorted(events, key=lambda e: (e.effective_on, e.id)):
        change = describe_event(e, step_names)
        if e.corrects is not None:
            change = f"{change} ↳ {i18n.t('correct.history.corrects', lang, event=e.corrects)}"
        if e.corrected_by is not None:
            change = f"{change} ({i18n.t('correct.history.corrected', lang, event=e.corrected_by)})"
        yield [str(e.id), e.effective_on.isoformat(), _action_label(e.action), change, e.who]


@app.command("history", help=h("project.history"))
def history_(
    code: str = _CODE,
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.render import print_json, say
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.lookup import step_names
    from qy_landing.services.project_views import history

    ctx = run.context()
    events = history(ctx, code)
    if json:
        print_json([e.as_dict() for e in events])
        return
    names = step_names(ctx, code, run.state.lang)
    say(code.strip())
    print_rows(
        _event_headers(),
        event_rows(events, names),
        empty=t("project.no_history"),
        priorities=(2, 0, 0, 0, 1),  # the event number hides first, then who recorded it
        wide=wide,
    )


# --- move through the workflow -------------------------------------------------------------


def _print_moves(result: AdvanceResult) -> None:
    from qy_landing.cli.render import label, say

    for index, move in enumerate(result.moves):
        source, dest = label("state", move.source), label("state", move.dest)
        if index == 0:
            say(
                t(
                    "advance.move",
                    code=result.code,
                    source=source,
                    dest=dest,
                    trigger=label("trigger", move.trigger),
                )
            )
        else:
            say(t("advance.auto_pass", source=source, dest=dest))
    say(t("advance.now", code=result.code, state=label("state", result.state)))


@app.command("advance", help=h("project.advance"))
def advance_(
    code: str = _CODE,
    trigger: str | None = typer.Argument(
        None, help=h("arg.trigger"), metavar="TRIGGER", show_default=False
    ),
    on: str | None = typer.Option(None, "--on", help=h("opt.on"), metavar="YYYY-MM-DD"),
    note: str | None = typer.Option(None, "--note", help=h("opt.note"), metavar="TEXT"),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.services.moves import advance

    ctx, day = run.context(), parse_optional_date(on)
    wanted = trigger or None
    result = run.retrying(
        # a retry repeats the move worked out on the first read, never the next one
        lambda last: advance(
            ctx, code, wanted or (last.fields.get("trigger") if last else None), on=day, note=note
        )
    )
    _print_moves(result)


def _side_move(
    action: Callable[..., AdvanceResult], code: str, reason: str | None, on: str | None
) -> None:
    from qy_landing.cli.options import parse_optional_date

    ctx, day = run.context(), parse_optional_date(on)
    result = run.retrying(lambda _: action(ctx, code, reason=reason or "", on=day))
    _print_moves(result)


_REASON = typer.Option(None, "--reason", help=h("opt.reason"), metavar="TEXT")
_ON = typer.Option(None, "--on", help=h("opt.on"), metavar="YYYY-MM-DD")


@app.command("suspend", help=h("project.suspend"))
def suspend_(code: str = _CODE, reason: str | None = _REASON, on: str | None = _ON) -> None:
    from qy_landing.services.moves import suspend

    _side_move(suspend, code, reason, on)


@app.command("resume", help=h("project.resume"))
def resume_(code: str = _CODE, reason: str | None = _REASON, on: str | None = _ON) -> None:
    from qy_landing.services.moves import resume

    _side_move(resume, code, reason, on)


@app.command("terminate", help=h("project.terminate"))
def terminate_(code: str = _CODE, reason: str | None = _REASON, on: str | None = _ON) -> None:
    from qy_landing.services.moves import terminate

    _side_move(terminate, code, reason, on)


# --- responsible persons ---------------------------------------------------------------------


_ROLE = typer.Option(..., "--role", help=h("opt.role"), metavar="ROLE")
_PERSON = typer.Option(..., "--person", help=h("opt.person"), metavar="NAME")


@app.command("assign", help=h("project.assign"))
def assign_(
    code: str = _CODE, role: str = _ROLE, person: str = _PERSON, on: str | None = _ON
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import label, say
    from qy_landing.services.assignments import assign

    ctx, day = run.context(), parse_optional_date(on)
    assignment = run.retrying(lambda _: assign(ctx, code, role, person, on=day))
    say(
        t(
            "project.assigned",
            code=code.strip(),
            role=label("role", assignment.role),
            person=person.strip(),
        )
    )


@app.command("unassign", help=h("project.unassign"))
def unassign_(
    code: str = _CODE, role: str = _ROLE, person: str = _PERSON, on: str | None = _ON
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import label, say
    from qy_landing.services.assignments import unassign
    from qy_landing.vocabulary import resolve

    ctx, day = run.context(), parse_optional_date(on)
    run.retrying(lambda _: unassign(ctx, code, role, person, on=day))
    say(
        t(
            "project.unassigned",
            code=code.strip(),
            role=label("role", resolve("role", role)),
            person=person.strip(),
        )
    )
