"""The fixed words of the domain: levels, roles, procedure statuses, industry chains …

Each is a tuple of stable English keys (stored in the database and in ``--json``);
their Chinese and English names live in the i18n catalogue under ``<kind>.<key>``.
Users may type a key or either name; :func:`resolve` turns it into the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qy_landing.i18n import fold as fold  # the one folding of typed choices (re-exported)

LEVELS = ("provincial", "city", "county")

ROLES = ("first_responsible", "direct_responsible", "lead_chief", "commissioner")
FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE, LEAD_CHIEF, COMMISSIONER = ROLES

PROCEDURE_STATUSES = (
    "pending",
    "submitted",
    "accepted",
    "approved",
    "rejected",
    "waived",
    "materials_requested",
    "on_hold",
)
# Statuses that let a level be left and a dependant step start.
DONE_STATUSES = frozenset({"approved", "waived"})
# Statuses in which the authority's clock runs (a due date applies).
RUNNING_STATUSES = frozenset({"submitted", "accepted"})
# Statuses in which the statutory clock stands still: 补正 (materials requested from the
# applicant, 行政许可法 Art. 32) and a suspension the law leaves out of the limit (hearing,
# expert review, testing, public notice: Art. 45). See workflow/clock.py.
PAUSED_STATUSES = frozenset({"materials_requested", "on_hold"})

# From each status, the statuses a procedure may move to. Skipping "accepted" is allowed:
# many authorities approve without a separate acceptance notice.
STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    "pending": ("submitted", "waived"),
    "submitted": ("accepted", "approved", "rejected", "waived", "materials_requested"),
    "accepted": ("approved", "rejected", "waived", "materials_requested", "on_hold"),
    # resubmitted: the clock resumes (or, before acceptance, receipt starts again)
    "materials_requested": ("submitted", "rejected", "waived"),
    # the hearing, review, test or notice is over: the clock resumes
    "on_hold": ("accepted", "rejected", "waived"),
    "rejected": ("submitted", "waived"),
    "approved": (),
    "waived": ("pending",),
}

CHAINS = (
    "energy",
    "chemicals",
    "digital",
    "equipment",
    "agriculture",
    "tourism",
    "health",
    "green",
)

UNIT_KINDS = ("county", "park", "department", "enterprise", "office")

# Group robots (wecom, dingtalk) post in a unit's group chat; wecom_app, dingtalk_work,
# sms and email reach one person privately (docs/reminders.md, "Privacy").
CHANNELS = ("console", "email", "wecom", "dingtalk", "webhook", "wecom_app", "dingtalk_work", "sms")
PRIVATE_CHANNELS = frozenset({"email", "wecom_app", "dingtalk_work", "sms"})

CODE_KINDS = ("national", "local")

# What a PostgreSQL account may do (its group role; docs/deploy/postgresql.md)
ACCOUNT_ROLES = ("staff", "office", "leader", "auditor", "scheduler")
# Which unit a project counts for in a report: where it lands, or who introduced it.
GROUP_BY = ("landing", "introducing")

# Who files or approves a project, by its entry in 政府核准的投资项目目录: filing (备案),
# or approval (核准) by the county, the city, the province or the State Council.
APPROVALS = ("filing", "county", "city", "provincial", "national")

# Yes/no facts added with the Gansu procedure catalogue (project columns of the same name).
CATALOGUE_FLAGS = (
    "in_planned_urban_land",
    "over_mineral_area",
    "relics_zone",
    "uses_forest_or_grassland",
    "abstracts_water",
    "civil_building",
)


def approval_of(approval_listed: bool, approval_level: str | None) -> str:
    """The ``approval`` fact: ``filing`` (备案) or the level that approves (核准) the project."""
    return (approval_level or "city") if approval_listed else "filing"


def facts_of(project: Any) -> dict[str, object]:
    """The values workflow conditions may name (see workflow.conditions.FACTS)."""
    facts: dict[str, object] = {
        "new_land": project.new_land,
        "hazardous": project.hazardous,
        "approval_listed": project.approval_listed,
        "approval": approval_of(project.approval_listed, project.approval_level),
        "eia_full": project.eia_full,
        "major": project.major,
        "energy_tce": project.energy_tce,
        "amount": project.amount,
    }
    for name in CATALOGUE_FLAGS:
        facts[name] = bool(getattr(project, name))
    return facts


VOCABULARIES: dict[str, Sequence[str]] = {
    "approval": APPROVALS,
    "level": LEVELS,
    "role": ROLES,
    "status": PROCEDURE_STATUSES,
    "chain": CHAINS,
    "unit_kind": UNIT_KINDS,
    "channel": CHANNELS,
    "account_role": ACCOUNT_ROLES,
    "group_by": GROUP_BY,
}


def resolve(kind: str, value: str, allowed: Sequence[str] | None = None) -> str:
    """The key of ``value`` (a key, or its Chinese or English name) among ``kind``'s words.

    Raises :class:`~qy_landing.errors.ChoiceError` listing what is allowed.
    """
    from qy_landing import i18n
    from qy_landing.errors import ChoiceError, terms

    keys = VOCABULARIES[kind] if allowed is None else allowed
    if value in keys:  # a key as the library passes it: no names to compare
        return value
    folded = fold(value)
    for key in keys:
        if folded == key:
            return key
        for lang in i18n.LANGS:
            if folded == fold(i18n.term(kind, key, lang)):
                return key
    raise ChoiceError(kind, value, terms(kind, keys))


def name_key(kind: str, value: str) -> str:
    """The key of a state or trigger (``kind``) typed by its key or its Chinese or English name.

    States and triggers belong to the workflow definitions, not to a fixed list: a value
    the catalogue does not know is returned as typed (stripped), and the definition decides
    whether it exists (its error lists what is allowed).
    """
    from qy_landing.i18n import catalogue_for

    wanted = value.strip()
    folded = fold(wanted)
    prefix = f"{kind}."
    catalogue = catalogue_for(prefix)
    if prefix + folded in catalogue:  # the key itself: the common case, one lookup
        return folded
    for key, names in catalogue.items():
        if key.startswith(prefix):
            name = key[len(prefix) :]
            if folded == name or folded in {fold(n) for n in names}:
                return name
    return wanted
