"""The shipped definitions' data read ahead: the JSON file stays what the YAML files say."""

from __future__ import annotations

import dataclasses

import yaml

from qy_landing.workflow import shipped
from qy_landing.workflow.definition import parse_stored_definition


def _sources() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in shipped.definition_files()}


def test_the_json_file_is_what_the_shipped_yaml_files_render_now(tmp_path):
    """data/shipped_workflows.json equals `python -m qy_landing.workflow.shipped`'s output:
    a workflow file edited without regenerating fails here (run that command and commit)."""
    target = tmp_path / "shipped.json"
    assert shipped.main(target) == 0
    from importlib import resources

    written = resources.files("qy_landing").joinpath(shipped.DATA).read_text("utf-8")
    assert target.read_text(encoding="utf-8") == written


def test_a_shipped_text_gives_the_data_yaml_gives_and_any_other_text_none():
    """Exactly a shipped file's text: its YAML data; one character more: None (parsed as YAML)."""
    sources = _sources()
    assert {"standard", "energy", "data_center"} <= set(sources)
    for source in sources.values():
        assert shipped.shipped_data(source) == yaml.safe_load(source)
        assert shipped.shipped_data(source + "# an office's comment\n") is None


def test_a_stored_definition_reads_the_same_from_json_or_yaml():
    """parse_stored_definition builds the same definition from the JSON data as from the
    YAML text (same digest, states, steps, labels)."""
    for name, source in _sources().items():
        fast = parse_stored_definition(source, f"{name} v1")
        edited = source + "# an office's comment\n"  # not a shipped text: YAML is parsed
        parsed = parse_stored_definition(edited, f"{name} v1")
        assert fast.digest == parsed.digest
        assert fast == dataclasses.replace(parsed, source=source)


def test_main_writes_the_file_once_then_says_it_is_up_to_date(tmp_path, capsys):
    """A second run changes nothing and says so."""
    target = tmp_path / "shipped.json"
    assert shipped.main(target) == 0
    assert shipped.main(target) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {target}",
        f"{target} is up to date",
    ]
