"""Smoke test of ``benchmarks/`` at 1k projects: the generated data are the library's own,
and every scenario runs, through the library and through its plain-SQL baseline, doing
the same work. Times are never asserted (they live in docs/performance.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import baselines, datagen, ours
from benchmarks.checks import inspect
from benchmarks.common import is_sqlite
from benchmarks.progress import prepare_import
from benchmarks.runner import ON_REQUEST, SCENARIOS, Row
from benchmarks.runner import main as run_benchmarks
from qy_landing.testing import pgserver
from qy_landing.vocabulary import PAUSED_STATUSES, PROCEDURE_STATUSES

SIZE = 1000
SEED = 7
STATES = {"signed", "provincial", "city", "county", "started", "suspended", "terminated"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.db'}"
    datagen.generate(url, SIZE, SEED)
    return url


def assert_realistic(url: str) -> None:
    shape = inspect(url)
    assert shape.problems == []
    assert shape.projects == SIZE
    assert set(shape.states) == STATES
    assert set(shape.statuses) == set(PROCEDURE_STATUSES) - PAUSED_STATUSES
    low, high = shape.procedures_per_project
    assert low >= 6 and high <= 13
    assert shape.persons_per_project == (2, 4)
    assert shape.overdue > 0 and shape.stalled > 0 and shape.open_problems > 0
    assert shape.events > 10 * SIZE
    assert set(shape.workflows) == {"standard", "data_center"}
    assert shape.persons >= 200


def test_generated_data_are_consistent_and_realistic(generated: str) -> None:
    """All states and statuses occur; dependencies, levels, due dates hold; the library reads it."""
    assert_realistic(generated)


def test_generation_is_reproducible(generated: str) -> None:
    """The same seed plans the same rows; another seed plans other rows."""
    world = datagen.make_world(generated, SIZE, SEED)
    first = datagen.plan_chunk(world, 0, 100).tables
    again = datagen.plan_chunk(datagen.make_world(generated, SIZE, SEED), 0, 100).tables
    other = datagen.plan_chunk(datagen.make_world(generated, SIZE, SEED + 1), 0, 100).tables
    assert first == again
    assert first["project"] != other["project"]


def test_generated_database_matches_its_plan(generated: str) -> None:
    """The rows in the database are exactly the rows the plan of the seed gives."""
    world = datagen.make_world(generated, SIZE, SEED)
    planned = datagen.plan_chunk(world, 0, 5).tables["project"]
    rows = inspect_codes(generated, [row[0] for row in planned])
    assert rows == [row[1] for row in planned]


def inspect_codes(url: str, ids: list[int]) -> list[str]:
    from benchmarks.checks import _rows

    found = dict(
        _rows(url, f"SELECT id, code FROM project WHERE id IN ({', '.join(map(str, ids))})")
    )
    return [found[i] for i in ids]


def test_ledger_names_known_persons(generated: str, tmp_path: Path) -> None:
    """The ledger to import has a header the importer knows and only persons of the database."""
    from qy_landing.ledger import column_for

    world = datagen.make_world(generated, SIZE, SEED)
    path = tmp_path / "ledger.csv"
    datagen.write_ledger(path, world, 50)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 51
    header = lines[0].split(",")
    assert {c.field for c in map(column_for, header) if c is not None} >= {
        "code", "name", "investor", "unit", "chain", "signed_on", "amount", "first_responsible",
    }  # fmt: skip
    names = set(world.names.values())
    for line in lines[1:]:
        cells = line.split(",")
        assert cells[9] in names and cells[10] in names


@pytest.mark.slow
def test_every_scenario_runs_on_sqlite(tmp_path: Path) -> None:
    """`python -m benchmarks --size 1k` runs every scenario; both sides report the same work."""
    rows: list[Row] = []
    code = run_benchmarks(
        [
            "--size", "1k", "--seed", str(SEED), "--cli-runs", "1", "--quiet",
            "--cache", str(tmp_path / "cache"), "--results", str(tmp_path / "results"),
            "--json", str(tmp_path / "out.json"),
        ],
        on_rows=rows.extend,
    )  # fmt: skip
    assert code == 0
    assert {r.scenario for r in rows} >= set(SCENARIOS) - set(ON_REQUEST)
    for row in rows:
        assert row.status != "ERROR", row.note
        assert row.check in ("", "ok"), (row.scenario, row.check)
        assert row.ours_s is not None
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["size"] == "1k" and document["backend"] == "sqlite"
    assert len(document["results"]) == len(rows)
    assert (tmp_path / "results" / "sqlite-1k.json").exists()


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_postgres() -> Iterator[tuple[pgserver.LocalPostgres, str]]:
    reason = pgserver.available()
    if reason:
        pytest.skip(reason)
    server = pgserver.LocalPostgres()
    server.start()
    try:
        url = server.create_database("bench_source")
        datagen.generate(url, SIZE, SEED)
        yield server, url
    finally:
        server.stop()


@pytest.mark.slow
def test_every_scenario_runs_on_postgres(
    generated_postgres: tuple[pgserver.LocalPostgres, str], tmp_path: Path
) -> None:
    """On PostgreSQL the data check out and every scenario's two sides do the same work."""
    server, url = generated_postgres
    assert_realistic(url)
    base = server.create_database("bench_base")
    datagen.init_base(base, SIZE, SEED)
    ledger = tmp_path / "ledger.csv"
    datagen.write_ledger(ledger, datagen.make_world(base, SIZE, SEED), 200)
    operations = tmp_path / "operations.json"
    operations.write_text(json.dumps(_operations(url)))
    copies = iter(range(100))

    def copy(source: str) -> str:
        return server.create_database(f"c{next(copies)}", template=source.rsplit("/", 1)[1])

    plan = {
        "import": (base, {"ledger": str(ledger)}),
        "advance_set": (url, {"operations": str(operations)}),
        "monthly": (url, {}),
        "overdue": (url, {}),
        "stuck_csv": (url, {}),
        "progress_export": (url, {}),
        "progress_import": (url, {"sheet": str(prepare_import(url, tmp_path / "progress"))}),
    }
    for name, (source, params) in plan.items():
        results: list[dict[str, object]] = []
        for side in (ours.SCENARIOS, baselines.SCENARIOS):
            target = copy(source)
            side_params = dict(params, output=str(tmp_path / f"{name}-{len(results)}.csv"))
            _seconds, info = side[name](target, side_params)
            results.append(info)
        mine, theirs = results
        same = {
            k for k in mine if k in theirs and k not in ("bytes", "second_seconds", "cpu_seconds")
        }
        assert same, name
        assert {k: mine[k] for k in same} == {k: theirs[k] for k in same}, name
    for name in ("stuck_xlsx", "report_xlsx", "report_html", "report_past"):
        _seconds, info = ours.SCENARIOS[name](url, {"output": str(tmp_path / f"{name}.out")})
        assert info["bytes"] > 0
    assert not is_sqlite(url)


