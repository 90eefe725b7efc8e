"""Row-level security (0007_row_security) on the real PostgreSQL the suite starts.

For each role: what it can and cannot read and change, through the library (as the CLI
calls it) and through plain SQL on the role's own connection. Login roles belong to the
whole server, so every test makes logins with names of its own.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import psycopg
import pytest

from qy_landing.clock import FixedClock
from qy_landing.errors import NotPermittedError, OtherUnitError
from qy_landing.services.context import Context
from qy_landing.services.users import add_user
from tests.builders import CODE, project
from tests.conftest import fresh_database

OTHER = "2601-621002-04-01-654321"  # a 西峰区 project
INTRODUCED = "2601-621002-04-01-777777"  # lands in 西峰区, introduced by 环县
_names = itertools.count()


@dataclass
class Office:
    """A database with a 环县 and a 西峰区 project, and one login per role."""

    url: str
    admin: Context
    logins: dict[str, str]  # staff (环县), staff_xf (西峰区), office, leader, auditor, scheduler

    def url_of(self, who: str) -> str:
        return self.url.replace("//postgres@", f"//{self.logins[who]}@")

    def dsn_of(self, who: str) -> str:
        return self.url_of(who).replace("postgresql+psycopg://", "postgresql://")

    def sql(self, who: str, statement: str, *params: object) -> list[tuple[object, ...]]:
        """``statement`` on ``who``'s own connection (autocommit); the rows it returns."""
        with psycopg.connect(self.dsn_of(who), autocommit=True) as connection:
            cursor = connection.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else [(cursor.rowcount,)]

    def context(self, who: str, actor: str = "张三") -> Context:
        return Context.open(self.url_of(who), actor=actor, clock=self.admin.clock)


@pytest.fixture
def office(request: pytest.FixtureRequest, tmp_path: object, clock: FixedClock) -> Iterator[Office]:
    url = fresh_database("postgres", request, tmp_path)  # type: ignore[arg-type]
    admin = Context.open(url, actor="管理员", clock=clock)
    project(admin)
    project(admin, OTHER, name="西峰区 数据中心", unit="西峰区")
    project(admin, INTRODUCED, name="西峰区 光伏项目", unit="西峰区", introduced_by="环县")
    n = f"{os.getpid()}_{next(_names)}"
    logins = {
        "staff": f"huan_{n}",
        "staff_xf": f"xifeng_{n}",
        "office": f"office_{n}",
        "leader": f"leader_{n}",
        "auditor": f"auditor_{n}",
        "scheduler": f"sched_{n}",
    }
    for who, name in logins.items():
        role = "staff" if who.startswith("staff") else who
        unit = {"staff": "环县", "staff_xf": "西峰区"}.get(who)
        add_user(admin, name, role=role, unit=unit, password="s3cret-" + n)
    yield Office(url, admin, logins)
    admin.db.dispose()


def _refused(call: Callable[[], object]) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        call()
    return str(caught.value)


def test_staff_read_only_their_units_projects_and_what_hangs_off_them(office):
    """A county login sees its own project and procedures, nothing of another county."""
    mine = sorted([(CODE,), (INTRODUCED,)])
    assert sorted(office.sql("staff", "SELECT code FROM project")) == mine
    assert sorted(office.sql("staff_xf", "SELECT code FROM project")) == sorted(
        [(OTHER,), (INTRODUCED,)]
    )
    units = office.sql(
        "staff", "SELECT DISTINCT p.code FROM procedure r JOIN project p ON p.id = r.project_id"
    )
    assert sorted(units) == mine
    events = office.sql("staff", "SELECT DISTINCT project_id FROM event")
    own = office.sql("staff", "SELECT id FROM project")
    assert sorted(events) == sorted(own)


def test_staff_updating_another_units_project_changes_no_row(office):
    """UPDATE of another county's project matches 0 rows; of its own, 1."""
    update = "UPDATE project SET description = 'x' WHERE code = %s"
    assert office.sql("staff", update, OTHER) == [(0,)]
    assert office.sql("staff", update, CODE) == [(1,)]
    moved = (
        "UPDATE project SET unit_id = (SELECT id FROM unit WHERE name = '西峰区') WHERE code = %s"
    )
    assert "row-level security" in _refused(lambda: office.sql("staff", moved, CODE))


