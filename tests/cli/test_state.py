"""The run's state: the language before parsing, one context per run, conflicts retried."""

from __future__ import annotations

from qy_landing.cli import state
from qy_landing.errors import ConflictError


def test_the_language_is_known_before_options_are_parsed():
    """--lang on the command line decides the help language."""
    assert state.early_lang(["--lang", "en", "project", "--help"]) == "en"
    assert state.early_lang(["--lang", "zh"]) == "zh"


def test_one_context_per_run_released_at_the_end(monkeypatch, sqlite_url):
    """context() opens the run's database once; close() releases it."""
    monkeypatch.setattr(state.state, "db", sqlite_url)
    first = state.context()
    assert state.context() is first
    assert first.db.url.endswith(sqlite_url.split("///", 1)[-1])
    state.close()
    assert state.context() is not first
    state.close()


def test_a_conflict_is_retried_and_said_on_stderr(monkeypatch, capsys):
    """Someone else wrote first: the change runs again, and the person is told."""
    monkeypatch.setattr(state.state, "lang", "en")
    seen: list[ConflictError | None] = []

    def change(previous: ConflictError | None) -> str:
        seen.append(previous)
        if len(seen) == 1:
            raise ConflictError("2601-621022-04-01-123456", 3, None)
        return "done"

    assert state.retrying(change) == "done"
    assert seen[0] is None and isinstance(seen[1], ConflictError)
    assert "2601-621022-04-01-123456" in capsys.readouterr().err