@pytest.mark.slow
def test_a_county_login_exports_only_its_share(
    generated_postgres: tuple[pgserver.LocalPostgres, str], tmp_path: Path
) -> None:
    """--as-role county: a unit staff login of 正宁县 whose stuck export holds its rows only."""
    from benchmarks.databases import Store

    server, url = generated_postgres
    store = Store("postgres", SIZE, SEED, root=tmp_path / "cache")
    store.server = server  # type: ignore[assignment]  # the module's server, not a cached one
    county = store.as_login(url, "county", "正宁县")
    assert "//bench_county@" in county
    rows = {}
    for who, target in (("county", county), ("office", store.as_login(url, "office"))):
        params = {"output": str(tmp_path / f"{who}.csv")}
        rows[who] = ours.SCENARIOS["stuck_csv"](target, params)[1]["rows"]
    text = (tmp_path / "county.csv").read_text(encoding="utf-8-sig")
    assert 0 < rows["county"] < rows["office"]
    assert "正宁县" in text


@pytest.mark.slow
def test_generated_rows_carry_their_projects_units_and_the_triggers_are_back_on(
    generated_postgres: tuple[pgserver.LocalPostgres, str],
) -> None:
    """The bulk load writes each row's copy of its project's unit (0009_row_owner) itself
    and turns the triggers that keep the copies back on, so county logins see their rows."""
    from benchmarks.checks import _rows

    _server, url = generated_postgres
    for table in datagen.OWNED_TABLES:
        quoted = f'"{table}"'
        (wrong,) = _rows(
            url,
            f"SELECT count(*) FROM {quoted} t JOIN project p ON p.id = t.project_id "
            "WHERE t.project_unit_id IS DISTINCT FROM p.unit_id",
        )[0]
        assert wrong == 0, table
    states = _rows(url, "SELECT tgenabled FROM pg_trigger WHERE tgname LIKE '%_row_owner'")
    assert len(states) == 7 and {s for (s,) in states} == {"O"}


