"""The full-screen dispatch meeting, driven with Textual's pilot: keys in, database out.

Snapshots of the main screens at 80×24 in Chinese and English live in ``__snapshots__``
(``pytest --snapshot-update`` rewrites them after a deliberate change).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

import pytest

from qy_landing.cli.meeting_app import meeting_app
from qy_landing.clock import FixedClock
from qy_landing.services import commitments, meetings, problems, projects
from qy_landing.services.context import Context
from tests.builders import CODE
from tests.meeting_office import CODE2, CODE3, build_meeting_office


def _office(url: str):
    context = Context.open(url, actor="测试员", clock=FixedClock.on(date(2026, 11, 10)))
    build_meeting_office(context)
    return context


@pytest.fixture
def office(db_url):
    """The meeting office on each backend, the clock at 2026-11-10 09:00."""
    context = _office(db_url)
    yield context
    context.db.dispose()


@pytest.fixture
def sqlite_office(sqlite_url):
    """The meeting office on SQLite (the snapshots need one backend only)."""
    context = _office(sqlite_url)
    yield context
    context.db.dispose()


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (the suite has no asyncio plugin)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


async def settle(pilot) -> None:
    """Let the workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@run_async
async def test_a_commitment_typed_on_screen_is_recorded(office):
    """c, type what/who/by, Enter: the commitment is in the database and the project history."""
    app = meeting_app(office, "zh", "2026-11")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # 王芳's project → 张伟 → his first project
        await settle(pilot)
        assert app.code == CODE
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"办理用地预审", "enter")
        await pilot.press("enter")  # who: 张伟@环县, filled in
        await pilot.press("ctrl+u", *"2026-11-30", "enter")
        await settle(pilot)
    rows = commitments.list_commitments(office, meeting="2026-11")
    assert [(r.code, r.text, r.person, r.due_on) for r in rows] == [
        (CODE, "办理用地预审", "张伟", date(2026, 11, 30))
    ]
    assert projects.history(office, CODE)[-1].new == "办理用地预审"
    assert meetings.resume_point(office, "2026-11") == ("person:1", CODE)
    assert str(app.nodes[("person:1", CODE)].label).startswith("✓ ")


