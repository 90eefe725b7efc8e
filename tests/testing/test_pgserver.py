"""The throwaway PostgreSQL server the tests and the benchmarks both start (one copy, shipped)."""

from __future__ import annotations

import socket

import pytest

from qy_landing.testing import pgserver


def test_free_port_is_a_port_nobody_listens_on():
    """free_port gives a local port that can be bound right away."""
    port = pgserver.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_binaries_are_found_or_the_reason_is_given():
    """available() is None exactly when initdb and pg_ctl are found (and a user to run them)."""
    reason = pgserver.available()
    found = all(pgserver.find_binary(n) for n in ("initdb", "pg_ctl"))
    if reason is None:
        assert found
    else:
        assert "PostgreSQL" in reason or "postgres" in reason
    assert pgserver.find_binary("surely-not-a-postgres-binary") is None


def test_databases_are_created_from_a_template(postgres):
    """create_database copies a template; the URL is a psycopg URL on 127.0.0.1."""
    import psycopg

    postgres.create_database("pgserver_tpl")
    with psycopg.connect(postgres.dsn("pgserver_tpl"), autocommit=True) as connection:
        connection.execute("CREATE TABLE marker (id int)")
    url = postgres.create_database("pgserver_copy", template="pgserver_tpl")
    assert url == f"postgresql+psycopg://postgres@127.0.0.1:{postgres.port}/pgserver_copy"
    with psycopg.connect(postgres.dsn("pgserver_copy")) as connection:
        names = [r[0] for r in connection.execute("SELECT tablename FROM pg_tables")]
    assert "marker" in names


@pytest.mark.slow
def test_a_server_starts_with_its_settings_and_leaves_nothing_when_stopped():
    """Extra settings reach the server; stop() removes its data folder."""
    if pgserver.available():
        pytest.skip(pgserver.available() or "")
    import psycopg

    server = pgserver.LocalPostgres(extra={"work_mem": "7MB"})
    try:
        server.start()
        with psycopg.connect(server.dsn("postgres")) as connection:
            assert connection.execute("SHOW work_mem").fetchone() == ("7MB",)
            assert connection.execute("SHOW fsync").fetchone() == ("off",)
    finally:
        server.stop()
    assert not server.base.exists()
