"""Stuck projects: each reason on its own, with a controlled date, across holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qy_landing.errors import NotFoundError
from qy_landing.reports import common
from qy_landing.reports.stuck import count_stuck, find_stuck, most_stuck
from qy_landing.services import problems, procedures, projects
from tests.reports.data import add, code, people, start

AS_OF = date(2026, 10, 12)


def stuck(ctx, as_of=AS_OF, **options):
    return {p.code: p for p in find_stuck(ctx, as_of, **options)}


def test_cutoff_turns_a_working_day_threshold_into_a_date(ctx):
    """workdays_between(s, D) >= n exactly when s < cutoff(D, n), around National Day."""
    calendar = ctx.calendar()
    for as_of in (date(2026, 10, 8), date(2026, 10, 10), date(2026, 10, 11), AS_OF):
        for n in (0, 1, 3, 5, 20):
            limit = common.cutoff(calendar, as_of, n)
            for offset in range(0, 60):
                s = date.fromordinal(as_of.toordinal() - offset)
                assert (calendar.workdays_between(s, as_of) >= n) == (s < limit), (as_of, n, s)


def test_overdue_procedure_counts_working_days_across_national_day(ctx):
    """Due 2026-09-30: on 10-08 it is 1 working day overdue (1–7 October are holidays)."""
    add(ctx, 1, signed_on=date(2026, 9, 1))
    # submitted on 9-25 (Mid-Autumn): 3 working days later is 9-30
    change = procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 9, 25))
    assert change.due == date(2026, 9, 30)

    assert stuck(ctx, date(2026, 9, 30)) == {}
    on_8th = stuck(ctx, date(2026, 10, 8))[code(1)]
    assert on_8th.reasons == ("overdue_procedure",)
    assert on_8th.stuck_since == date(2026, 10, 1)
    assert on_8th.stuck_workdays == 1
    assert [(p.step, p.overdue_workdays) for p in on_8th.overdue] == [("filing", 1)]
    # 10-08, 10-09, 10-10 (a make-up Saturday) and 10-12
    assert stuck(ctx)[code(1)].stuck_workdays == 4


def test_an_approved_procedure_is_not_overdue(ctx):
    """Once approved, a procedure past its due date no longer makes the project stuck."""
    add(ctx, 1, signed_on=date(2026, 9, 1))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 9, 25))
    procedures.set_status(ctx, code(1), "filing", "approved", on=date(2026, 10, 9))
    assert stuck(ctx) == {}


def test_idle_from_the_workflow_threshold_or_the_option(ctx):
    """No progress for 20 working days (the definition's idle_days) makes a project idle."""
    add(ctx, 1, signed_on=date(2026, 8, 3))  # no progress since signing
    add(ctx, 2, signed_on=date(2026, 9, 14))  # 16 working days before 10-12
    found = stuck(ctx)
    assert set(found) == {code(1)}
    project = found[code(1)]
    assert project.reasons == ("idle",)
    # 20 working days after 8-03 is 8-31: from then to 10-12, both counted, with 9-25 and
    # 10-01..10-07 off and 9-20, 10-10 worked: 1 (8-31) + 22 (September) + 4 (October)
    assert project.stuck_since == date(2026, 8, 31)
    assert project.stuck_workdays == 27
    assert project.idle_workdays == 46
    # --idle-days overrides the definition's threshold
    assert set(stuck(ctx, idle_days=16)) == {code(1), code(2)}
    assert set(stuck(ctx, idle_days=17)) == {code(1)}
    assert stuck(ctx, idle_days=16)[code(2)].stuck_workdays == 1


def test_idle_threshold_is_reached_on_the_exact_working_day(ctx):
    """Exactly idle_days working days without progress is idle; one fewer is not."""
    add(ctx, 1, signed_on=date(2026, 9, 7))  # 23 working days before 10-12
    assert code(1) not in stuck(ctx, date(2026, 10, 8))  # 18 working days
    calendar = ctx.calendar()
    day = calendar.add_workdays(date(2026, 9, 7), 20)
    assert code(1) in stuck(ctx, day)
    assert code(1) not in stuck(ctx, calendar.add_workdays(day, -1))


def test_problem_open_longer_than_the_limit(ctx):
    """A problem open more than problem_days (20) working days makes the project stuck."""
    add(ctx, 1, signed_on=date(2026, 8, 31))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 10, 9))
    problems.open_problem(ctx, code(1), "用地指标未落实", on=date(2026, 9, 1))
    found = stuck(ctx)[code(1)]
    assert found.reasons == ("problem_open",)
    # 9-01 → 10-12 is 25 working days (21 more in September, 4 in October); stuck from
    # the 21st working day after opening
    assert found.stuck_workdays == 25 - 20
    assert [(p.text, p.open_workdays) for p in found.open_problems] == [("用地指标未落实", 25)]


