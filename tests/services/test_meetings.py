"""The dispatch meeting's library: agenda, project card, notes, where the meeting is."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.errors import ChoiceError, ConflictError
from qy_landing.services import meetings, projects
from qy_landing.services.context import Context
from qy_landing.services.projects import history, show_project
from tests.builders import CODE
from tests.meeting_office import CODE2, CODE3, build_meeting_office


@pytest.fixture
def office(db_url):
    """The meeting office on each backend, the clock at 2026-11-10 09:00."""
    context = Context.open(db_url, actor="测试员", clock=FixedClock.on(date(2026, 11, 10)))
    build_meeting_office(context)
    yield context
    context.db.dispose()


def test_agenda_by_person_in_the_offices_order(office):
    """Persons in unit order (西峰区 before 环县), each with open projects and their counts."""
    found = meetings.agenda(office, "2026-11")
    assert [(s.name, [p.code for p in s.projects]) for s in found.subjects] == [
        ("王芳", [CODE3]),
        ("张伟", [CODE, CODE2]),
    ]
    zhang = found.subjects[1]
    assert (zhang.overdue, zhang.problems) == (1, 1)
    assert found.as_of == date(2026, 11, 10) and found.resume is None


def test_agenda_by_unit_and_filters(office):
    """--by unit groups by the project's unit; unit and person filters narrow the agenda."""
    by_unit = meetings.agenda(office, "2026-11", by="unit", lang="en")
    assert [s.name for s in by_unit.subjects] == ["西峰区", "环县"]
    assert by_unit.subjects[1].projects[0].state_label == "city procedures"
    only = meetings.agenda(office, "2026-11", person="张伟", unit="环县")
    assert [s.name for s in only.subjects] == ["张伟"]
    with pytest.raises(ChoiceError):
        meetings.agenda(office, "2026-11", by="county")


def test_card_shows_last_months_promises_and_this_meetings_notes(office):
    """The card: last month's commitment (missed), and a note recorded at this meeting."""
    card = meetings.project_card(office, CODE, "2026-11")
    assert [(c.text, c.status) for c in card.last_month] == [("协调落实用地指标", "missed")]
    meetings.add_note(
        office, CODE, "县政府牵头协调用地指标", "2026-11", expected_version=card.version
    )
    again = meetings.project_card(office, CODE, "2026-11")
    assert [n.text for n in again.notes] == ["县政府牵头协调用地指标"]
    assert history(office, CODE)[-1].action == "meeting_note"
    with pytest.raises(ConflictError):
        meetings.add_note(office, CODE, "stale", "2026-11", expected_version=card.version)
    assert show_project(office, CODE).version == again.version


def test_an_interrupted_meeting_resumes_where_it_stopped(office):
    """Visits are stored: the agenda marks them and names the last one as the resume point."""
    meetings.visit(office, "2026-11", "person:1", CODE)
    office.clock.advance(minutes=5)
    meetings.visit(office, "2026-11", "person:1", CODE2)
    assert meetings.resume_point(office, "2026-11") == ("person:1", CODE2)
    found = meetings.agenda(office, "2026-11")
    assert found.resume == ("person:1", CODE2)
    zhang = next(s for s in found.subjects if s.key == "person:1")
    assert len(zhang.visited) == 2
    assert meetings.resume_point(office, "2026-12") is None


def test_the_outline_counts_projects_and_pages_load_them(office):
    """The outline names every subject with its number of projects; a page loads them."""
    meetings.visit(office, "2026-11", "person:1", CODE2)
    outline = meetings.agenda_outline(office, "2026-11")
    assert [(s.name, s.total, s.loaded, s.projects) for s in outline.subjects] == [
        ("王芳", 1, False, []),
        ("张伟", 2, False, []),
    ]
    assert outline.resume == ("person:1", CODE2)
    page = meetings.agenda(office, "2026-11", subjects=["person:1", "unit:9", "person:x"])
    assert [(s.key, [p.code for p in s.projects]) for s in page.subjects] == [
        ("person:1", [CODE, CODE2])
    ]
    assert page.subjects[0].overdue == 1
    by_unit = meetings.agenda_outline(office, "2026-11", by="unit", unit="环县")
    assert [(s.name, s.total) for s in by_unit.subjects] == [("环县", 2)]


def test_cards_of_a_page_are_the_cards_one_by_one(office):
    """project_cards reads several projects at once: the same cards, in the order asked."""
    meetings.add_note(office, CODE, "先办用地预审", "2026-11")
    cards = meetings.project_cards(office, [CODE2, "2601-000000-00-00-000000", CODE], "2026-11")
    assert [c.view.code for c in cards] == [CODE2, CODE]
    for card in cards:
        alone = meetings.project_card(office, card.view.code, "2026-11")
        assert card.view.procedures == alone.view.procedures
        assert card.view.problems == alone.view.problems
        assert card.view.assignments == alone.view.assignments
        assert (card.version, card.notes, card.last_month) == (
            alone.version,
            alone.notes,
            alone.last_month,
        )
    assert [n.text for n in cards[1].notes] == ["先办用地预审"]
    assert meetings.project_cards(office, [], "2026-11") == []


def test_level_and_stuck_filters(office):
    """level keeps projects at that level; stuck the ones overdue, with problems or idle."""
    projects.advance(office, CODE2, on=date(2026, 11, 9))  # progress: no longer idle
    stuck = meetings.agenda(office, "2026-11", stuck=True)
    assert [(s.name, [p.code for p in s.projects]) for s in stuck.subjects] == [
        ("王芳", [CODE3]),  # idle since July
        ("张伟", [CODE]),  # overdue filing, open problem, missed promise
    ]
    city = meetings.agenda(office, "2026-11", level="市级")
    assert [p.code for s in city.subjects for p in s.projects] == [CODE, CODE2]
    outline = meetings.agenda_outline(office, "2026-11", level="city", stuck=True)
    assert [(s.name, s.total) for s in outline.subjects] == [("张伟", 1)]
    assert meetings.agenda(office, "2026-11", level="county").subjects == []
    with pytest.raises(ChoiceError) as refused:
        meetings.check_filters(office, "2026-11", level="镇级")
    assert "provincial" in refused.value.render("en")
