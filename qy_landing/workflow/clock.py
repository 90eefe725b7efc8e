"""The statutory clock of one procedure: from which day its limit counts, what is left out.

行政许可法 (Administrative Licensing Law):

- Art. 42: the authority's limit counts from acceptance (受理) — a step's ``clock.from``
  says ``accepted`` (the default) or ``submitted`` where a rule counts from receipt;
- Art. 32(4): an application the authority neither accepts nor asks materials for within
  ``deemed_acceptance_days`` (5) working days of receipt is accepted on receipt, so the
  limit counts from submission;
- Art. 32 补正: a request for missing materials (status ``materials_requested``) stops
  the clock until the applicant resubmits (back to ``submitted``); before acceptance
  the resubmission is a new receipt;
- Art. 45: a hearing, expert review, testing or public notice (status ``on_hold``) is
  left out of the limit until the procedure goes back to ``accepted``;
- 民法典 Art. 201: the start day itself is not counted.

:func:`count_due` is pure: it takes the procedure's status history (the audit events of
its current round) and a :class:`~qy_landing.calendar.WorkCalendar`, and returns the due
date with the explanation ``procedure show`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from qy_landing.calendar import WorkCalendar, is_official_year
from qy_landing.workflow.definition import ClockRule

# starting points of a clock, as :attr:`DueCount.start_kind` names them
ACCEPTED, SUBMITTED, DEEMED, NOT_STARTED = "accepted", "submitted", "deemed", "not_started"

# The statuses :func:`count_due` and :func:`current_round` act on. A change to any other
# status (approved, rejected, waived, pending) leaves a procedure's due count as it was:
# the change path keeps the stored due date then, without reading the history.
CLOCK_STATUSES = frozenset({SUBMITTED, ACCEPTED, "materials_requested", "on_hold"})


@dataclass(frozen=True)
class Pause:
    """A stretch the clock stood still: ``status`` from ``start`` until ``end`` (None: still)."""

    status: str
    start: date
    end: date | None
    workdays: int  # working days left out of the limit (so far, when still paused)
    reason: str | None = None


@dataclass(frozen=True)
class DueCount:
    """A due date and how it was counted."""

    due: date | None
    provisional: bool
    limit: int
    start: date | None
    start_kind: str
    received: date | None = None
    used: int = 0  # working days of the limit used before the last resumption
    pauses: tuple[Pause, ...] = field(default_factory=tuple)
    skipped: int = 0  # days between start and due that were not working days

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None


def current_round(
    history: Sequence[tuple[date, str, str, str | None]],
) -> list[tuple[date, str, str | None]]:
    """The status changes since the procedure was last submitted afresh.

    ``history`` holds ``(effective_on, old, new, note)`` in the order recorded; a fresh
    submission is one from ``pending`` or ``rejected`` (a resubmission after 补正 is not).
    """
    start = None
    for i, (_, old, new, _note) in enumerate(history):
        if new == "submitted" and old in ("pending", "rejected"):
            start = i
    if start is None:
        return []
    return [(on, new, note) for on, _old, new, note in history[start:]]


def count_due(
    calendar: WorkCalendar,
    rule: ClockRule,
    limit: int,
    changes: Sequence[tuple[date, str, str | None]],
    *,
    as_of: date | None = None,
) -> DueCount:
    """The due date of a procedure whose current round went through ``changes``.

    ``changes`` is ``(effective_on, new status, note)`` from the fresh submission on.
    Without an acceptance, an ``accepted``-anchored clock with a deemed-acceptance window
    counts from receipt (what Art. 32(4) makes of it once the window passes; recording the
    acceptance in time moves the due date later). ``as_of`` only bounds an open pause.
    """
    if not changes:
        return DueCount(None, False, limit, None, NOT_STARTED)
    received: date | None = None
    start: date | None = None
    start_kind = NOT_STARTED
    running: date | None = None  # the clock runs from this day (not counted)
    used = 0
    pauses: list[Pause] = []
    open_pause: tuple[str, date, str | None] | None = None
    asked_in_window = False  # materials requested before acceptance: no deemed acceptance

    def close_pause(on: date) -> None:
        nonlocal open_pause
        if open_pause is not None:
            status, since, reason = open_pause
            pauses.append(Pause(status, since, on, calendar.workdays_between(since, on), reason))
            open_pause = None

    for on, status, note in changes:
        if status == "submitted":
            close_pause(on)
            if start is None:
                received, asked_in_window = on, False
                if rule.start == SUBMITTED:
                    start, start_kind, running = on, SUBMITTED, on
            elif running is None:
                running = on
        elif status == "accepted":
            close_pause(on)
            if start is None:
                window = rule.deemed_acceptance_days
                assert received is not None
                if (
                    window
                    and not asked_in_window
                    and calendar.workdays_between(received, on) > window
                ):
                    start, start_kind = received, DEEMED
                else:
                    start, start_kind = on, ACCEPTED
                running = start
            elif running is None:
                running = on
        elif status in ("materials_requested", "on_hold"):
            if running is not None:
                used += calendar.workdays_between(running, on)
                running = None
            elif start is None:
                asked_in_window = True
            if start is not None or status == "materials_requested":
                open_pause = (status, on, note)
    if open_pause is not None:
        status, since, reason = open_pause
        end = as_of if as_of is not None and as_of > since else since
        pauses.append(Pause(status, since, None, calendar.workdays_between(since, end), reason))
    if (
        start is None
        and received is not None
        and open_pause is None
        and rule.deemed_acceptance_days
    ):
        start, start_kind, running = received, DEEMED, received
    if running is None or start is None:
        return DueCount(None, False, limit, start, start_kind, received, used, tuple(pauses))
    due = calendar.add_workdays(running, max(limit - used, 0))
    provisional = any(not is_official_year(y) for y in range(start.year, due.year + 1))
    skipped = (due - start).days - calendar.workdays_between(start, due)
    return DueCount(
        due, provisional, limit, start, start_kind, received, used, tuple(pauses), max(skipped, 0)
    )


def authority_spans(
    histories: Sequence[Sequence[tuple[date, str]]], as_of: date
) -> list[tuple[date, date]]:
    """The stretches ``(start, end]`` (up to ``as_of``) in which some procedure was with the
    authorities, merged and sorted.

    Each history is one procedure's ``(effective_on, new status)`` changes in order. A
    procedure is with the authority from its acceptance (or, if a round is decided with no
    acceptance recorded, from its submission) until the decision (approved, rejected,
    waived); time with the applicant (补正, after a rejection) and Art. 45 holds is left
    out.
    """
    spans: list[tuple[date, date]] = []

    def add(start: date, end: date) -> None:
        if end > start:
            spans.append((start, end))

    for history in histories:
        running: date | None = None
        submitted: date | None = None
        accepted = False
        for on, status in history:
            if on > as_of:
                break
            if status == "submitted":
                if accepted:  # resubmitted after 补正: back with the authority
                    running = on
                else:
                    submitted = on
            elif status == "accepted":
                if running is None:
                    running = on
                accepted = True
            elif status in ("materials_requested", "on_hold"):
                if running is not None:
                    add(running, on)
                running = submitted = None
            elif status in ("approved", "rejected", "waived", "pending"):
                start = running or (submitted if status != "pending" else None)
                if start is not None:
                    add(start, on)
                running = submitted = None
                accepted = False
        start = running or submitted
        if start is not None:
            add(start, as_of)
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def authority_workdays(
    calendar: WorkCalendar,
    histories: Sequence[Sequence[tuple[date, str]]],
    as_of: date,
) -> list[date]:
    """The working days (up to ``as_of``) on which some procedure was with the authorities
    (see :func:`authority_spans`), sorted: Gansu's 90-working-day measure counts them."""
    days: list[date] = []
    for start, end in authority_spans(histories, as_of):
        day = calendar.add_workdays(start, 1)
        while day <= end:
            days.append(day)
            day = calendar.add_workdays(day, 1)
    return days


def authority_onset(
    calendar: WorkCalendar,
    histories: Sequence[Sequence[tuple[date, str]]],
    as_of: date,
    limit: int,
) -> date | None:
    """The ``limit + 1``-th working day with the authorities (the day a project went over
    an overall limit of ``limit`` working days), or None if it has not (by ``as_of``).

    The same as ``authority_workdays(...)[limit]``, counted span by span.
    """
    counted = 0
    for start, end in authority_spans(histories, as_of):
        inside = calendar.workdays_between(start, end)
        if counted + inside > limit:
            return calendar.add_workdays(start, limit - counted + 1)
        counted += inside
    return None
