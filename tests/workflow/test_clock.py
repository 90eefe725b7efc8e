"""The statutory clock: acceptance anchoring, deemed acceptance, 补正 and Art. 45 pauses."""

from __future__ import annotations

from datetime import date

from qy_landing.calendar import WorkCalendar
from qy_landing.workflow.clock import DEEMED, count_due, current_round
from qy_landing.workflow.definition import ClockRule

calendar = WorkCalendar()
ACCEPTED = ClockRule()
SUBMITTED = ClockRule("submitted", 0)


def d(text: str) -> date:
    return date.fromisoformat(f"2026-{text}")


def test_the_limit_counts_from_acceptance_not_counting_the_day_itself():
    """Submitted 11-02, accepted 11-09 (within 5 working days), limit 10 → due 11-23."""
    counted = count_due(
        calendar, ACCEPTED, 10, [(d("11-02"), "submitted", None), (d("11-09"), "accepted", None)]
    )
    assert counted.due == d("11-23")
    assert counted.start == d("11-09")
    assert counted.skipped == 4  # two weekends


def test_an_acceptance_after_the_window_is_deemed_on_receipt():
    """Accepted 6 working days after receipt: Art. 32(4) counts from submission."""
    counted = count_due(
        calendar, ACCEPTED, 10, [(d("11-02"), "submitted", None), (d("11-10"), "accepted", None)]
    )
    assert counted.start_kind == DEEMED
    assert counted.due == d("11-16")


def test_without_acceptance_the_clock_counts_from_receipt():
    """No acceptance recorded: counted from submission, as deemed acceptance would."""
    counted = count_due(calendar, ACCEPTED, 10, [(d("11-02"), "submitted", None)])
    assert (counted.due, counted.start_kind) == (d("11-16"), DEEMED)


def test_a_step_counting_from_submission_ignores_acceptance():
    """``clock: {from: submitted}`` counts from receipt whatever the acceptance date."""
    counted = count_due(
        calendar, SUBMITTED, 10, [(d("11-02"), "submitted", None), (d("11-04"), "accepted", None)]
    )
    assert counted.due == d("11-16")


def test_materials_requested_stops_the_clock_until_resubmission():
    """4 of 10 days used by 11-13; 补正 until 11-20; the other 6 run from 11-20 → 11-30."""
    changes = [
        (d("11-02"), "submitted", None),
        (d("11-09"), "accepted", None),
        (d("11-13"), "materials_requested", "补充用地预审意见"),
    ]
    paused = count_due(calendar, ACCEPTED, 10, changes, as_of=d("11-18"))
    assert paused.due is None and paused.paused
    resumed = count_due(calendar, ACCEPTED, 10, [*changes, (d("11-20"), "submitted", None)])
    assert resumed.due == d("11-30")
    assert resumed.pauses[0].workdays == 5


def test_materials_requested_before_acceptance_restarts_the_receipt():
    """补正 within the window: the resubmission is a new receipt, acceptance anchors later."""
    changes = [
        (d("11-02"), "submitted", None),
        (d("11-04"), "materials_requested", None),
        (d("11-16"), "submitted", None),
        (d("11-18"), "accepted", None),
    ]
    assert count_due(calendar, ACCEPTED, 10, changes).due == d("12-02")


def test_a_hearing_is_left_out_of_the_limit():
    """Art. 45: on hold 11-16 … 11-23 (5 working days) moves the due date 5 days later."""
    base = [(d("11-02"), "submitted", None), (d("11-09"), "accepted", None)]
    held = [*base, (d("11-16"), "on_hold", "听证"), (d("11-23"), "accepted", None)]
    assert count_due(calendar, ACCEPTED, 10, held).due == d("11-30")


def test_the_current_round_starts_at_the_last_fresh_submission():
    """A rejection then a new submission starts a new round; a 补正 resubmission does not."""
    history = [
        (d("10-12"), "pending", "submitted", None),
        (d("10-14"), "submitted", "rejected", None),
        (d("10-20"), "rejected", "submitted", None),
        (d("10-21"), "submitted", "materials_requested", None),
        (d("10-26"), "materials_requested", "submitted", None),
    ]
    assert [on for on, _, _ in current_round(history)] == [d("10-20"), d("10-21"), d("10-26")]


def test_authority_time_leaves_out_time_with_the_applicant():
    """Accepted 11-02 … 补正 11-09 … resubmitted 11-16 … approved 11-18: 5 + 2 days."""
    from qy_landing.workflow.clock import authority_workdays

    history = [
        (d("10-30"), "submitted"),
        (d("11-02"), "accepted"),
        (d("11-09"), "materials_requested"),
        (d("11-16"), "submitted"),
        (d("11-18"), "approved"),
    ]
    days = authority_workdays(calendar, [history], d("11-30"))
    assert days == [
        d("11-03"),
        d("11-04"),
        d("11-05"),
        d("11-06"),
        d("11-09"),
        d("11-17"),
        d("11-18"),
    ]


def test_authority_time_is_a_union_over_procedures():
    """Two procedures with the authorities on the same days count those days once."""
    from qy_landing.workflow.clock import authority_workdays

    one = [(d("11-02"), "submitted"), (d("11-05"), "approved")]
    other = [(d("11-03"), "accepted"), (d("11-06"), "rejected")]
    assert len(authority_workdays(calendar, [one, other], d("11-30"))) == 4


def test_the_day_over_the_limit_is_the_next_day_with_the_authorities():
    """authority_onset(limit) is the (limit + 1)-th working day with the authorities, or None."""
    from qy_landing.workflow.clock import authority_onset, authority_workdays

    one = [(d("10-30"), "submitted"), (d("11-02"), "accepted"), (d("11-09"), "on_hold")]
    other = [(d("11-05"), "submitted"), (d("11-16"), "approved")]
    days = authority_workdays(calendar, [one, other], d("11-30"))
    for limit in range(len(days) + 2):
        expected = days[limit] if limit < len(days) else None
        assert authority_onset(calendar, [one, other], d("11-30"), limit) == expected


def test_only_the_clock_statuses_move_a_due_count():
    """A change to a status outside CLOCK_STATUSES (approved, rejected, waived, pending)
    leaves the due count of any history as it was: the change path keeps the stored one."""
    from qy_landing.vocabulary import PROCEDURE_STATUSES
    from qy_landing.workflow.clock import CLOCK_STATUSES

    histories = [
        [],
        [(d("11-02"), "pending", "submitted", None)],
        [(d("11-02"), "pending", "submitted", None), (d("11-03"), "submitted", "accepted", None)],
        [
            (d("11-02"), "pending", "submitted", None),
            (d("11-03"), "submitted", "accepted", None),
            (d("11-05"), "accepted", "materials_requested", "补正"),
        ],
        [
            (d("11-02"), "pending", "submitted", None),
            (d("11-04"), "submitted", "on_hold", "听证"),
        ],
    ]
    others = [s for s in PROCEDURE_STATUSES if s not in CLOCK_STATUSES]
    assert others == ["pending", "approved", "rejected", "waived"]
    for rule in (ACCEPTED, SUBMITTED):
        for history in histories:
            before = count_due(calendar, rule, 10, current_round(history))
            old = history[-1][2] if history else "pending"
            for status in others:
                after = [*history, (d("11-20"), old, status, None)]
                assert before == count_due(calendar, rule, 10, current_round(after))