def test_no_role_may_rewrite_or_delete_the_audit_trail(office):
    """DELETE and UPDATE of events are refused for every role, the owner too."""
    for who in ("staff", "office", "leader", "auditor", "scheduler"):
        assert "permission denied" in _refused(lambda w=who: office.sql(w, "DELETE FROM event"))
        _refused(lambda w=who: office.sql(w, "UPDATE event SET actor = 'x'"))
    with office.admin.db.engine.connect() as connection, pytest.raises(Exception) as caught:
        connection.exec_driver_sql("DELETE FROM event")
    assert "append-only" in str(caught.value)


def test_office_reads_and_writes_all_leaders_read_all(office):
    """Office staff change any unit's project; leaders read them all and change none."""
    update = "UPDATE project SET description = 'y' WHERE code = %s"
    assert office.sql("office", update, OTHER) == [(1,)]
    assert len(office.sql("leader", "SELECT code FROM project")) == 3
    assert "permission denied" in _refused(lambda: office.sql("leader", update, CODE))


def test_auditors_read_the_audit_trail_only(office):
    """An auditor reads every event, and is refused the procedures."""
    total = office.admin.db.engine.connect().exec_driver_sql("SELECT count(*) FROM event").scalar()
    assert office.sql("auditor", "SELECT count(*) FROM event") == [(total,)]
    _refused(lambda: office.sql("auditor", "SELECT * FROM procedure"))


def test_the_scheduler_reads_everything_and_changes_no_project(office):
    """The daemon's role reads every project and may not change one."""
    assert len(office.sql("scheduler", "SELECT code FROM project")) == 3
    _refused(lambda: office.sql("scheduler", "UPDATE project SET description = 'z'"))
    _refused(
        lambda: office.sql(
            "scheduler",
            "INSERT INTO event (entity, action, actor, "
            "recorded_at, effective_on) VALUES ('x', 'x', 'x', now(), now())",
        )
    )
    assert office.sql("scheduler", "SELECT count(*) FROM reminder") == [(0,)]


def test_the_actor_recorded_is_the_login_with_as_beside_it(office):
    """A change made as 张三 over a county login records the login; a forged login is replaced."""
    from qy_landing.services import procedures
    from qy_landing.services.project_views import history

    staff = office.context("staff", actor="张三")
    procedures.set_status(staff, CODE, "filing", "submitted", on=date(2026, 10, 9))
    last = history(staff, CODE)[-1]
    login = office.logins["staff"]
    assert (last.actor_login, last.actor, last.who) == (login, "张三", f"{login} (张三)")
    project_id = office.sql("staff", "SELECT id FROM project")[0][0]
    office.sql(
        "staff",
        "INSERT INTO event (project_id, entity, action, actor, actor_login, recorded_at, "
        "effective_on) VALUES (%s, 'project', 'note', 'x', 'postgres', now(), now())",
        project_id,
    )
    forged = office.sql("staff", "SELECT actor_login FROM event ORDER BY id DESC LIMIT 1")
    assert forged == [(login,)]
    staff.db.dispose()


def test_the_library_shows_a_county_only_its_own_and_names_the_owner_of_others(office):
    """list_projects gives a county login its projects; a change elsewhere names the unit."""
    from qy_landing.services import procedures
    from qy_landing.services.project_views import list_projects, show_project

    staff = office.context("staff")
    assert sorted(p.code for p in list_projects(staff)) == sorted([CODE, INTRODUCED])
    with pytest.raises(OtherUnitError) as caught:
        procedures.set_status(staff, OTHER, "filing", "submitted", on=date(2026, 10, 9))
    assert caught.value.unit == "西峰区"
    assert "belongs to 西峰区" in caught.value.render("en")
    with pytest.raises(OtherUnitError):
        show_project(staff, OTHER)
    staff.db.dispose()


def test_a_leaders_change_is_refused_with_a_message_not_a_database_error(office):
    """A leader's procedure change raises NotPermittedError naming the login."""
    from qy_landing.services import procedures

    leader = office.context("leader")
    with pytest.raises(NotPermittedError) as caught:
        procedures.set_status(leader, OTHER, "filing", "submitted", on=date(2026, 10, 9))
    assert caught.value.login == office.logins["leader"]
    assert "is not allowed to do this" in caught.value.render("en")
    leader.db.dispose()


def test_a_countys_stuck_export_holds_only_that_county(office):
    """The stuck list exported as a county login names only that county's projects."""
    import io
    import json

    from qy_landing.reports.stuck import export_stuck

    staff = office.context("staff")
    out = io.BytesIO()
    export_stuck(staff, out, "json", as_of=date(2027, 6, 1), idle_days=1, lang="en")
    text = out.getvalue().decode()
    assert CODE in text and INTRODUCED in text and OTHER not in text
    assert json.loads(text)
    staff.db.dispose()


