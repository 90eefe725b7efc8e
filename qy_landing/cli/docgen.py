"""Generate ``docs/cli.md``, the command reference, from the commands' own help.

    python -m qy_landing.cli.docgen > docs/cli.md            # English (the reference)
    python -m qy_landing.cli.docgen --lang zh                 # the same in Chinese
    python -m qy_landing.cli.docgen --missing                 # commands or options without help

Help texts are chosen when ``qy_landing.cli`` is imported (``cli/texts.py``), so a
language other than the loaded one is produced by running this module again in a child
process with ``QY_LANDING_LANG`` set. A test regenerates the file and fails when
``docs/cli.md`` differs, so the reference always matches the program.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from qy_landing import config

# A help text that is still a catalogue key (``cli.help.project.add``) is missing.
_KEY_LIKE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


@dataclass
class Param:
    kind: str  # option | argument
    name: str  # as typed: "--on YYYY-MM-DD" or "CODE"
    help: str
    required: bool


@dataclass
class CommandDoc:
    path: str  # "qy-landing project add"
    help: str
    usage: str
    is_group: bool
    params: list[Param] = field(default_factory=list)
    subcommands: list[str] = field(default_factory=list)


def walk(command: Any = None, parent: Any = None, name: str = "qy-landing") -> Iterator[CommandDoc]:
    """Every command of the app, depth first, groups before their commands (sorted by name)."""
    import typer.main

    if command is None:
        from qy_landing.cli import app

        command = typer.main.get_command(app)
    ctx = command.context_class(command, info_name=name, parent=parent)
    params: list[Param] = []
    for param in command.get_params(ctx):
        if param.name == "help" or getattr(param, "hidden", False):
            continue
        if param.param_type_name == "option":
            record = param.get_help_record(ctx)
            opts = record[0] if record else "/".join(param.opts)
            text = (getattr(param, "help", None) or "").strip()
            params.append(Param("option", opts, text, bool(param.required)))
        else:
            metavar = param.metavar or (param.name or "").upper()
            text = (getattr(param, "help", None) or "").strip()
            params.append(Param("argument", metavar, text, bool(param.required)))
    pieces = command.collect_usage_pieces(ctx)
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    children = sorted((n, command.get_command(ctx, n)) for n in names)
    doc = CommandDoc(
        path=ctx.command_path,
        help=(command.help or "").strip(),
        usage=" ".join([ctx.command_path, *pieces]),
        is_group=bool(children) or hasattr(command, "commands"),
        params=params,
        subcommands=[n for n, c in children if not getattr(c, "hidden", False)],
    )
    yield doc
    for child_name, child in children:
        if getattr(child, "hidden", False):
            continue
        yield from walk(child, ctx, child_name)


def missing_help() -> list[str]:
    """Commands, arguments and options whose help text is empty or still a catalogue key."""
    problems: list[str] = []
    for doc in walk():
        if not doc.help or _KEY_LIKE.match(doc.help):
            problems.append(f"{doc.path}: {doc.help or '(no help)'}")
        for param in doc.params:
            if not param.help or _KEY_LIKE.match(param.help):
                problems.append(f"{doc.path} {param.name}: {param.help or '(no help)'}")
    return problems


# --- the --json shapes (documented by hand, checked against real output by the tests) ---------

JSON_SHAPES: dict[str, list[tuple[str, str]]] = {
    "project show CODE --json": [
        ("as_of", "the date the view is computed for (ISO 8601)"),
        ("code", "project code"),
        ("code_kind", "`national` or `local`"),
        ("name", "project name"),
        ("investor", "investor"),
        ("unit", "responsible unit (Chinese name)"),
        ("introduced_by", "introducing unit (引进单位); the landing unit when none was named"),
        ("chain", "industry chain key (`energy`, `digital` …)"),
        ("signing_event", "signing event or null"),
        ("signed_on", "signing date"),
        ("amount", "contract amount in 亿元, as a decimal string"),
        ("major", "major project (true/false)"),
        ("facts", "the facts procedures depend on (new_land, hazardous, energy_tce …)"),
        ("workflow", "workflow name"),
        ("workflow_version", "workflow version the project follows"),
        ("state", "state key (`signed`, `provincial`, `city`, `county`, `started` …)"),
        ("level", "level being worked on (`provincial`, `city`, `county`) or null"),
        ("state_since", "date the project entered its state"),
        ("suspended_from", "state before suspension, or null"),
        ("started_on", "construction start date, or null"),
        ("last_progress_on", "date of the last recorded progress"),
        ("idle_workdays", "working days since the last progress"),
        ("version", "row version (changes with every change; for optimistic locking)"),
        ("allowed_triggers", "triggers whose conditions hold now"),
        ("next_trigger", "the single forward trigger allowed now, or null"),
        (
            "procedures",
            "list: step, name, level, authority, status, limit_days, submitted_on, "
            "accepted_on, approved_on, rejected_on, waived_on, waive_reason, due, due_provisional, "
            "workdays_left, overdue, depends_on, waiting_for, stage",
        ),
        ("assignments", "list: role, person, unit, title, phone, email"),
        ("problems", "list: id, text, owner, opened_on, resolved_on, resolution, open_workdays"),
        ("events", "the last events (as in `project history --json`)"),
        ("funds_in_place", "funds in place in 亿元, as a decimal string"),
        (
            "progress",
            "procedures done (approved or waived) and in total, `by_stage` (the approval stages "
            "`project_land`, `engineering`, `construction`) and `by_level`: "
            '`{"done": n, "total": n}` each',
        ),
        ("commitments", "the project's commitments, as in `commitment list --json`"),
    ],
    "project list --json": [
        ("code", "project code"),
        ("name", "project name"),
        ("unit", "responsible unit"),
        ("chain", "industry chain key"),
        ("state", "state key"),
        ("amount", "contract amount in 亿元 (decimal string)"),
        ("signed_on", "signing date"),
        ("signing_event", "signing event or null"),
        ("major", "major project"),
        ("open_procedures", "procedures not yet approved or waived"),
        ("overdue_procedures", "running procedures past their due date"),
        ("last_progress_on", "date of the last recorded progress"),
        ("workflow", "workflow name"),
    ],
    "project history CODE --json": [
        ("id", "event number"),
        (
            "action",
            "what happened (`create`, `import`, `trigger`, `auto_pass`, `procedure`, "
            "`assign`, `problem_open`, `suspend` …)",
        ),
        ("entity", "`project`, `procedure`, `assignment` or `problem`"),
        ("field", "what changed (`state`, a procedure key, a role …) or null"),
        ("old", "value before, or null"),
        ("new", "value after, or null"),
        ("actor", "who did it, as a display name (`--as`, else the operating-system user)"),
        (
            "actor_login",
            "PostgreSQL: the login that wrote it (`session_user`, set by the database); "
            "SQLite: null",
        ),
        ("recorded_at", "when it was recorded (ISO 8601 with time zone)"),
        ("effective_on", "the date it took effect (`--on`)"),
        ("note", "note or reason, or null"),
    ],
    "procedure list CODE --json": [
        ("step", "procedure key"),
        ("name", "procedure name in the chosen language"),
        ("level", "`provincial`, `city` or `county`"),
        ("authority", "the authority handling it"),
        ("status", "`pending`, `submitted`, `accepted`, `approved`, `rejected` or `waived`"),
        ("limit_days", "time limit in working days"),
        ("submitted_on", "date or null"),
        ("accepted_on", "date or null"),
        ("approved_on", "date or null"),
        ("rejected_on", "date or null"),
        ("waived_on", "date or null"),
        ("waive_reason", "text or null"),
        ("due", "due date while running, or null"),
        ("due_provisional", "the due date rests on a year without an official holiday schedule"),
        ("workdays_left", "working days until due (negative when overdue), or null"),
        ("overdue", "true when past due"),
        ("depends_on", "procedure keys that must be approved first"),
        ("waiting_for", "those of them not yet approved or waived"),
        ("stage", "approval stage (`project_land`, `engineering`, `construction`) or null"),
    ],
    "problem list --json": [
        ("id", "problem number"),
        ("code", "project code"),
        ("project", "project name"),
        ("unit", "the project's unit"),
        ("text", "the problem"),
        ("owner", "person who owns it, or null"),
        ("opened_on", "date opened"),
        ("resolved_on", "date resolved, or null"),
        ("resolution", "how it was resolved, or null"),
    ],
    "commitment list --json": [
        ("id", "commitment number"),
        ("code, project, unit", "the project's code, name and unit"),
        ("person", "who promised"),
        ("text", "what was promised"),
        ("made_on, due_on", "when it was promised and by when (ISO 8601)"),
        ("due_provisional", "the due date leans on a year without an official schedule"),
        ("meeting", "YYYY-MM of the dispatch meeting, or null"),
        ("status", "`open`, `missed` (derived: open after its due date), `done`, `withdrawn`"),
        ("kept", "done by its due date: true/false; null while it can still be kept"),
        ("closed_on, note", "when it was done or withdrawn, with the evidence or reason"),
        ("overdue_workdays", "working days past due while missed, else 0"),
    ],
    "meeting --json": [
        ("month, by, as_of", "the meeting's month, `person` or `unit`, the figures' date"),
        ("resume", "[subject key, project code] where the meeting last stopped, or null"),
        (
            "subjects",
            "persons (or units) in the office's order: key, name, unit, "
            "overdue_procedures, open_problems, projects (code, name, state, state_label, "
            "last_progress_on, overdue_procedures, open_problems, visited)",
        ),
    ],
    "report minutes --json": [
        ("month, as_of", "the meeting's month and the figures' date"),
        (
            "sections",
            "per person (or unit) met: key, name, unit, projects (code, name), "
            "notes (code, text, on), commitments (as in `commitment list --json`)",
        ),
    ],
    "person list --json": [
        ("id", "person number"),
        ("name", "name"),
        ("unit", "unit"),
        ("title", "job title or null"),
        ("phone", "phone or null"),
        ("email", "e-mail or null"),
        ("wecom", "WeCom id or null"),
        ("dingtalk", "DingTalk id or null"),
        ("channel", "preferred reminder channel"),
        (
            "fallback",
            "channels tried after it, comma-separated (empty: none), or null: the office's route",
        ),
        (
            "route",
            "the person's own route (list of channels), or null: the office's route for the role",
        ),
        ("supervisor", "city-level supervisor (last rung of the overdue ladder)"),
    ],
    "unit list --json": [
        ("id", "unit number"),
        ("name", "Chinese name"),
        ("name_en", "English name or null"),
        ("code", "unit code or null"),
        ("kind", "`county`, `park`, `department`, `enterprise` or `office`"),
    ],
    "user list --json": [
        ("name", "the login (a PostgreSQL role name)"),
        ("unit", "the account's unit, or null"),
        (
            "role",
            "the role it was added with (`staff`, `office`, `leader`, `auditor`, `scheduler`)",
        ),
        ("roles", "the roles it holds now (PostgreSQL's record)"),
        ("can_login", "whether PostgreSQL lets it log in"),
        ("disabled", "whether `user disable` was run on it"),
    ],
    "user whoami --json": [
        ("login", "the login connected (`session_user`; SQLite: the OS user or `--as`)"),
        ("unit", "its unit, or null"),
        ("roles", "the roles it holds"),
        ("superuser", "a PostgreSQL superuser (no policy applies to it)"),
        ("postgres", "false on SQLite, which has no accounts"),
    ],
    "workflow list --json": [
        ("name", "workflow name"),
        ("version", "latest version"),
        ("versions", "how many versions are stored"),
        ("title", "title in the chosen language"),
        ("steps", "number of procedures defined"),
        ("projects", "projects using the workflow"),
        ("in_flight", "of them, projects not yet started or terminated"),
    ],
    "workflow show NAME --json": [
        ("name", "workflow name"),
        ("version", "version shown"),
        ("title", "{zh, en}"),
        ("levels", "levels in order"),
        ("overall_limit", "working days from signing to construction start"),
        ("idle_days", "working days without progress before a project counts as stalled"),
        ("problem_days", "working days a problem may stay open"),
        ("states", "list: name, label {zh, en}, kind, level, initial"),
        ("transitions", "list: trigger, sources, dest, guards, requires_reason"),
        (
            "steps",
            "list: key, name {zh, en}, level, authority {zh, en}, limit, when, depends_on, stage",
        ),
        ("escalation", "list: to, after (the overdue ladder)"),
    ],
    "calendar list --json": [
        ("day", "date"),
        ("workday", "true: the office works that day; false: closed"),
        ("note", "note or null"),
    ],
    "calendar show YEAR-MONTH --json": [
        ("month", "YYYY-MM"),
        ("workdays", "working days in the month"),
        (
            "days",
            "list: day, workday, kind (`workday`, `weekend`, `holiday`, `makeup`, "
            "`closed`, `opened`), holiday {zh, en} or null, note, provisional",
        ),
    ],
}

_INTRO = """\
# qy-landing command reference

