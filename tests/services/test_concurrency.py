"""Two writers on one project: exactly one wins, the other gets a clear conflict."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from qy_landing.errors import ConflictError, LandingError
from qy_landing.services import procedures, projects
from qy_landing.services.context import Context
from tests.builders import CODE, project


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in its own thread, released at the same moment; results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:  # collected for the assertions
            results[index] = exc

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def second_connection(ctx: Context) -> Context:
    """The same database through its own engine and connection, as another process would."""
    return Context.open(ctx.db.url, actor="另一位同事", clock=ctx.clock)


def test_two_writers_from_the_same_version_exactly_one_wins(ctx):
    """Both read version v and advance; one succeeds, the other is told of the conflict."""
    project(ctx)
    other = second_connection(ctx)
    version = projects.show_project(ctx, CODE).version
    results = run_together(
        [
            lambda: projects.advance(ctx, CODE, "begin", expected_version=version),
            lambda: projects.advance(other, CODE, "begin", expected_version=version),
        ]
    )
    other.db.dispose()
    wins = [r for r in results if isinstance(r, projects.AdvanceResult)]
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert (len(wins), len(conflicts)) == (1, 1), results
    assert CODE in conflicts[0].render("zh")
    begins = [e for e in projects.history(ctx, CODE) if e.action == "trigger"]
    assert len(begins) == 1
    assert projects.show_project(ctx, CODE).state == "city"


def test_concurrent_advances_never_move_a_project_twice(ctx):
    """Without an expected version the loser sees the new state or a conflict: no double move."""
    project(ctx)
    other = second_connection(ctx)
    results = run_together(
        [
            lambda: projects.advance(ctx, CODE, "begin"),
            lambda: projects.advance(other, CODE, "begin"),
        ]
    )
    other.db.dispose()
    assert sum(isinstance(r, projects.AdvanceResult) for r in results) == 1
    assert all(isinstance(r, projects.AdvanceResult | LandingError) for r in results)
    assert [e.new for e in projects.history(ctx, CODE) if e.field == "state"] == [
        "signed",
        "provincial",
        "city",
    ]


def test_concurrent_procedure_updates_lose_nothing(ctx):
    """Writers updating different procedures at once: every success is stored and audited."""
    project(ctx)
    steps = ["filing", "eia_form", "soil_water", "construction_planning"]
    contexts = [ctx] + [second_connection(ctx) for _ in steps[1:]]

    def submit(context: Context, step: str) -> Any:
        for _attempt in range(20):  # a conflict is retried, as a person would
            try:
                return procedures.set_status(context, CODE, step, "submitted", on=date(2026, 9, 1))
            except ConflictError:
                continue
        raise AssertionError("never succeeded")

    results = run_together(
        [lambda c=c, s=s: submit(c, s) for c, s in zip(contexts, steps, strict=True)]
    )
    for context in contexts[1:]:
        context.db.dispose()
    assert all(isinstance(r, procedures.StatusChange) for r in results), results
    view = projects.show_project(ctx, CODE)
    assert {p.step: p.status for p in view.procedures if p.step in steps} == dict.fromkeys(
        steps, "submitted"
    )
    audited = [e.field for e in projects.history(ctx, CODE) if e.action == "procedure"]
    assert sorted(audited) == sorted(steps)
    assert view.version == 1 + len(steps)


def test_the_change_path_reads_every_column_of_its_tables():
    """The records of a change carry exactly the columns of the project and procedure tables."""
    from qy_landing.services.changes import ProcedureRecord, ProjectRecord
    from qy_landing.store.models import Procedure, Project, table_of

    def names(record: type) -> set[str]:
        return set(record.__dataclass_fields__)

    assert names(ProjectRecord) == set(table_of(Project).columns.keys())
    assert names(ProcedureRecord) == set(table_of(Procedure).columns.keys())


def _interfere_once(monkeypatch, ctx: Context, change: Callable[[Context], Any]) -> list[int]:
    """The first change read by this process is overtaken: another connection commits
    ``change`` between our read and our write (what two offices do on PostgreSQL)."""
    from qy_landing.services import changes

    original = changes.load_change
    calls: list[int] = []

    def load_then_interfere(*args: Any, **kwargs: Any) -> Any:
        loaded = original(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            other = second_connection(ctx)
            try:
                change(other)
            finally:
                other.db.dispose()
        return loaded

    monkeypatch.setattr(changes, "load_change", load_then_interfere)
    return calls


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_conflicting_change_still_valid_is_retried_on_the_new_version(ctx, monkeypatch):
    """Overtaken by a colleague's problem note, a procedure update is checked again and
    succeeds; the caller is told of the retry."""
    from qy_landing.services import problems
    from qy_landing.services.changes import retry_on_conflict

    project(ctx)
    calls = _interfere_once(
        monkeypatch, ctx, lambda other: problems.open_problem(other, CODE, "用地指标未落实")
    )
    told = []
    change = retry_on_conflict(
        lambda _: procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 1)),
        notify=lambda conflict, attempt, attempts: told.append((attempt, attempts)),
    )
    assert (change.old, change.new) == ("pending", "submitted")
    assert told == [(2, 3)] and len(calls) >= 2
    view = projects.show_project(ctx, CODE)
    assert len(view.problems) == 1


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_an_advance_overtaken_by_the_same_advance_is_not_repeated(ctx, monkeypatch):
    """A colleague advanced first: the retry tries the same move, which is no longer
    allowed, so the project moves once, not twice."""
    from qy_landing.services.changes import retry_on_conflict

    project(ctx)
    before = projects.show_project(ctx, CODE).state
    _interfere_once(monkeypatch, ctx, lambda other: projects.advance(other, CODE))
    with pytest.raises(LandingError) as caught:
        retry_on_conflict(
            lambda last: projects.advance(ctx, CODE, last.fields["trigger"] if last else None)
        )
    assert not isinstance(caught.value, ConflictError)
    after = projects.show_project(ctx, CODE)
    assert after.state != before
    moves = [e for e in projects.history(ctx, CODE) if e.action == "trigger"]
    assert len(moves) == 1


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_the_cli_says_it_retried_a_conflicting_change(ctx, monkeypatch):
    """`procedure set` overtaken once: one line on stderr says so, then it succeeds."""
    from typer.testing import CliRunner

    from qy_landing.cli import app
    from qy_landing.services import problems

    project(ctx)
    _interfere_once(monkeypatch, ctx, lambda other: problems.open_problem(other, CODE, "待协调"))
    result = CliRunner().invoke(
        app,
        ["--db", ctx.db.url, "--lang", "en", "procedure", "set", CODE, "filing", "submitted",
         "--on", "2026-09-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Project {CODE} was just changed by someone else; checked again on the new version, "
        "attempt 2 of 3\n"
    )