def test_the_unit_predicate_can_use_the_unit_index(office):
    """With many projects the staff policy's plan reads project through its unit_id index."""
    with office.admin.db.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql(f"SET LOCAL ROLE {office.logins['staff']}")
        plan = "\n".join(r[0] for r in connection.exec_driver_sql("EXPLAIN SELECT id FROM project"))
    assert "ix_project_unit_state" in plan and "ix_project_introducing_unit" in plan


def test_staff_change_the_projects_their_unit_introduced(office):
    """环县 staff may change a project landing in 西峰区 that 环县 introduced."""
    update = "UPDATE project SET description = 'introduced' WHERE code = %s"
    assert office.sql("staff", update, INTRODUCED) == [(1,)]
    with office.admin.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO unit_target (unit_id, year, indicator, value, updated_on) "
            "SELECT id, 2026, 'signed_amount', 1000, '2026-01-05' FROM unit "
            "WHERE name IN ('环县', '西峰区')"
        )
    targets = "SELECT u.name FROM unit_target t JOIN unit u ON u.id = t.unit_id"
    assert office.sql("staff", targets) == [("环县",)]
    assert len(office.sql("leader", targets)) == 2


def test_the_scheduler_role_generates_and_sends_reminders_under_its_lease(
    request: pytest.FixtureRequest, tmp_path: object, clock: FixedClock
):
    """Generating, sending and taking the lease work with the scheduler role's rights alone."""
    from qy_landing.config import Config
    from qy_landing.reminders.deliver import send_pending
    from qy_landing.reminders.generate import generate
    from qy_landing.reminders.lock import Lease
    from tests.reminders.conftest import build_office

    url = fresh_database("postgres", request, tmp_path)  # type: ignore[arg-type]
    admin = Context.open(url, actor="管理员", clock=clock)
    build_office(admin)
    name = f"sched_{os.getpid()}_{next(_names)}"
    add_user(admin, name, role="scheduler", password=None)
    daemon = Context.open(url.replace("//postgres@", f"//{name}@"), actor="scheduler", clock=clock)
    lease = Lease(daemon.db, "test-daemon")
    assert lease.try_acquire()
    report = generate(daemon, config=Config())
    assert sum(k.generated for k in report.kinds.values()) > 0
    sent = send_pending(daemon, config=Config(), fence=lease)
    assert (sent.sent, sent.failed) == (sum(k.generated for k in report.kinds.values()), 0)
    lease.release()
    daemon.db.dispose()
    admin.db.dispose()


def test_the_scheduler_and_the_office_record_a_failure_that_staff_read_in_their_language(
    request: pytest.FixtureRequest, tmp_path: object, clock: FixedClock
):
    """A failed send records the failure's message (0010's columns) with the scheduler's
    rights and with the office's; a county login lists it in Chinese."""
    from qy_landing.config import Config
    from qy_landing.reminders.deliver import list_reminders, requeue_failed, send_pending
    from qy_landing.reminders.generate import generate
    from tests.reminders.conftest import build_office, use_channel

    url = fresh_database("postgres", request, tmp_path)  # type: ignore[arg-type]
    admin = Context.open(url, actor="管理员", clock=clock)
    build_office(admin)
    use_channel(admin, "email")  # not configured: every send fails at once
    generate(admin, config=Config(), kind="monthly")
    n = f"{os.getpid()}_{next(_names)}"
    for name, role, unit in (
        (f"sched_{n}", "scheduler", None),
        (f"office_{n}", "office", None),
        (f"huan_{n}", "staff", "环县"),
    ):
        add_user(admin, name, role=role, unit=unit, password=None)
    logins = {"scheduler": f"sched_{n}", "office": f"office_{n}", "staff": f"huan_{n}"}
    office = Office(url, admin, logins)
    recorded = "SELECT DISTINCT error_key FROM reminder WHERE status = 'failed'"
    for who in ("scheduler", "office"):
        sender = office.context(who)
        report = send_pending(sender, config=Config())
        assert (report.sent, report.failed) == (0, 2)
        assert office.sql("office", recorded) == [("remind.delivery.not_configured",)]
        sender.db.dispose()
        assert requeue_failed(admin) == 2
        office.sql("office", "UPDATE reminder SET error_key = NULL")
    send_pending(admin, config=Config())
    staff = office.context("staff")
    rows, _ = list_reminders(staff, status="failed")
    assert rows and {r.error_text("zh") for r in rows} == {
        "email：未配置 channels.email.host、channels.email.from（在 qy-landing.toml 中设置）"
    }
    staff.db.dispose()
    admin.db.dispose()


