"""Stored workflow definitions, read back: the one owner of "which definitions the database
holds and what their states are".

Every part that needs a project's definition, or the final (or suspended, or every) state
names across all stored versions, asks here: changes and moves (one version at a time),
the reminder scans and the reports (every version at once). Nothing outside this module
parses a stored definition or spells out a state name such as ``started``: which states
are final is what the stored definitions say.

A definition's text is parsed once per process and kept by its digest, so reading the
same version again costs one small query (version and digest), not a YAML parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from qy_landing.errors import NotFoundError
from qy_landing.store.tables import workflow_version
from qy_landing.workflow.definition import Definition, State, Text, parse_stored_definition

_PARSED: dict[str, Definition] = {}  # digest -> parsed definition, per process
_W = workflow_version.c

# Built once (with bound parameters), not per call: every project change runs one of them.
_VERSION_HEAD = select(_W.version, _W.digest).where(
    _W.name == bindparam("name"), _W.version == bindparam("version")
)
_LATEST_HEAD = (
    select(_W.version, _W.digest)
    .where(_W.name == bindparam("name"))
    .order_by(_W.version.desc())
    .limit(1)
)
_SOURCE = select(_W.source).where(_W.name == bindparam("name"), _W.version == bindparam("version"))


def remember(definition: Definition) -> None:
    """Keep a definition just stored (by its digest), so reading it back parses nothing."""
    _PARSED[definition.digest] = definition


def _parsed(session: Session | Connection, name: str, version: int, digest: str) -> Definition:
    found = _PARSED.get(digest)
    if found is None:
        source = session.execute(_SOURCE, {"name": name, "version": version}).scalar_one()
        found = _PARSED[digest] = parse_stored_definition(source, f"{name} v{version}")
    return found


def definition_of_digest(
    session: Session | Connection, name: str, version: int, digest: str
) -> Definition:
    """The definition stored as ``name`` v``version`` with this digest (read by the caller
    together with its own row): parsed once per process, its source read only then."""
    return _parsed(session, name, version, digest)


def get_definition(
    session: Session | Connection, name: str, version: int | None = None
) -> Definition:
    """Definition ``name`` at ``version`` (the latest when None)."""
    return get_version(session, name, version)[1]


def get_version(
    session: Session | Connection, name: str, version: int | None = None
) -> tuple[int, Definition]:
    """The version number and definition of ``name`` (the latest version when None).

    Raises :class:`NotFoundError` naming the stored workflows when there is no such one.
    """
    # Every change to a project reads its definition: read only the version and digest,
    # and the source (kilobytes of YAML) only when this process has not parsed it yet.
    if version is None:
        head = session.execute(_LATEST_HEAD, {"name": name}).first()
    else:
        head = session.execute(_VERSION_HEAD, {"name": name, "version": version}).first()
    if head is None:
        known = session.execute(select(_W.name).distinct()).scalars().all()
        if version is not None and name in known:
            raise NotFoundError("workflow_version", f"{name} v{version}", [])
        raise NotFoundError("workflow", name, sorted(known))
    return head[0], _parsed(session, name, head[0], head[1])


def definition_by_digest(
    session: Session | Connection, name: str, version: int, digest: str
) -> Definition:
    """Version ``version`` of ``name`` whose stored digest the caller read already (in the
    same statement as its project): parsed once per process, no query once parsed."""
    return _parsed(session, name, version, digest)


@dataclass(frozen=True)
class StoredDefinitions:
    """Every stored definition version, keyed by (name, version); read once per scan."""

    by_version: dict[tuple[str, int], Definition]

    @classmethod
    def load(cls, session: Session | Connection) -> StoredDefinitions:
        heads = session.execute(
            select(_W.name, _W.version, _W.digest).order_by(_W.name, _W.version)
        ).all()
        return cls({(n, v): _parsed(session, n, v, d) for n, v, d in heads})

    def __call__(self, name: str, version: int) -> Definition:
        """The definition of a stored version (``KeyError`` when there is none)."""
        return self.by_version[(name, version)]

    def get(self, name: str, version: int) -> Definition | None:
        return self.by_version.get((name, version))

    def items(self) -> Iterable[tuple[tuple[str, int], Definition]]:
        return self.by_version.items()

    def latest(self) -> dict[str, tuple[int, Definition]]:
        """Each workflow's latest version and its definition, by name."""
        found: dict[str, tuple[int, Definition]] = {}
        for (name, version), definition in sorted(self.by_version.items()):
            found[name] = (version, definition)
        return found

    def versions(self, name: str) -> int:
        """How many versions of ``name`` are stored."""
        return sum(1 for n, _ in self.by_version if n == name)

    def state(self, name: str, version: int, state: str) -> State | None:
        definition = self.by_version.get((name, version))
        return definition.state_by_name.get(state) if definition else None

    def state_label(self, name: str, version: int, state: str) -> Text:
        """The state's label in its own definition, else the catalogue's name for it."""
        found = self.state(name, version, state)
        if found is not None:
            return found.label
        from qy_landing import i18n

        return Text(i18n.term("state", state, "zh"), i18n.term("state", state, "en"))

    def states(self, *kinds: str) -> set[str]:
        """The names of the states of these kinds (``final``, ``suspended``, ``normal``) in
        any stored version; every state name when no kind is given."""
        return {
            s.name
            for d in self.by_version.values()
            for s in d.states
            if not kinds or s.kind in kinds
        }

    def final_states(self) -> set[str]:
        return self.states("final")

    def min_idle_days(self, default: int = 20) -> int:
        """The smallest ``idle_days`` of any version (``default`` when none is stored)."""
        return min((d.idle_days for d in self.by_version.values()), default=default)


def stored_definitions(session: Session | Connection) -> StoredDefinitions:
    """Every stored definition version (see :class:`StoredDefinitions`)."""
    return StoredDefinitions.load(session)


def final_states(session: Session | Connection) -> set[str]:
    """The final states of every stored definition version."""
    return stored_definitions(session).final_states()


def all_states(session: Session | Connection) -> set[str]:
    """Every state name of every stored definition version."""
    return stored_definitions(session).states()


def open_states_clause(session: Session | Connection) -> ColumnElement[bool]:
    """A filter on :class:`~qy_landing.store.models.Project` rows (the models' table: a
    statement never mixes it with :mod:`qy_landing.store.tables`): their state is not final
    in any definition."""
    from qy_landing.store.models import Project

    column: ColumnElement[str] = Project.__table__.c.state  # type: ignore[attr-defined]
    return column.not_in(sorted(final_states(session)))
