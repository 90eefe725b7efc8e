"""The escalation ladder's walk, shared by everything that climbs it.

Overdue procedures and stalled projects (``reminders/generate.py``) and missed
commitments (``reminders/commitments.py``) all escalate the same way: a subject late by
``past`` working days reaches every rung of its workflow's ladder whose ``after`` it has
passed; each rung tells its target role (or the supervisors), and each (subject, lateness,
rung, person) has one outbox key. :class:`Climb` collects the reminders the rungs would
send and checks their keys against the outbox in batches of :data:`CHECK_BATCH` before
rendering, so texts are rendered only for reminders not yet in the outbox; a key already
there is counted as a conflict, never repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from qy_landing.reminders.render import Member, Roles
from qy_landing.workflow.definition import Rung

CHECK_BATCH = 2000  # keys looked up at once before rendering


class Outbox(Protocol):
    """What the generator's outbox offers (``reminders.generate``)."""

    dry_run: bool

    def add(
        self,
        *,
        key: str,
        kind: str,
        member: Member,
        period: str,
        title: str,
        body: str,
        project_id: int | None = None,
        procedure_id: int | None = None,
        rung: int = 0,
    ) -> None: ...

    def count(self, kind: str, n: int = 1) -> None: ...

    def conflict(self, kind: str, n: int = 1) -> None: ...

    def existing_keys(self, keys: Sequence[str]) -> set[str]: ...


@dataclass(slots=True)
class Candidate:
    """One reminder a rung would send, waiting for the batch check of its key."""

    key: str
    member: Member
    rung: int
    target: str
    row: Any
    roles: Roles
    days: int


class Climb:
    """The reminders of one kind the ladder's rungs send, into ``outbox`` in batches.

    ``render(candidate)`` gives (title, body) in the member's language; ``ids(candidate)``
    gives the outbox row's (project id, procedure id).
    """

    def __init__(
        self,
        outbox: Outbox,
        kind: str,
        period: str,
        render: Callable[[Candidate], tuple[str, str]],
        ids: Callable[[Candidate], tuple[int | None, int | None]],
    ) -> None:
        self.outbox = outbox
        self.kind = kind
        self.period = period
        self.render = render
        self.ids = ids
        self.pending: list[Candidate] = []

    def climb(
        self,
        ladder: Sequence[Rung],
        past: int,
        *,
        row: Any,
        roles: Roles,
        days: int,
        targets: Callable[[int, str], list[Member]],
        key: Callable[[int, Member], str],
    ) -> list[tuple[int, str]]:
        """Every rung ``past`` working days reach; returns the (rung, target) that have
        nobody to tell. ``targets(rung, target)`` names the members a rung tells."""
        nobody: list[tuple[int, str]] = []
        for index, rung in enumerate(ladder):
            if past < rung.after:
                break
            members = targets(index, rung.target)
            if not members:
                nobody.append((index, rung.target))
                continue
            for member in members:
                self.pending.append(
                    Candidate(key(index, member), member, index, rung.target, row, roles, days)
                )
        if len(self.pending) >= CHECK_BATCH:
            self.settle()
        return nobody

    def settle(self) -> None:
        """Put the pending reminders whose keys are not in the outbox yet into it, rendered."""
        outbox = self.outbox
        existing = outbox.existing_keys([c.key for c in self.pending])
        for candidate in self.pending:
            if candidate.key in existing:
                outbox.conflict(self.kind)
                continue
            if outbox.dry_run:
                outbox.count(self.kind)
                continue
            title, body = self.render(candidate)
            project_id, procedure_id = self.ids(candidate)
            outbox.add(
                key=candidate.key,
                kind=self.kind,
                member=candidate.member,
                period=self.period,
                title=title,
                body=body,
                project_id=project_id,
                procedure_id=procedure_id,
                rung=candidate.rung,
            )
        self.pending.clear()