def test_the_scheduler_role_recounts_due_dates_for_a_new_schedule(
    request: pytest.FixtureRequest, tmp_path: object, clock: FixedClock
):
    """The daily refresh (a newly published schedule) works with the scheduler's rights: due
    dates of running procedures and their events, nothing else of a project."""
    from qy_landing.services import procedures
    from qy_landing.services.calendar import refresh_due_dates

    url = fresh_database("postgres", request, tmp_path)  # type: ignore[arg-type]
    admin = Context.open(url, actor="管理员", clock=clock)
    project(admin)
    procedures.set_status(admin, CODE, "filing", "submitted", on=date(2026, 10, 9))
    name = f"sched_{os.getpid()}_{next(_names)}"
    add_user(admin, name, role="scheduler", password=None)
    daemon = Context.open(url.replace("//postgres@", f"//{name}@"), actor="scheduler", clock=clock)
    assert refresh_due_dates(daemon).years  # first run: every year's fingerprint is new
    assert refresh_due_dates(daemon).years == ()
    # a due date the recount moves: the scheduler writes it and its event
    import qy_landing.services.calendar as calendar_module
    from qy_landing.services.due_dates import running_over

    with admin.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO calendar_override (day, workday, note) VALUES ('2026-10-12', false, 'x')"
        )
    with daemon.db.read() as session:
        ids = list(session.execute(running_over(date(2026, 10, 9))).scalars())
    moved = calendar_module._recount(daemon, date(2026, 10, 9), ids, "closure")
    assert [(m.old, m.new) for m in moved] == [(date(2026, 10, 13), date(2026, 10, 14))]
    from sqlalchemy.exc import ProgrammingError

    with daemon.db.engine.connect() as connection, pytest.raises(ProgrammingError) as caught:
        connection.exec_driver_sql("UPDATE procedure SET status = 'approved'")
    assert "permission denied" in str(caught.value)
    daemon.db.dispose()
    admin.db.dispose()


def test_a_non_superuser_administrator_sets_up_an_office(postgres, clock: FixedClock):
    """The documented set-up: an owner with CREATEROLE runs init and user add; staff work."""
    from qy_landing.services import procedures
    from qy_landing.services.setup import init_database
    from qy_landing.services.users import list_users

    n = f"{os.getpid()}_{next(_names)}"
    admin_name, database = f"qyadmin_{n}", f"office_{n}"
    postgres.execute(f"CREATE ROLE {admin_name} LOGIN CREATEROLE")
    postgres.execute(f"CREATE DATABASE {database} OWNER {admin_name}")
    url = postgres.url(database).replace("//postgres@", f"//{admin_name}@")
    admin = Context.open(url, actor="管理员", clock=clock)
    init_database(admin)
    project(admin)
    add_user(admin, f"huan_{n}", role="staff", unit="环县")
    assert [u.name for u in list_users(admin)] == [f"huan_{n}"]
    staff = Context.open(url.replace(f"//{admin_name}@", f"//huan_{n}@"), actor="张三", clock=clock)
    procedures.set_status(staff, CODE, "filing", "submitted", on=date(2026, 10, 9))
    with admin.db.engine.connect() as connection:
        logins = connection.exec_driver_sql(
            "SELECT DISTINCT actor_login FROM event WHERE project_id IS NOT NULL"
        ).scalars()
        assert sorted(logins) == sorted([admin_name, f"huan_{n}"])
    staff.db.dispose()
    admin.db.dispose()