def test_a_resolved_or_young_problem_does_not_count(ctx):
    """Problems resolved by the date, or younger than the limit, leave the project alone."""
    add(ctx, 1, signed_on=date(2026, 8, 31))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 10, 9))
    old = problems.open_problem(ctx, code(1), "旧问题", on=date(2026, 9, 1))
    problems.open_problem(ctx, code(1), "新问题", on=date(2026, 10, 8))
    problems.resolve_problem(ctx, old.id, "已协调解决", on=date(2026, 10, 9))
    assert stuck(ctx) == {}
    # as of a day before the resolution, the old problem still counts (and, replayed, the
    # submission of 10-09 had not happened yet: the project was idle too)
    assert stuck(ctx, date(2026, 10, 8))[code(1)].reasons == ("idle", "problem_open")


def test_over_the_overall_limit_counts_working_days_with_the_authorities(ctx):
    """Gansu's 90 days count time with the authorities; waiting on the investor is not over."""
    add(ctx, 1, signed_on=date(2026, 3, 2))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 3, 3))
    procedures.set_status(ctx, code(1), "filing", "accepted", on=date(2026, 3, 4))
    add(ctx, 2, signed_on=date(2026, 5, 6))  # the investor took five months to apply
    procedures.set_status(ctx, code(2), "filing", "submitted", on=date(2026, 10, 9))
    found = stuck(ctx)
    assert "over_limit" in found[code(1)].reasons
    assert code(2) not in found
    calendar = ctx.calendar()
    assert found[code(1)].stuck_since <= calendar.add_workdays(date(2026, 3, 4), 91)


def test_a_workflow_may_count_the_overall_limit_since_signing(ctx):
    """``overall_counts: since_signing`` keeps the older measure (a workflow key)."""
    from qy_landing.workflow.definition import parse_definition, shipped_workflow_dir

    source = (shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8")
    assert parse_definition(source).overall_counts == "authority_time"
    changed = source.replace(
        "overall_limit: 90", "overall_limit: 90\noverall_counts: since_signing"
    )
    assert parse_definition(changed).overall_counts == "since_signing"


def test_all_reasons_together_and_days_from_the_earliest(ctx):
    """A project carries every reason that holds; its days count from the earliest onset."""
    add(ctx, 1, signed_on=date(2026, 5, 6))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 5, 7))
    problems.open_problem(ctx, code(1), "环评批复滞后", on=date(2026, 5, 7))
    found = stuck(ctx)[code(1)]
    assert found.reasons == ("overdue_procedure", "idle", "problem_open", "over_limit")
    calendar = ctx.calendar()
    # filing due 3 working days after 5-07: overdue from the next day, the earliest onset
    due = calendar.add_workdays(date(2026, 5, 7), 3)
    assert found.stuck_since == due + timedelta(days=1)
    assert found.stuck_workdays == calendar.workdays_between(due, AS_OF)


def test_suspended_started_terminated_and_future_projects_are_not_stuck(ctx):
    """Only projects in an ordinary state, signed by the date, can be stuck."""
    for n in (1, 2, 3, 4):
        add(ctx, n, signed_on=date(2026, 3, 2))
    projects.suspend(ctx, code(1), reason="企业资金未到位", on=date(2026, 4, 1))
    projects.terminate(ctx, code(2), reason="企业撤资", on=date(2026, 4, 1))
    start(ctx, code(3), date(2026, 4, 1))
    assert set(stuck(ctx)) == {code(4)}
    assert stuck(ctx, date(2026, 3, 1)) == {}


