"""``qy-landing init``: create or upgrade the database, seed units, load workflows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.store.database import HEAD


def test_init_creates_a_new_database_and_says_what_to_do_next(tmp_path):
    """A new file: created, units seeded, the workflows loaded, the next steps suggested."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = CliRunner().invoke(app, ["--db", url, "--lang", "zh", "init"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"已创建数据库：{url}（结构版本 {HEAD}）",
        "新增责任单位 11 个",
        "流程 data_center：已载入 v1",
        "流程 energy：已载入 v1",
        "流程 standard：已载入 v1",
        "下一步：qy-landing person add 登记人员，qy-landing project add 或 project import 登记项目",
    ]


@pytest.mark.backends
def test_init_again_changes_nothing(cli, cli_url):
    """Running init on a ready database says it is ready and every workflow unchanged."""
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Database ready: {cli_url} (schema {HEAD})",
        "Workflow data_center: v1 unchanged",
        "Workflow energy: v1 unchanged",
        "Workflow standard: v1 unchanged",
    ]


def test_commands_before_init_say_to_run_init(tmp_path):
    """Any command on an empty database says to run init first, in one line."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(app, ["--db", url, "--lang", "en", "project", "list"])
    assert result.exit_code == 1
    assert result.stderr == f"The database {url} is not initialised; run qy-landing init first\n"


def test_an_unsupported_database_url_is_one_line_without_its_password(tmp_path):
    """--db mysql://… names what is supported and hides the password."""
    result = CliRunner().invoke(
        app, ["--db", "mysql://root:hunter2@db/landing", "--lang", "en", "person", "list"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Unsupported database 'mysql://root:***@db/landing': "
        "expected a file path, sqlite:///PATH or postgresql://…\n"
    )


def test_a_file_that_is_not_ours_is_refused_and_left_unchanged(tmp_path):
    """A text file, or another program's SQLite database: refused, even by init."""
    import sqlite3

    text = tmp_path / "notes.txt"
    text.write_text("不是数据库\n" * 100, encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    before = other.read_bytes()
    for path, args in ((text, ("person", "list")), (other, ("init",)), (other, ("unit", "list"))):
        result = CliRunner().invoke(app, ["--db", str(path), "--lang", "en", *args])
        assert result.exit_code == 1, result.output
        assert "is not a qy-landing database" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert other.read_bytes() == before


def test_an_internal_database_error_never_shows_the_statement_or_its_data():
    """Exit 3 messages name the error kind and reason only: no SQL, no phone numbers."""
    from sqlalchemy.exc import IntegrityError

    from qy_landing.cli import _describe

    error = IntegrityError(
        "INSERT INTO person (name, phone) VALUES (?, ?)",
        ("张伟", "13800000001"),
        Exception("UNIQUE constraint failed: person.phone\nDETAIL: Key (phone)=(13800000001)"),
    )
    described = _describe(error)
    assert described == "IntegrityError (Exception): UNIQUE constraint failed: person.phone"


def test_commands_before_init_leave_nothing_behind(tmp_path):
    """A command before init on a new path creates neither the file nor its folder."""
    target = tmp_path / "sub" / "folder" / "qy.db"
    result = CliRunner().invoke(app, ["--db", str(target), "--lang", "zh", "project", "list"])
    assert result.exit_code == 1
    assert result.stderr == f"数据库 sqlite:///{target} 尚未初始化，请先运行 qy-landing init\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["mysql://user@host/qy", "sqlite:/tmp/x.db", "ftp://h/x.db"])
def test_unsupported_database_urls_are_refused(tmp_path, monkeypatch, url):
    """An unsupported address is named in one line; no folder named 'sqlite:' appears."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--db", url, "--lang", "en", "project", "list"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Unsupported database '{url}': expected a file path, sqlite:///PATH or postgresql://…\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    """A text file, or another program's SQLite database, is 'not a qy-landing database'."""
    import sqlite3

    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    for path in (text, other):
        for command in (["project", "list"], ["init"]):
            result = CliRunner().invoke(app, ["--db", str(path), "--lang", "zh", *command])
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith(f"sqlite:///{path} 不是 qy-landing 数据库")
            assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert text.read_text(encoding="utf-8") == "hello"