def test_a_staff_correction_keeps_the_reminders_already_sent(
    request: pytest.FixtureRequest, tmp_path: object, clock: FixedClock
):
    """A county login corrects a submission date: the overdue reminders already in the outbox
    follow the corrected due date (not sent again); another unit's reminders stay untouched."""
    from qy_landing.config import Config
    from qy_landing.reminders.generate import generate
    from qy_landing.services.corrections import correct_procedure

    url = fresh_database("postgres", request, tmp_path)  # type: ignore[arg-type]
    admin = Context.open(url, actor="管理员", clock=clock)
    from tests.reminders.conftest import build_office

    build_office(admin)
    generate(admin, config=Config())
    keys = "SELECT key FROM reminder WHERE kind = 'overdue' ORDER BY key"
    with admin.db.engine.connect() as connection:
        before = list(connection.exec_driver_sql(keys).scalars())
    assert before and all(":2026-09-04:" in k for k in before)
    name = f"huan_{os.getpid()}_{next(_names)}"
    add_user(admin, name, role="staff", unit="环县", password=None)
    staff = Context.open(url.replace("//postgres@", f"//{name}@"), actor="张三", clock=clock)
    correct_procedure(staff, CODE, "filing", on=date(2026, 9, 2), reason="录入日期错误")
    with admin.db.engine.connect() as connection:
        after = list(connection.exec_driver_sql(keys).scalars())
    assert after == [k.replace(":2026-09-04:", ":2026-09-07:") for k in before]
    again = generate(admin, config=Config())
    assert again.kinds["overdue"].generated == 0
    # the narrow right: the key of the unit's own reminders, nothing else of the outbox
    office = Office(url, admin, {"staff": name})
    moved_away = "UPDATE reminder SET key = 'overdue:999999:2026-09-07' WHERE kind = 'overdue'"
    assert "row-level security" in _refused(lambda: office.sql("staff", moved_away))
    assert office.sql("staff", "UPDATE reminder SET key = key || 'x' WHERE kind = 'monthly'") == [
        (0,)
    ]
    assert "permission denied" in _refused(
        lambda: office.sql("staff", "UPDATE reminder SET status = 'pending'")
    )
    staff.db.dispose()
    admin.db.dispose()


def test_a_staff_login_cannot_claim_another_units_project_as_its_own(office):
    """A row written for another county's project is refused even when it names the login's
    own unit: the database copies the project's unit onto the row (0009_row_owner)."""
    other_id = office.sql("office", "SELECT id FROM project WHERE code = %s", OTHER)[0][0]
    own_unit = office.sql("office", "SELECT id FROM unit WHERE name = '环县'")[0][0]
    claim = (
        "INSERT INTO problem (project_id, text, opened_on, project_unit_id) "
        "VALUES (%s, 'x', '2026-10-09', %s)"
    )
    assert "row-level security" in _refused(lambda: office.sql("staff", claim, other_id, own_unit))
    assert office.sql("staff_xf", "SELECT count(*) FROM problem") == [(0,)]


def test_a_project_moved_to_another_unit_takes_its_rows_and_trail_with_it(office):
    """After the office corrects a project's unit, the new county reads its procedures and
    its whole audit trail, the old county none of it, and no event changed but its units."""
    from qy_landing.config import CorrectionPolicy
    from qy_landing.services.corrections import correct_fact

    trail = "SELECT id, action, actor, effective_on FROM event WHERE project_id = %s ORDER BY id"
    project_id = office.sql("office", "SELECT id FROM project WHERE code = %s", CODE)[0][0]
    before = office.sql("office", trail, project_id)
    steps = office.sql("office", "SELECT count(*) FROM procedure WHERE project_id = %s", project_id)
    policy = CorrectionPolicy(months_back=12)
    correct_fact(office.admin, CODE, "unit", "西峰区", reason="登记错了落地县区", policy=policy)
    mine = "SELECT count(*) FROM procedure WHERE project_id = %s"
    assert office.sql("staff_xf", mine, project_id) == steps
    assert office.sql("staff", mine, project_id) == [(0,)]
    moved = office.sql("staff_xf", trail, project_id)
    assert moved[: len(before)] == before and len(moved) == len(before) + 1  # + the correction
    assert office.sql("staff", "SELECT count(*) FROM event WHERE project_id = %s", project_id) == [
        (0,)
    ]


def test_the_copied_units_of_an_event_cannot_be_rewritten_directly(office):
    """Only the database's own move may touch an event's copied units; a direct UPDATE is
    refused like any other change to the audit trail, the owner's too."""
    with office.admin.db.engine.connect() as connection, pytest.raises(Exception) as caught:
        connection.exec_driver_sql("UPDATE event SET project_unit_id = NULL")
    assert "append-only" in str(caught.value)
    _refused(lambda: office.sql("office", "UPDATE event SET project_unit_id = NULL"))


def test_the_staff_policy_of_the_rows_hanging_off_a_project_can_use_their_unit_index(office):
    """A county's procedures and events are found through the copied unit's index, not by
    filtering every row (a county's export reads only its share)."""
    with office.admin.db.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql(f"SET LOCAL ROLE {office.logins['staff']}")
        plans = {
            table: "\n".join(
                r[0] for r in connection.exec_driver_sql(f"EXPLAIN SELECT id FROM {table}")
            )
            for table in ("procedure", "event", "problem")
        }
    for table, plan in plans.items():
        assert f"ix_{table}_project_unit_id" in plan, plan
        assert "SubPlan" not in plan, plan
