"""``qy-landing workflow list | show | check | diagram``."""

from __future__ import annotations

import json

import pytest

from qy_landing.cli.docgen import JSON_SHAPES


def test_list_shows_the_loaded_workflows(cli):
    """Both shipped workflows are listed with their title and version, in Chinese."""
    result = cli("workflow", "list", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "标准落地流程" in result.stdout
    assert "standard" in result.stdout
    assert "data_center" in result.stdout
    rows = json.loads(cli("workflow", "list", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["workflow list --json"]] == list(rows[0])
    assert {r["name"] for r in rows} == {"standard", "data_center", "energy"}


def test_show_tells_states_transitions_and_procedures(cli):
    """show: levels, ladder, states, triggers with their conditions, procedures with limits."""
    zh = cli("workflow", "show", "standard", lang="zh", columns=120)
    assert zh.exit_code == 0, zh.stderr
    out = zh.stdout
    assert "流程      standard v1 · 标准落地流程" in out
    assert "省级 → 市级 → 县级" in out
    assert "直接责任人（逾期 0 个工作日起）" in out
    assert "finish_provincial" in out
    assert "本级手续全部批复或不适用" in out
    assert "农用地转用和土地征收" in out
    assert "先办：land_prereview" in out
    assert "立项用地规划许可" in out and "省级: approval ==" in out
    en = cli("workflow", "show", "standard", columns=200)
    assert "Farmland conversion and land acquisition" in en.stdout
    assert "city supervisor (from 10 working days overdue)" in en.stdout


@pytest.mark.backends
def test_show_json_has_the_documented_keys(cli):
    """workflow show --json gives the whole definition with stable keys."""
    data = json.loads(cli("workflow", "show", "standard", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["workflow show NAME --json"]] == list(data)
    assert data["levels"] == ["provincial", "city", "county"]
    filing = next(s for s in data["steps"] if s["key"] == "filing")
    assert filing == {
        "key": "filing",
        "name": {"zh": "项目备案", "en": "Project filing"},
        "level": "county",
        "authority": {"zh": "县区发展和改革局", "en": "County development and reform bureau"},
        "limit": 3,
        "when": "not approval_listed",
        "depends_on": [],
        "stage": "project_land",
        "cases": [],
        "replaces": [],
        "source": {
            "zh": "企业投资项目核准和备案管理条例（国务院令第673号）第十三、十四条",
            "en": "Regulation on approval and filing of enterprise investment projects "
            "(State Council Decree 673), Art. 13-14",
        },
    }


def test_unknown_workflow_lists_the_known_ones(cli):
    """An unknown name: exit 1, the known workflows named."""
    result = cli("workflow", "show", "fast")
    assert result.exit_code == 1
    assert result.stderr == "No workflow 'fast'; known: data_center, energy, standard\n"


def test_bad_version_is_refused(cli):
    """--version must be a whole number above 0."""
    result = cli("workflow", "show", "standard", "--version", "x", lang="zh")
    assert result.exit_code == 1
    assert "应为正整数" in result.stderr


def test_check_the_shipped_files(cli):
    """Without files, check validates the shipped definitions and exits 0."""
    result = cli("workflow", "check", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "standard.yaml：正确（流程 standard，7 个状态，23 项手续）" in result.stdout


def test_check_a_bad_file_names_file_and_line(cli, tmp_path):
    """A broken file: its error (file, line) on stderr, the good one on stdout, exit 1."""
    good = tmp_path / "good.yaml"
    from qy_landing.workflow.definition import shipped_workflow_dir

    good.write_text((shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\nstates: [\n", encoding="utf-8")
    result = cli("workflow", "check", str(good), str(bad))
    assert result.exit_code == 1
    assert f"{good}: OK (workflow standard, 7 states, 23 procedures)" in result.stdout
    first, summary = result.stderr.splitlines()
    assert first.startswith(f"Workflow file {bad}, line ")
    assert "YAML syntax error" in first
    assert summary == "1 of 2 files are invalid"


def test_diagram_is_mermaid(cli):
    """diagram prints a Mermaid state diagram with the states and triggers."""
    result = cli("workflow", "diagram", "standard", lang="zh")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("stateDiagram-v2\n")
    assert '    state "省级手续办理中" as provincial' in out
    assert "    provincial --> city: finish_provincial [level_complete]" in out
    assert "    [*] --> signed" in out


def _changed_standard(tmp_path):
    from qy_landing.workflow.definition import shipped_workflow_dir

    source = (shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8")
    source += (
        "  - {key: fire_check, name: 消防验收预审, level: county, limit: 5, stage: construction}\n"
    )
    path = tmp_path / "standard.yaml"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.backends
def test_load_and_migrate_a_changed_workflow(cli, tmp_path):
    """A changed definition with a project in flight: new version, dry run, then --apply."""
    code = "2607-621022-04-01-100001"
    added = cli(
        "project",
        "add",
        "--code",
        code,
        "--name",
        "风电项目",
        "--investor",
        "某公司",
        "--unit",
        "环县",
        "--chain",
        "energy",
        "--amount",
        "12.5",
        "--signed-on",
        "2026-07-07",
    )
    assert added.exit_code == 0, added.stderr
    loaded = cli("workflow", "load", str(_changed_standard(tmp_path)))
    assert loaded.exit_code == 0, loaded.stderr
    assert "saved as v2" in loaded.stdout
    dry = cli("workflow", "migrate", "standard", columns=120)
    assert dry.exit_code == 0, dry.stderr
    assert code in dry.stdout and "+fire_check" in dry.stdout
    assert "Dry run: 1 project can move to standard v2" in dry.stdout
    shown = json.loads(cli("project", "show", code, "--json").stdout)
    assert shown["workflow_version"] == 1
    applied = cli("workflow", "migrate", "standard", "--apply", lang="zh")
    assert applied.exit_code == 0, applied.stderr
    assert "已把 1 个项目迁移到 standard v2" in applied.stdout
    shown = json.loads(cli("project", "show", code, "--json").stdout)
    assert shown["workflow_version"] == 2
    assert "fire_check" in [p["step"] for p in shown["procedures"]]
    again = json.loads(cli("workflow", "migrate", "standard", "--json").stdout)
    assert again["projects"] == []


def test_migrate_a_database_to_the_gansu_catalogue(cli):
    """A database on the pre-catalogue standard workflow moves to the shipped one: the dry
    run shows the renamed land pre-review; --apply moves the project with its progress."""
    from pathlib import Path

    old = Path(__file__).parents[1] / "data" / "standard_before_catalogue.yaml"
    assert cli("workflow", "load", str(old)).exit_code == 0
    code = "2607-621022-04-01-100002"
    args = ["--name", "风电项目", "--investor", "某公司", "--unit", "环县", "--chain", "energy"]
    added = cli("project", "add", "--code", code, *args, "--amount", "3", "--signed-on",
                "2026-07-07", "--new-land")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    for status in ("submitted", "approved"):
        done = cli(
            "procedure", "set", code, "land_prereview_province", status, "--on", "2026-07-09"
        )
        assert done.exit_code == 0, done.stderr
    loaded = cli("workflow", "load")
    assert "Workflow standard: changed, saved as v2" in loaded.stdout
    dry = cli("workflow", "migrate", "standard", columns=160)
    assert dry.exit_code == 0, dry.stderr
    assert "land_prereview_province ⇒ land_prereview" in dry.stdout
    assert "Dry run: 1 project can move to standard v2" in dry.stdout
    assert json.loads(cli("project", "show", code, "--json").stdout)["workflow_version"] == 1
    applied = cli("workflow", "migrate", "standard", "--apply")
    assert applied.exit_code == 0, applied.stderr
    shown = json.loads(cli("project", "show", code, "--json").stdout)
    steps = {p["step"]: (p["level"], p["status"]) for p in shown["procedures"]}
    assert shown["workflow_version"] == 2
    assert steps["land_prereview"] == ("provincial", "approved")
    assert shown["progress"]["by_level"]["provincial"] == {"done": 1, "total": 2}