@run_async
async def test_bad_input_is_shown_and_the_form_keeps_what_was_typed(office):
    """An unknown person: one line in the user's language, the form opens again, nothing saved."""
    app = meeting_app(office, "en", "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"x", "enter", "ctrl+u", *"赵六", "enter", "enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("赵六" in m for m in messages)
        assert app.screen.query_one("#f_who").value == "赵六"
    assert commitments.list_commitments(office, meeting="2026-11") == []


@run_async
async def test_a_conflicting_change_is_shown_and_the_card_reloaded(office):
    """Someone changes the project while the card is open: the note is refused, then saved."""
    app = meeting_app(office, "en", "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = app.card.version
        projects.assign(office, CODE, "direct_responsible", "王芳", on=date(2026, 11, 10))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"note", "enter")
        await settle(pilot)
        assert any("changed by someone else" in n.message for n in app._notifications)
        assert app.card.version == shown + 1
        await pilot.press("enter")  # the form came back with the text: save again
        await settle(pilot)
    assert [n.text for n in meetings.meeting_notes(office, "2026-11")] == ["note"]


def colleague(office: Context) -> Context:
    """A second member of staff on the same database (their own connection pool)."""
    return Context.open(office.db.url, actor="同事", clock=office.clock)


@run_async
async def test_a_problem_resolved_meanwhile_is_a_conflict_not_a_second_resolution(office):
    """A colleague resolves the problem while the card is open: r is refused, nothing lost."""
    app = meeting_app(office, "en", "2026-11", person="张伟")
    other = colleague(office)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = app.card.version
            number = next(p.id for p in app.card.view.problems if p.resolved_on is None)
            problems.resolve_problem(other, number, "指标已下达")
            await pilot.press("r", "enter", *"solved at the meeting", "enter")
            await settle(pilot)
            assert any("changed by someone else" in n.message for n in app._notifications)
            assert app.card.version == shown + 1
            assert [p.resolved_on for p in app.card.view.problems] == [date(2026, 11, 10)]
            assert app.screen.query_one("#f_text").value == "solved at the meeting"
            await pilot.press("enter", "enter")  # saving again: it is resolved already
            await settle(pilot)
            assert any("already resolved" in n.message for n in app._notifications)
    finally:
        other.db.dispose()
    [problem] = problems.list_problems(office, code=CODE)
    assert problem.resolution == "指标已下达"
    resolutions = [e for e in projects.history(office, CODE) if e.action == "problem_resolve"]
    assert [(e.actor, e.new) for e in resolutions] == [("同事", "指标已下达")]


@run_async
async def test_a_problem_added_after_a_colleagues_change_is_refused_then_saved(office):
    """A colleague adds a problem first: p is refused with the conflict, kept, and saved again."""
    app = meeting_app(office, "zh", "2026-11", person="张伟")
    other = colleague(office)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            problems.open_problem(other, CODE, "电力接入未落实")
            await pilot.press("p", *"环评批复待定", "enter")
            await settle(pilot)
            assert any(n.severity == "error" for n in app._notifications)
            assert [p.text for p in app.card.view.problems][-1] == "电力接入未落实"
            assert app.screen.query_one("#f_text").value == "环评批复待定"
            await pilot.press("enter")
            await settle(pilot)
            assert [p.text for p in app.card.view.problems][-2:] == [
                "电力接入未落实",
                "环评批复待定",
            ]
    finally:
        other.db.dispose()


@run_async
async def test_resolving_another_projects_problem_is_refused(office):
    """r with the number of a problem of another project: a clear message, nothing resolved."""
    other = problems.open_problem(office, CODE3, "光伏用地待批")
    app = meeting_app(office, "en", "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)  # the form is open before anything is typed into it
        await pilot.press("ctrl+u", *str(other.id), "enter", *"x", "enter")
        await settle(pilot)
        assert any(f"#{other.id}" in n.message for n in app._notifications)
    assert problems.list_problems(office, code=CODE3)[0].resolved_on is None


@run_async
async def test_a_large_agenda_loads_a_page_of_subjects_as_the_cursor_gets_there(
    office, monkeypatch
):
    """Without --person the outline comes first; a subject's projects when the cursor arrives."""
    from qy_landing.cli import meeting_app as module

    monkeypatch.setattr(module, "PAGE", 1)
    app = meeting_app(office, "zh", "2026-11")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        waiting = [s.name for s in app.agenda.subjects if not s.loaded]
        assert waiting == ["张伟"]
        assert str(app.nodes[("person:1", "")].label) == "张伟 2"
        await pilot.press("down")  # onto 张伟: his page is read
        await settle(pilot)
        assert all(s.loaded for s in app.agenda.subjects)
        assert str(app.nodes[("person:1", "")].label) == "张伟 2 !1"
        await pilot.press("down")
        await settle(pilot)
        assert app.code == CODE
        assert {CODE, CODE2} <= set(app.cards)  # the page's cards, read together
        await pilot.press("down")
        await settle(pilot)
        assert (app.code, app.card.view.code) == (CODE2, CODE2)
    assert meetings.resume_point(office, "2026-11") == ("person:1", CODE2)


def shown_codes(app) -> list[str]:
    """The project codes the agenda shows, in order."""
    return [p.code for s in app.agenda.subjects for p in s.projects]


@run_async
async def test_x_keeps_stuck_projects_and_f_filters_by_unit_person_and_level(office):
    """x: stuck only (and back); f: unit, person, level in a form; the header says so."""
    projects.advance(office, CODE2, on=date(2026, 11, 9))  # progress: CODE2 is not stuck
    app = meeting_app(office, "en", "2026-11")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown_codes(app) == [CODE3, CODE, CODE2]
        await pilot.press("x")
        await settle(pilot)
        assert shown_codes(app) == [CODE3, CODE]
        assert app.sub_title == "filter: stuck only"
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"环县", "enter", "enter", *"city", "enter", "ctrl+u", *"no", "enter")
        await settle(pilot)
        assert shown_codes(app) == [CODE, CODE2]
        assert app.sub_title == "filter: unit 环县 · level city"
        assert app.code == CODE and app.card.view.code == CODE
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter", *"张伟", "enter", "ctrl+u", *"town", "enter", "enter")
        await settle(pilot)
        assert any("provincial" in n.message for n in app._notifications)
        assert app.screen.query_one("#f_level").value == "town"  # the form is back as typed
        await pilot.press("escape")
        await settle(pilot)
        assert shown_codes(app) == [CODE, CODE2]  # the refused filter changed nothing


@run_async
async def test_a_failed_read_is_one_line_and_the_meeting_stays_open(office, monkeypatch):
    """A card that cannot be read (the database gone, say): its message, the app runs on."""
    from qy_landing.errors import DatabaseError

    app = meeting_app(office, "en", "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def broken(*args, **kwargs):
            raise DatabaseError("sqlite:///gone.db", "disk I/O error")

        monkeypatch.setattr(meetings, "project_cards", broken)
        await pilot.press("f5")  # the card is read again
        await settle(pilot)
        assert any("disk I/O error" in n.message for n in app._notifications)
        assert app.is_running and app.card.view.code == CODE  # the last card stays


@run_async
async def test_the_meeting_resumes_at_the_last_project(office):
    """Reopened, the meeting starts at the project where it stopped."""
    meetings.visit(office, "2026-11", "person:1", CODE2)
    app = meeting_app(office, "zh", "2026-11")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.code == CODE2


@run_async
async def test_procedure_progress_problem_and_done_through_the_services(office):
    """s, p, r and d record procedure progress, a problem, its resolution, a commitment done."""
    app = meeting_app(office, "en", "2026-11", person="张伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter", "ctrl+u", *"accepted", "enter")
        await settle(pilot)
        await pilot.press("p", *"grid capacity", "enter")
        await settle(pilot)
        await pilot.press("r", "enter", *"solved", "enter")
        await settle(pilot)
        await pilot.press("d", "enter", *"quota granted", "enter")
        await settle(pilot)
    actions = [e.action for e in projects.history(office, CODE)[-4:]]
    assert actions == ["procedure", "problem_open", "problem_resolve", "commitment_done"]


def _wait():
    async def run_before(pilot) -> None:
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_agenda_and_card(sqlite_office, snap_compare, lang):
    """The main screen at 80×24: agenda, card with overdue procedure and last month's promise."""
    app = meeting_app(sqlite_office, lang, "2026-11", person="张伟")
    assert snap_compare(app, run_before=_wait())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_commitment_form(sqlite_office, snap_compare, lang):
    """The commitment form over the meeting at 80×24."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(
        meeting_app(sqlite_office, lang, "2026-11", person="张伟"), run_before=run_before
    )
