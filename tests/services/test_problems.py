"""Problems a project meets (问题): opened, owned, resolved once, listed; each an audited change."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import DateOrderError, InvalidValueError, NotFoundError
from qy_landing.services import problems, projects
from qy_landing.services.problems import ProblemResolvedError
from tests.builders import CODE, person, project

OTHER = "2601-621002-04-01-654321"


@pytest.fixture
def two(ctx):
    """Two projects, one in 环县 and one in 西峰区, and 张伟 who owns problems."""
    person(ctx, "张伟")
    project(ctx)
    project(ctx, code=OTHER, name="西峰数据中心", unit="西峰区")
    return ctx


def test_open_then_resolve_is_told_in_the_audit_trail(two):
    """Opening and resolving a problem are two events; resolving counts as progress."""
    opened = problems.open_problem(two, CODE, " 用地指标不足 ", owner="张伟", on=date(2026, 8, 3))
    assert opened.text == "用地指标不足"
    problems.resolve_problem(two, opened.id, "省厅已协调", on=date(2026, 9, 1))
    (row,) = problems.list_problems(two)
    assert (row.code, row.owner, row.opened_on, row.resolved_on, row.resolution) == (
        CODE,
        "张伟",
        date(2026, 8, 3),
        date(2026, 9, 1),
        "省厅已协调",
    )
    actions = [e.action for e in projects.history(two, CODE)]
    assert actions[-2:] == ["problem_open", "problem_resolve"]
    assert projects.show_project(two, CODE).last_progress_on == date(2026, 9, 1)


def test_lists_filter_open_problems_by_project_and_unit(two):
    """open_only hides resolved problems; code and unit narrow the list."""
    first = problems.open_problem(two, CODE, "环评批复慢", on=date(2026, 8, 3))
    problems.open_problem(two, OTHER, "电力接入未落实", on=date(2026, 8, 4))
    problems.resolve_problem(two, first.id, "已批复", on=date(2026, 8, 20))
    assert [p.text for p in problems.list_problems(two, open_only=True)] == ["电力接入未落实"]
    assert [p.text for p in problems.list_problems(two, code=CODE)] == ["环评批复慢"]
    assert [p.unit for p in problems.list_problems(two, unit="西峰区")] == ["西峰区"]
    assert problems.list_problems(two, code=OTHER)[0].as_dict()["resolved_on"] is None


def test_a_problem_is_resolved_once_and_not_before_it_was_opened(two):
    """Resolving twice, or with a date before the problem was opened, is refused."""
    problem = problems.open_problem(two, CODE, "资金未到位", on=date(2026, 8, 3))
    with pytest.raises(DateOrderError):
        problems.resolve_problem(two, problem.id, "已到位", on=date(2026, 8, 2))
    problems.resolve_problem(two, problem.id, "已到位", on=date(2026, 8, 10))
    with pytest.raises(ProblemResolvedError) as caught:
        problems.resolve_problem(two, problem.id, "再次", on=date(2026, 8, 11))
    assert "2026-08-10" in caught.value.render("en")


def test_empty_texts_unknown_ids_and_owners_are_refused(two):
    """A problem needs a text, a resolution needs a note, ids and owners must exist."""
    with pytest.raises(InvalidValueError):
        problems.open_problem(two, CODE, "  ")
    with pytest.raises(NotFoundError):
        problems.open_problem(two, CODE, "缺少水源", owner="无名氏", on=date(2026, 8, 3))
    with pytest.raises(NotFoundError):
        problems.resolve_problem(two, 9999, "已解决")
    problem = problems.open_problem(two, CODE, "缺少水源", on=date(2026, 8, 3))
    with pytest.raises(InvalidValueError):
        problems.resolve_problem(two, problem.id, " ")
    assert [p.text for p in problems.list_problems(two)] == ["缺少水源"]