This file is generated from the commands' own help by
`python -m qy_landing.cli.docgen > docs/cli.md`; do not edit it by hand
(a test fails when it is out of date). Every command also answers `--help`,
in Chinese or English (`--lang zh|en`, `QY_LANDING_LANG`, or the locale).

## Conventions

- **Exit codes**: 0 success; 1 a user error (unknown project, bad date, step not allowed …);
  2 a usage error (unknown option, missing argument); 3 an internal error.
  Errors are one line on stderr in the chosen language; `--debug` shows tracebacks.
- **Dates** are ISO 8601: `YYYY-MM-DD` (`--on`, `--signed-on`), months `YYYY-MM`.
  `--on` is the effective date of a change; it defaults to today and may not lie in the future.
- **Amounts** are in 亿元 (100 million yuan), exact, at most 4 decimals.
- **Names**: units, chains, roles, statuses, states and triggers may be typed by their key
  (`energy`, `direct_responsible`, `approved`) or by their Chinese or English name
  (`综合能源`, `直接责任人`, `已批复`). A person is `NAME`, or `NAME@UNIT` when two share a name.
- **`--json`** prints stable JSON on stdout: English keys, ISO dates, amounts as decimal
  strings; the shapes are listed at the end of this file.
"""


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(docs: list[CommandDoc] | None = None) -> str:
    docs = list(walk()) if docs is None else docs
    lines = [_INTRO]
    root, rest = docs[0], docs[1:]
    lines.append("## Global options\n")
    lines.append(f"`{root.usage}`\n")
    lines.append(root.help + "\n")
    lines.extend(_params_table(root.params))
    lines.append("## Commands\n")
    for doc in rest:
        if doc.is_group:
            lines.append(f"### {doc.path.removeprefix('qy-landing ')}\n")
            lines.append(doc.help + "\n")
            if doc.subcommands:
                lines.append("Commands: " + ", ".join(f"`{c}`" for c in doc.subcommands) + "\n")
            continue
        depth = "####" if doc.path.count(" ") >= 2 else "###"
        lines.append(f"{depth} `{doc.path}`\n")
        lines.append(doc.help + "\n")
        lines.append(f"```\n{doc.usage}\n```\n")
        lines.extend(_params_table(doc.params))
    lines.append("## JSON output\n")
    lines.append(
        "Keys are stable; new keys may be added, existing ones keep their meaning. "
        "Commands not listed print the same fields as their table.\n"
    )
    for command, keys in JSON_SHAPES.items():
        lines.append(f"### `qy-landing {command}`\n")
        lines.append("| Key | Meaning |\n|---|---|")
        lines.extend(f"| `{key}` | {_escape(meaning)} |" for key, meaning in keys)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _params_table(params: list[Param]) -> list[str]:
    if not params:
        return []
    rows = ["| Argument or option | Description |", "|---|---|"]
    for param in params:
        required = " (required)" if param.required and param.kind == "option" else ""
        text = param.help.replace("  [required]", "")
        rows.append(f"| `{_escape(param.name)}` | {_escape(text)}{required} |")
    rows.append("")
    return rows


def _loaded_lang() -> str:
    from qy_landing.cli import texts

    return str(texts._HELP_LANG)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    lang = "en"
    if "--lang" in args:
        index = args.index("--lang")
        lang = args[index + 1] if index + 1 < len(args) else "en"
        del args[index : index + 2]
    if _loaded_lang() != lang and not config.env("QY_LANDING_DOCGEN_CHILD"):
        env = config.environment_with(QY_LANDING_LANG=lang, QY_LANDING_DOCGEN_CHILD="1")
        done = subprocess.run(
            [sys.executable, "-m", "qy_landing.cli.docgen", *args], env=env, check=False
        )
        return done.returncode
    if "--missing" in args:
        problems = missing_help()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    sys.stdout.write(render_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
