"""Two writers on one project: exactly one wins, the other gets a clear conflict."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

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