def _operations(url: str) -> list[list[str]]:
    from benchmarks.checks import _rows

    signed = _rows(url, "SELECT code FROM project WHERE state = 'signed' ORDER BY id LIMIT 20")
    running = _rows(
        url,
        'SELECT p.code, pr.step FROM "procedure" pr JOIN project p ON p.id = pr.project_id '
        "WHERE pr.status IN ('submitted', 'accepted') AND p.state IN ('provincial', 'city', "
        "'county') ORDER BY pr.id LIMIT 20",
    )
    return [["advance", r[0]] for r in signed] + [["set", r[0], r[1], "approved"] for r in running]


def test_xlsx_writers_write_the_same_table(tmp_path: Path) -> None:
    """Ours, openpyxl and XlsxWriter (when installed) write the same last row of 25."""
    from benchmarks import writers

    lasts = {}
    for name in writers.WRITERS:
        if not writers.available(name):
            continue
        seconds, info = writers.SCENARIOS[name](
            "", {"rows": 25, "output": tmp_path / f"{name}.xlsx"}
        )
        assert seconds >= 0 and info["rows"] == 25 and info["cells"] == 300
        lasts[name] = info["last"]
    assert lasts["ours"][0] == "25"
    assert all(last == lasts["ours"] for last in lasts.values())
    assert "xlsx_writers" in SCENARIOS and "xlsx_writers" not in default_names()


def default_names() -> list[str]:
    from benchmarks.runner import default_scenarios

    return default_scenarios(100_000, "sqlite")


@pytest.mark.slow
def test_xlsx_writers_scenario_runs_from_the_command_line(tmp_path: Path) -> None:
    """`--scenarios xlsx_writers` gives one row per library and files of its own."""
    rows: list[Row] = []
    code = run_benchmarks(
        [
            "--scenarios", "xlsx_writers", "--size", "200", "--quiet",
            "--cache", str(tmp_path / "cache"), "--results", str(tmp_path / "results"),
        ],
        on_rows=rows.extend,
    )  # fmt: skip
    assert code == 0
    assert [r.scenario for r in rows] == ["xlsx_writers_openpyxl", "xlsx_writers_xlsxwriter"]
    assert all(r.ours_s and r.status in ("met", "MISS (ratio)", "skipped") for r in rows)
    assert rows[0].check == "ok"
    assert (tmp_path / "results" / "xlsx-writers-200.json").exists()


def test_listing_baseline_prints_every_project_as_the_cli_lists_them(
    generated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cli_list baseline prints one line per project, and its JSON has the CLI's codes."""
    from benchmarks import listing
    from qy_landing.services.context import Context
    from qy_landing.services.project_views import list_projects

    listing.main([generated])
    lines = capsys.readouterr().out.splitlines()
    listing.main([generated, "--json"])
    listed = json.loads(capsys.readouterr().out)
    context = Context.open(generated)
    try:
        codes = [row.code for row in list_projects(context)]
    finally:
        context.db.dispose()
    assert len(lines) == len(codes) == len(listed)
    assert sorted(item["code"] for item in listed) == sorted(codes)
    assert {"cli_list", "cli_list_json"} <= set(ON_REQUEST)
