"""Workflow versions: projects keep theirs; a migration plans, then moves projects in flight."""

from __future__ import annotations

from pathlib import Path

import pytest

from qy_landing.services import projects
from qy_landing.services.workflows import (
    check_files,
    list_workflows,
    mermaid,
    migrate_projects,
    show_workflow,
    sync_definitions,
)
from qy_landing.workflow.definition import shipped_workflow_dir
from tests.builders import CODE, HUAN_EN, after_each_write, project


@pytest.fixture
def changed_standard(tmp_path: Path) -> Path:
    """The standard workflow with a longer EIA limit and one new county step."""
    source = (shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8")
    source = source.replace(
        "    limit: 30\n    when: not eia_full", "    limit: 40\n    when: not eia_full"
    )
    source += (
        "  - key: fire_check\n"
        "    name: {zh: 消防验收预审, en: Fire inspection pre-check}\n"
        "    level: county\n"
        "    limit: 5\n"
        "    stage: construction\n"
    )
    path = tmp_path / "standard.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def test_changed_definition_without_projects_replaces_the_version(ctx, changed_standard):
    [result] = sync_definitions(ctx, [changed_standard])
    assert (result.action, result.version) == ("replaced", 1)


def test_changed_definition_with_projects_in_flight_is_a_new_version(ctx, changed_standard):
    project(ctx)
    [result] = sync_definitions(ctx, [changed_standard])
    assert (result.action, result.version) == ("new_version", 2)
    assert projects.show_project(ctx, CODE).workflow_version == 1
    summary = next(w for w in list_workflows(ctx) if w.name == "standard")
    assert (summary.version, summary.versions, summary.in_flight) == (2, 2, 1)


def test_migration_dry_run_reports_and_changes_nothing(ctx, changed_standard):
    project(ctx)
    sync_definitions(ctx, [changed_standard])
    report = migrate_projects(ctx, "standard")
    [plan] = report.plans
    assert (plan.code, plan.from_version, plan.to_version) == (CODE, 1, 2)
    assert plan.changes.add == ["fire_check"]
    assert plan.changes.limits == [("eia_form", 30, 40)]
    assert not plan.blocked
    view = projects.show_project(ctx, CODE)
    assert view.workflow_version == 1
    assert "fire_check" not in [p.step for p in view.procedures]


def test_migration_moves_projects_and_records_it(ctx, changed_standard):
    project(ctx)
    sync_definitions(ctx, [changed_standard])
    migrate_projects(ctx, "standard", apply=True)
    view = projects.show_project(ctx, CODE)
    assert view.workflow_version == 2
    steps = {p.step: p.limit_days for p in view.procedures}
    assert steps["fire_check"] == 5 and steps["eia_form"] == 40
    assert "migrate" in [e.action for e in projects.history(ctx, CODE)]


def test_a_removed_procedure_with_progress_blocks_the_move(ctx, tmp_path):
    from datetime import date

    from qy_landing.services import procedures

    project(ctx)
    procedures.set_status(ctx, CODE, "soil_water", "submitted", on=date(2026, 9, 1))
    source = (shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8")
    start = source.index("  - key: soil_water")
    end = source.index("  - key: safety_review")
    path = tmp_path / "standard.yaml"
    path.write_text(source[:start] + source[end:], encoding="utf-8")
    sync_definitions(ctx, [path])
    report = migrate_projects(ctx, "standard", apply=True)
    assert [p.code for p in report.blocked] == [CODE]
    assert "soil_water" in report.blocked[0].changes.problems[0].render("en")
    assert projects.show_project(ctx, CODE).workflow_version == 1


def test_check_files_reports_each_file(tmp_path):
    good = shipped_workflow_dir() / "standard.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nstates: []\n", encoding="utf-8")
    results = check_files([good, bad])
    assert results[0].error is None and results[1].error is not None
    assert "bad.yaml" in results[1].error.render("en")


def test_mermaid_diagram_shows_states_and_triggers(ctx):
    _, definition = show_workflow(ctx, "standard")
    diagram = mermaid(definition, "zh")
    assert diagram.startswith("stateDiagram-v2")
    assert "city --> county: finish_city [level_complete]" in diagram
    assert "suspended --> city: resume" in diagram
    assert '"市级手续办理中"' in diagram


BEFORE_CATALOGUE = Path(__file__).parents[1] / "data" / "standard_before_catalogue.yaml"


def test_migration_to_the_catalogue_keeps_progress(ctx):
    """Projects on the standard workflow before the Gansu catalogue move to it (dry run first):
    the provincial pre-review becomes `land_prereview` with its progress, a done pre-review a
    project no longer needs stays on record, a pending one goes, and figures do not move."""
    from datetime import date

    from qy_landing.reports.stats import compute_stats
    from qy_landing.services import procedures
    from tests.builders import approve

    old = sync_definitions(ctx, [BEFORE_CATALOGUE])
    assert [r.action for r in old] == ["replaced"]
    plain, done, land = CODE, CODE[:-1] + "7", CODE[:-1] + "8"
    project(ctx, code=plain)
    project(ctx, code=done)
    project(ctx, code=land, new_land=True)
    approve(ctx, done, "land_prereview", date(2026, 9, 1))
    approve(ctx, land, "land_prereview_province", date(2026, 9, 1))
    procedures.set_status(ctx, land, "land_conversion", "submitted", on=date(2026, 9, 2))
    before = compute_stats(ctx, start=date(2026, 1, 1), end=date(2026, 10, 12))

    [loaded] = sync_definitions(ctx)[-1:]
    assert (loaded.name, loaded.action, loaded.version) == ("standard", "new_version", 2)
    dry = migrate_projects(ctx, "standard")
    plans = {p.code: p.changes for p in dry.plans}
    assert plans[plain].remove == ["land_prereview"]
    assert plans[done].kept == ["land_prereview"] and plans[done].remove == []
    assert plans[land].rename == [("land_prereview_province", "land_prereview")]
    assert plans[land].levels == []  # approved at the provincial level: stays counted there
    assert not dry.blocked
    assert projects.show_project(ctx, land).workflow_version == 1

    applied = migrate_projects(ctx, "standard", apply=True)
    assert len(applied.movable) == 3
    view = projects.show_project(ctx, land)
    steps = {p.step: (p.level, p.status) for p in view.procedures}
    assert view.workflow_version == 2
    assert steps["land_prereview"] == ("provincial", "approved")
    assert "land_prereview_province" not in steps
    assert "procedure_renamed" in [e.action for e in projects.history(ctx, land)]
    assert "land_prereview" not in {p.step for p in projects.show_project(ctx, plain).procedures}
    kept = {p.step: p.status for p in projects.show_project(ctx, done).procedures}
    assert kept["land_prereview"] == "approved"
    after = compute_stats(ctx, start=date(2026, 1, 1), end=date(2026, 10, 12))
    assert after.handled == before.handled


CODES = [f"2601-621022-04-01-{n:06d}" for n in range(100001, 100007)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_migration_lets_staff_writes_through_between_its_batches(ctx, changed_standard):
    """Batches of 2: after each, a colleague's write that refuses to wait (busy timeout 0)
    still commits — the migration never holds SQLite's write lock for long."""
    for code in CODES:
        project(ctx, code=code)
    sync_definitions(ctx, [changed_standard])
    patch = pytest.MonkeyPatch()
    committed = after_each_write(patch, HUAN_EN, path=ctx.db.sqlite_path)
    try:
        report = migrate_projects(ctx, "standard", apply=True, batch=2)
    finally:
        patch.undo()
    assert len(committed) == 3  # one colleague write after each of the three batches
    assert sorted(p.code for p in report.movable) == CODES
    assert {projects.show_project(ctx, c).workflow_version for c in CODES} == {2}


def test_a_migration_stopped_half_way_is_resumed_and_no_project_is_half_moved(
    ctx, changed_standard, monkeypatch
):
    """Killed after the first batch: three projects moved whole, three untouched; running
    it again moves the rest."""
    import qy_landing.services.workflows as workflows

    for code in CODES:
        project(ctx, code=code)
    sync_definitions(ctx, [changed_standard])
    original = workflows._apply_plan
    applied = []

    def stop_in_the_second_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        if len(applied) == 4:
            raise KeyboardInterrupt  # the power went out
        original(*args, **kwargs)
        applied.append(1)

    monkeypatch.setattr(workflows, "_apply_plan", stop_in_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        migrate_projects(ctx, "standard", apply=True, batch=3)
    versions = {c: projects.show_project(ctx, c).workflow_version for c in CODES}
    assert sorted(versions.values()) == [1, 1, 1, 2, 2, 2]
    for code in CODES:
        steps = {p.step for p in projects.show_project(ctx, code).procedures}
        assert ("fire_check" in steps) == (versions[code] == 2)
    monkeypatch.setattr(workflows, "_apply_plan", original)
    report = migrate_projects(ctx, "standard", apply=True)
    assert len(report.movable) == 3
    assert {projects.show_project(ctx, c).workflow_version for c in CODES} == {2}