def test_details_next_procedures_and_responsible_persons(ctx):
    """Next procedures are those not done whose dependencies are done; persons by role."""
    people(ctx)
    add(
        ctx,
        1,
        signed_on=date(2026, 8, 3),
        first_responsible=["张伟"],
        direct_responsible=["李娜"],
        lead_chief=["王强"],
    )
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 8, 4))
    procedures.set_status(ctx, code(1), "filing", "approved", on=date(2026, 8, 5))
    found = stuck(ctx)[code(1)]
    next_steps = [p.step for p in found.next_procedures]
    assert next_steps == ["eia_form", "soil_water", "construction_planning"]
    assert found.first_responsible == ("张伟",)
    assert found.direct_responsible == ("李娜",)
    assert found.state_label.get("zh") == "已签约"
    as_json = found.as_dict("en")
    assert as_json["amount"] == "12.5000"
    assert as_json["reason_labels"] == ["no progress"]


def test_stuck_project_reports_progress_by_stage_and_level(ctx, tmp_path):
    """The stuck list says how far each approval stage and each level is, in data and in files."""
    from qy_landing.reports.stuck import export_stuck
    from qy_landing.reports.writers import open_target

    add(ctx, 1, signed_on=date(2026, 8, 3))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 8, 4))
    procedures.set_status(ctx, code(1), "filing", "approved", on=date(2026, 8, 5))
    found = stuck(ctx)[code(1)]
    assert found.progress.by_stage == {
        "project_land": [1, 1],
        "engineering": [0, 3],
        "construction": [0, 2],
    }
    assert found.as_dict("en")["progress"]["by_level"]["county"] == {"done": 1, "total": 5}
    path = tmp_path / "stuck.md"
    with open_target(path) as stream:
        export_stuck(ctx, stream, "md", lang="en")
    text = path.read_text(encoding="utf-8")
    assert "Procedures done (stage; level)" in text
    assert (
        "project, land and planning permits 1/1 · engineering permits 0/3 · construction permit "
        "0/2; city 0/1 · county 1/5"
    ) in text


def test_order_unit_then_most_stuck_and_unit_filter(ctx):
    """Projects come unit by unit, most stuck first; --unit keeps one unit."""
    add(ctx, 1, signed_on=date(2026, 8, 3))
    add(ctx, 2, signed_on=date(2026, 6, 1))
    add(ctx, 3, code=code(3, "621002"), unit="西峰区", signed_on=date(2026, 7, 1))
    ordered = [p.code for p in find_stuck(ctx, AS_OF)]
    assert ordered == [code(3, "621002"), code(2), code(1)]  # 西峰区 comes first
    assert [p.code for p in find_stuck(ctx, AS_OF, unit="环县")] == [code(2), code(1)]
    assert [p.code for p in most_stuck(ctx, AS_OF, limit=2)] == [code(2), code(3, "621002")]
    counts = count_stuck(ctx, AS_OF)
    assert {u: c.projects for u, c in counts.items()} == {"西峰区": 1, "环县": 2}
    with pytest.raises(NotFoundError):
        find_stuck(ctx, AS_OF, unit="不存在的县")


def test_a_missed_commitment_is_a_reason(ctx):
    """A commitment not done by its due date makes the project stuck from the day after."""
    from qy_landing.services import commitments
    from tests.builders import person

    add(ctx, 1, signed_on=date(2026, 8, 31))
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 10, 9))
    person(ctx, "张伟")
    row = commitments.add_commitment(
        ctx, code(1), "协调用地预审", "张伟", "2026-09-30", on=date(2026, 9, 1)
    )
    # as of 09-30 (replayed: the filing was submitted only on 10-09) it is idle, not yet missed
    assert stuck(ctx, date(2026, 9, 30))[code(1)].reasons == ("idle",)
    found = stuck(ctx)[code(1)]
    assert found.reasons == ("commitment_missed",)
    assert found.stuck_since == date(2026, 10, 1)
    assert found.reason_labels("zh") == ["承诺事项逾期"]
    commitments.withdraw_commitment(ctx, row.id, "项目调整", on=date(2026, 10, 12))
    assert stuck(ctx) == {}
