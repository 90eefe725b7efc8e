"""The SQL of accounts: role names, logins and groups, a project's unit (PostgreSQL)."""

from __future__ import annotations

import itertools
import os

import pytest

from qy_landing.store import accounts
from tests.builders import CODE, project

_names = itertools.count()


def test_role_names_are_checked_before_they_reach_sql():
    """Lower-case identifiers only; PostgreSQL's and our own prefixes are reserved."""
    assert accounts.ROLE_NAME.match("huan_zhang2")
    for bad in ('x"; DROP TABLE project; --', "Zhang", "张伟", "", "a b"):
        assert not accounts.ROLE_NAME.match(bad)
    assert accounts.RESERVED.match("qy_office") and accounts.RESERVED.match("pg_read_all_data")


@pytest.mark.parametrize("backend", ["postgres"])
def test_logins_report_groups_and_project_unit_names_the_owner(ctx):
    """A login made in a group is reported with it; qy_project_unit names a project's unit."""
    project(ctx)
    name = f"s_{os.getpid()}_{next(_names)}"
    with ctx.db.engine.begin() as connection:
        assert not accounts.role_exists(connection, name)
        accounts.create_login(connection, name, "staff", "pw")
        accounts.grant(connection, name, "auditor")
        found = accounts.logins(connection, [name])
        assert found[name] == accounts.Login(name, True, ("auditor", "staff"))
        assert accounts.project_unit(connection, CODE) == "环县"
        assert accounts.project_unit(connection, "nothing") is None
