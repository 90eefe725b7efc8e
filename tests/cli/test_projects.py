"""``qy-landing project …``: register, import, list, show, advance, assign, history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from qy_landing.cli.docgen import JSON_SHAPES
from tests.builders import CODE, after_each_write, approve, person, project
from tests.cli.conftest import lines
from tests.snapshot import assert_snapshot

ADD = [
    "project", "add", "--code", CODE, "--name", "环县 100MW 风电项目",
    "--investor", "甘肃某新能源有限公司", "--unit", "环县", "--chain", "综合能源",
    "--amount", "12.5", "--signed-on", "2026-07-10", "--event", "第三十届兰洽会",
]  # fmt: skip


@pytest.mark.backends
def test_add_registers_a_signed_project_and_says_what_applies(cli):
    """Registering prints the code, name, state and the procedures that apply, in Chinese."""
    result = cli(*ADD, lang="zh")
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == [
        f"已登记项目 {CODE}「环县 100MW 风电项目」，状态：已签约",
        "适用手续 6 项：县级 5 项、市级 1 项",
        f"下一步：qy-landing project advance {CODE}",
    ]


def test_add_in_english_with_facts_that_add_procedures(cli):
    """New land and a large energy use bring provincial procedures; output is English."""
    result = cli(*ADD, "--new-land", "--energy-tce", "12,000", "--major")
    assert result.exit_code == 0, result.stderr
    assert f"Registered project {CODE} '环县 100MW 风电项目', state: signed" in result.stdout
    assert "provincial 2" in result.stdout


@pytest.mark.backends
def test_duplicate_code_is_one_line_on_stderr(cli):
    """Registering a code twice fails with exit 1 and one line naming the code."""
    assert cli(*ADD).exit_code == 0
    again = cli(*ADD, lang="zh")
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == f"项目「{CODE}」已存在\n"


@pytest.mark.parametrize(
    ("option", "value", "zh", "en"),
    [
        (
            "--signed-on",
            "2026-7-10x",
            "应为1990–2100 年间的日期",
            "expected a date from 1990 to 2100",
        ),
        ("--amount", "十二亿", "0 至 1000000 亿元", "an amount from 0 to 1000000 亿元"),
        ("--amount", "1e30", "0 至 1000000 亿元", "an amount from 0 to 1000000 亿元"),
        ("--amount", "12345678901234567890", "0 至 1000000 亿元", "from 0 to 1000000"),
        ("--energy-tce", "lots", "0 至 10¹² 之间的数", "a number from 0 to 10¹²"),
    ],
)
def test_bad_values_say_the_expected_form(cli, option, value, zh, en):
    """A bad date, amount or number exits 1 with one line saying what is expected."""
    args = [*ADD]
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    for lang, expected in (("zh", zh), ("en", en)):
        result = cli(*args, lang=lang)
        assert result.exit_code == 1
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1


def test_unknown_chain_lists_the_chains(cli):
    """An unknown industry chain names the allowed ones."""
    args = [*ADD]
    args[args.index("--chain") + 1] = "区块链"
    result = cli(*args, lang="zh")
    assert result.exit_code == 1
    assert "产业链「区块链」无效，可选：综合能源、油煤气化工、数字经济" in result.stderr


def test_missing_required_option_is_a_usage_error(cli):
    """Leaving out --code is a usage error: exit 2."""
    result = cli("project", "add", "--name", "x")
    assert result.exit_code == 2


# --- list -------------------------------------------------------------------------------------


@pytest.fixture
def two_projects(cli_ctx):
    project(cli_ctx)
    project(cli_ctx, code="QY-2026-0002", name="西峰数据中心", unit="西峰区", chain="digital",
            amount="30", signed_on=date(2026, 8, 1))  # fmt: skip
    return cli_ctx


def test_list_shows_projects_and_the_total(cli, two_projects):
    """The list shows code, name, unit, amount and state, and the total amount, in Chinese."""
    result = cli("project", "list", lang="zh")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "QY-2026-0002" in out
    assert "西峰数据中心" in out
    assert CODE in out
    assert "已签约" in out
    assert out.rstrip().endswith("共 2 个项目，协议投资额合计 42.5 亿元")


@pytest.mark.backends
def test_list_filters_by_unit_chain_and_state(cli, two_projects):
    """--unit, --chain and --state (key or name) filter the list."""
    by_unit = cli("project", "list", "--unit", "西峰", "--json")
    assert [p["code"] for p in json.loads(by_unit.stdout)] == ["QY-2026-0002"]
    by_chain = cli("project", "list", "--chain", "综合能源", "--json")
    assert [p["code"] for p in json.loads(by_chain.stdout)] == [CODE]
    by_state = cli("project", "list", "--state", "已签约", "--json")
    assert len(json.loads(by_state.stdout)) == 2
    assert json.loads(cli("project", "list", "--state", "city", "--json").stdout) == []


@pytest.mark.backends
def test_list_json_keys_are_the_documented_ones(cli, two_projects):
    """project list --json has exactly the keys docs/cli.md lists, with ISO dates."""
    rows = json.loads(cli("project", "list", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["project list --json"]] == list(rows[0])
    assert rows[0]["signed_on"] == "2026-08-01"


def test_empty_list_says_so(cli):
    """No project: a sentence, not an empty table."""
    assert cli("project", "list").stdout == "No projects match\n"
    assert cli("project", "list", lang="zh").stdout == "没有符合条件的项目\n"


def test_unknown_state_lists_the_states(cli):
    """An unknown state names the known ones."""
    result = cli("project", "list", "--state", "flying")
    assert result.exit_code == 1
    assert "Unknown state 'flying'; allowed:" in result.stderr


# --- show -------------------------------------------------------------------------------------


@pytest.fixture
def busy(cli_ctx):
    """A project in its provincial level with one overdue and one provisional procedure."""
    ctx = cli_ctx
    person(ctx, "张伟", phone="13800000000")
    project(ctx, energy_tce=12000, first_responsible=["张伟"])
    from qy_landing.services import problems, procedures, projects

    projects.advance(ctx, CODE, on=date(2026, 7, 15))
    approve(ctx, CODE, "filing", date(2026, 7, 16))
    procedures.set_status(ctx, CODE, "energy_review_province", "submitted", on=date(2026, 7, 20))
    problems.open_problem(ctx, CODE, "用地指标不足，需省厅协调", owner="张伟", on=date(2026, 8, 3))
    return ctx


@pytest.mark.backends
def test_show_in_chinese_tells_state_procedures_persons_problems_and_events(cli, busy):
    """project show: state and level, each procedure with status and due, persons, problems."""
    result = cli("project", "show", CODE, "--as-of", "2026-08-10", lang="zh")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{CODE}  环县 100MW 风电项目\n")
    assert "状态      省级手续办理中，自 2026-07-15" in out
    assert "手续进度  立项用地规划许可 1/1 · 工程建设许可 0/4 · 施工许可 0/2" in out
    assert "省级 0/1 · 市级 0/1 · 县级 1/5" in out
    assert "下一步    待省级手续办结：节能审查（省级）" in out
    assert "│ 节能审查（省级）" in out
    assert "已提交" in out
    assert "2026-08-17" in out
    assert "剩 5 个工作日" in out
    assert "└等待：建设工程规划许可证" in out  # the drawing review waits for it
    assert "第一责任人 │ 张伟" in out
    assert "用地指标不足，需省厅协调" in out
    assert "已 5 个工作日" in out
    assert "项目备案：已提交 → 已批复" in out  # last events, in words
    assert "已签约 → 省级手续办理中" in out


def test_show_in_english_marks_overdue_procedures(cli, busy):
    """Past the due date the procedure reads 'overdue N working days'."""
    result = cli("project", "show", CODE, "--as-of", "2026-08-24")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "State          provincial procedures since 2026-07-15" in out
    assert "overdue 5 working days" in out
    assert "Energy review (provincial)" in out
    assert "first-responsible │ 张伟" in out


def test_show_marks_provisional_due_dates(cli, busy):
    """A due date in a year without an official holiday schedule is marked provisional."""
    submitted = cli("procedure", "set", CODE, "eia_form", "submitted", "--on", "2026-11-20")
    assert submitted.exit_code == 0, submitted.stderr
    assert "Due: 2027-01-04 (provisional: that year's holiday schedule is not out yet)" in (
        submitted.stdout
    )
    out = cli("project", "show", CODE, "--as-of", "2026-11-23", lang="zh").stdout
    assert "2027-01-04（暂定）" in out
    assert "暂定：该年度国家节假日安排尚未公布" in out


def test_show_fits_80_columns(cli, busy):
    """Every line of project show fits 80 terminal columns, CJK characters counting two."""
    for lang in ("zh", "en"):
        out = cli("project", "show", CODE, "--as-of", "2026-08-10", lang=lang).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= 80, lang


def test_show_table_rows_line_up(cli, busy):
    """Within each table every row has the same display width (CJK counted twice)."""
    out = cli("project", "show", CODE, "--as-of", "2026-08-10", lang="zh").stdout
    blocks: list[list[str]] = [[]]
    for line in out.splitlines():
        if line[:1] in "┏┃┡│└":
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    for block in (b for b in blocks if b):
        assert len({cell_len(line) for line in block}) == 1, block


@pytest.mark.backends
def test_show_json_has_the_documented_keys(cli, busy):
    """project show --json: code, name, unit, state, version, procedures, assignments, problems."""
    result = cli("project", "show", CODE, "--as-of", "2026-08-24", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [key for key, _ in JSON_SHAPES["project show CODE --json"]] == list(data)
    assert data["code"] == CODE
    assert data["unit"] == "环县"
    assert data["state"] == "provincial"
    assert isinstance(data["version"], int)
    review = next(p for p in data["procedures"] if p["step"] == "energy_review_province")
    assert review["level"] == "provincial"
    assert review["status"] == "submitted"
    assert review["due"] == "2026-08-17"
    assert review["overdue"] is True
    assert data["assignments"][0]["role"] == "first_responsible"
    assert data["assignments"][0]["person"] == "张伟"
    assert data["problems"][0]["text"] == "用地指标不足，需省厅协调"


@pytest.mark.backends
def test_unknown_code_suggests_close_codes(cli, busy):
    """A mistyped code names it and suggests the close ones, in both languages."""
    typo = CODE[:-1] + "7"
    zh = cli("project", "show", typo, lang="zh")
    assert zh.exit_code == 1
    assert zh.stderr == f"未找到项目「{typo}」；相近的有：{CODE}\n"
    en = cli("project", "show", typo)
    assert en.stderr == f"No project '{typo}'; close matches: {CODE}\n"


# --- advance and side moves -------------------------------------------------------------------


@pytest.mark.backends
def test_advance_prints_each_move_including_automatic_passes(cli, cli_ctx):
    """Beginning a project with no provincial procedure passes that level on its own."""
    project(cli_ctx)
    result = cli("project", "advance", CODE, "--on", "2026-07-15", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"项目 {CODE}：已签约 → 省级手续办理中（开始办理手续）",
        "  省级手续办理中 → 市级手续办理中：本级无适用手续，自动通过",
        f"项目 {CODE} 当前状态：市级手续办理中",
    ]
    en = cli("project", "history", CODE, "--json")
    actions = [e["action"] for e in json.loads(en.stdout)]
    assert actions[-2:] == ["trigger", "auto_pass"]


def test_advance_with_a_trigger_not_allowed_lists_the_allowed(cli, cli_ctx):
    """A trigger the state does not allow: exit 1, the allowed triggers are named."""
    project(cli_ctx)
    result = cli("project", "advance", CODE, "finish_city", "--on", "2026-07-15")
    assert result.exit_code == 1
    assert "'finish_city (finish city procedures)' is not allowed" in result.stderr
    assert "begin (begin procedures)" in result.stderr


@pytest.mark.backends
def test_advance_blocked_by_procedures_names_them(cli, cli_ctx):
    """Leaving a level with unfinished procedures names the procedures to finish."""
    project(cli_ctx)
    assert cli("project", "advance", CODE, "--on", "2026-07-15").exit_code == 0
    result = cli("project", "advance", CODE, "完成市级手续", "--on", "2026-07-16", lang="zh")
    assert result.exit_code == 1
    assert "以下手续尚未批复或不适用：环境影响评价（报告表）" in result.stderr


def test_advance_with_a_bad_date_says_the_form(cli, cli_ctx):
    """--on 2026-13-01 is refused with the expected form; nothing changes."""
    project(cli_ctx)
    result = cli("project", "advance", CODE, "--on", "2026-13-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Invalid date '2026-13-01': expected a date from 1990 to 2100, e.g. 2026-10-05, "
        "2026/10/5, 2026.10.5, 2026年10月5日 or 20261005\n"
    )
    assert json.loads(cli("project", "show", CODE, "--json").stdout)["state"] == "signed"


def test_advance_in_the_future_is_refused(cli, cli_ctx):
    """An effective date after today is refused."""
    project(cli_ctx)
    result = cli("project", "advance", CODE, "--on", "2099-01-04")
    assert result.exit_code == 1
    assert "a date not after today" in result.stderr


@pytest.mark.backends
def test_suspend_needs_a_reason_then_resume_returns(cli, cli_ctx):
    """Suspending without --reason is refused; with it the project pauses and resumes."""
    project(cli_ctx)
    cli("project", "advance", CODE, "--on", "2026-07-15")
    refused = cli("project", "suspend", CODE, lang="zh")
    assert refused.exit_code == 1
    assert "需要填写原因（--reason）" in refused.stderr
    paused = cli("project", "suspend", CODE, "--reason", "资金未到位", "--on", "2026-08-03",
                 lang="zh")  # fmt: skip
    assert paused.exit_code == 0, paused.stderr
    assert f"项目 {CODE} 当前状态：暂缓" in paused.stdout
    back = cli("project", "resume", CODE, "--reason", "资金到位", "--on", "2026-08-10")
    assert back.exit_code == 0, back.stderr
    assert f"Project {CODE} is now: city procedures" in back.stdout


def test_terminate_closes_the_project(cli, cli_ctx):
    """Terminating with a reason ends the project; its procedures are frozen."""
    project(cli_ctx)
    done = cli("project", "terminate", CODE, "--reason", "投资方撤资", "--on", "2026-08-03")
    assert done.exit_code == 0, done.stderr
    assert "signed → terminated" in done.stdout
    frozen = cli("procedure", "set", CODE, "filing", "submitted", "--on", "2026-08-04")
    assert frozen.exit_code == 1
    assert "its procedures cannot change" in frozen.stderr


# --- persons ----------------------------------------------------------------------------------


@pytest.mark.backends
def test_assign_and_unassign_a_person(cli, cli_ctx):
    """Assigning by role name shows in project show; unassigning removes it."""
    project(cli_ctx)
    person(cli_ctx, "李娜")
    added = cli("project", "assign", CODE, "--role", "直接责任人", "--person", "李娜", lang="zh")
    assert added.exit_code == 0, added.stderr
    assert added.stdout == f"项目 {CODE}：直接责任人 李娜\n"
    view = json.loads(cli("project", "show", CODE, "--json").stdout)
    assert [(a["role"], a["person"]) for a in view["assignments"]] == [
        ("direct_responsible", "李娜")
    ]
    removed = cli("project", "unassign", CODE, "--role", "direct_responsible", "--person", "李娜")
    assert removed.exit_code == 0, removed.stderr
    assert json.loads(cli("project", "show", CODE, "--json").stdout)["assignments"] == []


def test_assign_unknown_role_lists_the_roles(cli, cli_ctx):
    """An unknown role names the four roles."""
    project(cli_ctx)
    person(cli_ctx, "李娜")
    result = cli("project", "assign", CODE, "--role", "boss", "--person", "李娜")
    assert result.exit_code == 1
    assert result.stderr == (
        "Unknown role 'boss'; allowed: first-responsible, direct-responsible, "
        "lead section chief, landing commissioner\n"
    )


# --- history ----------------------------------------------------------------------------------


def test_history_tells_every_change_in_words(cli, busy):
    """The audit trail lists each change with date, action, change and actor."""
    result = cli("project", "history", CODE, lang="zh", columns=100)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2026-07-16 │ 手续状态" in out
    assert "项目备案：待办 → 已提交" in out
    assert "提出问题" in out
    assert "测试员" in out


def test_history_lists_changes_by_the_date_they_took_effect(cli, cli_ctx):
    """A change recorded later but effective earlier is listed in date order on screen."""
    from qy_landing.services import procedures

    project(cli_ctx)
    procedures.set_status(cli_ctx, CODE, "filing", "submitted", on=date(2026, 9, 10))
    procedures.set_status(cli_ctx, CODE, "soil_water", "submitted", on=date(2026, 8, 3))
    out = cli("project", "history", CODE, lang="zh", columns=100).stdout
    rows = [line.split("│") for line in out.splitlines() if line.startswith("│")]
    dates = [cells[2].strip() for cells in rows if cells[2].strip().startswith("20")]
    assert dates == sorted(dates) and "2026-08-03" in dates and "2026-09-10" in dates


@pytest.mark.backends
def test_history_json_is_oldest_first_with_documented_keys(cli, busy):
    """history --json: oldest first, keys as documented, ISO dates."""
    events = json.loads(cli("project", "history", CODE, "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["project history CODE --json"]] == list(events[0])
    assert events[0]["action"] == "create"
    assert events[0]["effective_on"] == "2026-07-10"
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)


# --- import -----------------------------------------------------------------------------------


def _ledger(path: Path, rows: list[list[str]]) -> Path:
    header = ["项目代码", "项目名称", "投资方", "落地县区", "产业链", "签约日期",
              "协议投资额(亿元)"]  # fmt: skip
    text = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    path.write_bytes(text.encode("gbk"))
    return path


@pytest.mark.backends
def test_import_a_gbk_csv_then_again_changes_nothing(cli, tmp_path):
    """A good ledger imports with a summary; importing it again changes nothing."""
    ledger = _ledger(tmp_path / "台账.csv", [
        ["QY-2026-0101", "测试项目一", "某公司", "西峰区", "数字经济", "2026-09-10", "3.5"],
        ["QY-2026-0102", "测试项目二", "某公司", "环县", "装备制造", "2026/9/11", "2"],
    ])  # fmt: skip
    first = cli("project", "import", str(ledger), lang="zh")
    assert first.exit_code == 0, first.stderr
    assert "：2 行" in first.stdout
    assert "新增 2 个项目，更新 0 个，0 个无变化" in first.stdout
    again = cli("project", "import", str(ledger))
    assert again.exit_code == 0, again.stderr
    assert "0 projects created, 0 updated, 2 unchanged" in again.stdout


def test_import_dry_run_writes_nothing(cli, tmp_path):
    """--dry-run reports what would happen and writes nothing."""
    ledger = _ledger(tmp_path / "l.csv", [
        ["QY-2026-0101", "测试项目一", "某公司", "西峰区", "数字经济", "2026-09-10", "3.5"],
    ])  # fmt: skip
    result = cli("project", "import", str(ledger), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Dry run: would create 1 project," in result.stdout
    assert "Nothing was written" in result.stdout
    assert json.loads(cli("project", "list", "--json").stdout) == []


@pytest.mark.backends
def test_import_with_bad_rows_lists_every_problem_and_imports_nothing(cli, tmp_path):
    """Each bad cell is a row of a table on stderr (row, column, reason); nothing is imported."""
    ledger = _ledger(tmp_path / "bad.csv", [
        ["QY-2026-0201", "坏项目", "某公司", "火星县", "数字经济", "2026-13-10", "3"],
        ["QY-2026-0202", "好项目", "某公司", "西峰区", "数字经济", "2026-09-10", "2"],
        ["QY-2026-0203", "", "某公司", "西峰区", "装备", "2026-09-11", "2"],
    ])  # fmt: skip
    result = cli("project", "import", str(ledger), lang="zh", columns=120)
    assert result.exit_code == 1
    assert result.stdout == ""
    err = result.stderr
    assert "台账中的错误" in err
    assert "│ 2  │ 落地县区" in err
    assert "未找到责任单位「火星县」" in err
    assert "│ 2  │ 签约日期" in err
    assert "│ 4  │ 项目名称" in err
    assert "必填项为空" in err
    assert "│ 4  │ 产业链" in err
    assert err.rstrip().endswith(
        "bad.csv 有 2 行有误，未导入任何数据；请改正上表所列问题后重新导入"
    )
    assert json.loads(cli("project", "list", "--json").stdout) == []


def test_import_stopped_between_batches_says_what_was_written(cli, cli_ctx, tmp_path, monkeypatch):
    """A colleague renames a unit after the first batch: the problem table, then a line that
    says one row was written and from which row on nothing was (not "nothing imported")."""
    import qy_landing.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "WRITE_BATCH", 1)
    ledger = _ledger(tmp_path / "l.csv", [
        ["QY-2026-0301", "测试项目一", "某公司", "西峰区", "数字经济", "2026-09-10", "3.5"],
        ["QY-2026-0302", "测试项目二", "某公司", "环县", "装备制造", "2026-09-11", "2"],
    ])  # fmt: skip
    url = cli_ctx.db.engine.url.render_as_string(hide_password=False)
    after_each_write(monkeypatch, "UPDATE unit SET name = '环江县' WHERE name = '环县'", url=url)
    result = cli("project", "import", str(ledger), lang="zh", columns=200)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "未找到责任单位「环县」" in result.stderr
    assert "未导入任何数据" not in result.stderr
    assert result.stderr.rstrip().endswith(
        "l.csv 导入中途停止：前 1 批共 1 行（至第 2 行）已写入，第 3 行起未写入，"
        "因为检查之后有人修改了数据（见上表）；改正后重新导入同一文件即可补全"
        "（已写入的项目按代码匹配，不会重复）"
    )
    listed = json.loads(cli("project", "list", "--json").stdout)
    assert [p["code"] for p in listed] == ["QY-2026-0301"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "│ 2  │ 项目名称 │ 内容过长（1000000 字，最多 200 字）"),
        ("en", "│ 2   │ 项目名称 │ too long (1000000 characters, at most 200)"),
    ],
)
def test_import_of_a_one_megabyte_cell_names_its_row_column_and_limit(
    cli, tmp_path, lang, expected
):
    """A 1 MB name: the row, the column and the limit, no "no header row", no traceback."""
    ledger = _ledger(tmp_path / "big.csv", [
        ["QY-2026-0401", "大" * 1_000_000, "某公司", "环县", "数字经济", "2026-09-10", "3"],
    ])  # fmt: skip
    result = cli("project", "import", str(ledger), lang=lang, columns=120)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert "表头" not in result.stderr and "header" not in result.stderr


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            '无法读取 quote.csv：第 2 行有一个以引号（"）开始的单元格直到文件末尾都没有结束；'
            '引号须成对，引号括起的单元格中的引号要写两遍（""）\n',
        ),
        (
            "en",
            'Cannot read quote.csv: a cell in row 2 opens with a quote (") that is never '
            "closed before the end of the file; quotes must pair up, and a quote inside a "
            'quoted cell is written twice ("")\n',
        ),
    ],
)
def test_import_of_a_broken_quote_is_one_line_naming_the_row(cli, tmp_path, lang, expected):
    """A quote opened in row 2 and never closed: one line saying so, nothing imported."""
    ledger = _ledger(tmp_path / "quote.csv", [
        ["QY-2026-0501", '"测试项目', "某公司", "环县", "数字经济", "2026-09-10", "3"],
        ["QY-2026-0502", "测试项目二", "某公司", "环县", "数字经济", "2026-09-10", "3"],
    ])  # fmt: skip
    result = cli("project", "import", str(ledger), lang=lang)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)
    assert json.loads(cli("project", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "项目代码「{shown}」无效，应为不超过 40 个字符的文字（这里有 40,000 个字符）\n"),
        (
            "en",
            "Invalid project code '{shown}': expected text of at most 40 characters "
            "(this has 40,000)\n",
        ),
    ],
)
def test_a_40000_character_code_is_one_line_with_its_length_and_limit(cli, lang, expected):
    """Not "LIKE or GLOB pattern too complex": the code's length and the limit, exit 1."""
    result = cli("project", "show", "项" * 40_000, lang=lang)
    assert result.exit_code == 1
    assert result.stderr == expected.format(shown="项" * 39 + "…")


def test_import_of_a_missing_file_is_one_line(cli, tmp_path):
    """A file that does not exist: exit 1, one line."""
    result = cli("project", "import", str(tmp_path / "nothere.xlsx"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "nothere.xlsx" in result.stderr


def test_list_fits_80_columns_with_long_names(cli, cli_ctx):
    """Long Chinese names and units fold inside their cells; codes stay on one line."""
    project(cli_ctx, code="QY-2026-0003", unit="庆阳经济技术开发区",
            name="庆阳数据中心集群二期配套光伏储能一体化示范项目")  # fmt: skip
    project(cli_ctx)
    for lang in ("zh", "en"):
        out = cli("project", "list", lang=lang).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= 80, lang
        assert CODE in out


def test_large_import_shows_a_progress_bar(cli, tmp_path):
    """Above 1000 rows a progress bar runs on stderr; stdout keeps the summary."""
    rows = [
        [f"QY-2026-{5000 + i}", f"项目{i}", "某公司", "环县", "数字经济", "2026-09-01", "1"]
        for i in range(1, 1002)
    ]
    result = cli("project", "import", str(_ledger(tmp_path / "big.csv", rows)), lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "导入台账" in result.stderr
    assert "1001/1001" in result.stderr
    assert "新增 1001 个项目，更新 0 个，0 个无变化" in result.stdout


def test_small_import_has_no_progress_bar(cli, tmp_path):
    """A small ledger imports without a progress bar."""
    ledger = _ledger(tmp_path / "l.csv", [
        ["QY-2026-0101", "测试项目一", "某公司", "西峰区", "数字经济", "2026-09-10", "3.5"],
    ])  # fmt: skip
    result = cli("project", "import", str(ledger))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.fixture
def thirteen(cli_ctx):
    """Thirteen projects: QY-2026-0101 … 0113, two named 光伏, one assigned to 李娜."""
    from qy_landing.services.assignments import assign

    person(cli_ctx, "李娜")
    for number in range(1, 14):
        name = f"西峰光伏项目{number}" if number in (3, 7) else f"环县风电项目{number}"
        project(cli_ctx, code=f"QY-2026-{100 + number:04d}", name=name, amount=str(number),
                signed_on=date(2026, 7, number))  # fmt: skip
    assign(cli_ctx, "QY-2026-0105", "first_responsible", "李娜")
    return cli_ctx


def test_list_limit_says_how_many_match(cli, thirteen):
    """--limit 2 shows two and says 显示 2 / 共 13; without a limit a page of up to 50."""
    result = cli("project", "list", "--limit", "2", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "QY-2026-0113" in result.stdout and "QY-2026-0111" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("显示 2 / 共 13 个项目")
    everything = cli("project", "list", lang="zh").stdout
    assert "显示 13" not in everything and "共 13 个项目" in everything


def test_list_search_person_and_sort(cli, thirteen):
    """--search finds a Chinese substring of the name; --person, --sort amount; both languages."""
    found = json.loads(cli("project", "list", "--search", "光伏", "--json").stdout)
    assert [p["code"] for p in found] == ["QY-2026-0107", "QY-2026-0103"]
    by_code = json.loads(cli("project", "list", "--search", "0112", "--json").stdout)
    assert [p["code"] for p in by_code] == ["QY-2026-0112"]
    mine = json.loads(cli("project", "list", "--person", "李娜", "--json").stdout)
    assert [p["code"] for p in mine] == ["QY-2026-0105"]
    for sort in ("amount", "投资额"):
        ranked = json.loads(cli("project", "list", "--sort", sort, "--json").stdout)
        assert [p["code"] for p in ranked][:2] == ["QY-2026-0113", "QY-2026-0112"]
    oldest = json.loads(cli("project", "list", "--sort", "code", "--all", "--json").stdout)
    assert oldest[0]["code"] == "QY-2026-0101" and len(oldest) == 13
    wrong = cli("project", "list", "--sort", "amont", lang="zh")
    assert wrong.exit_code == 1 and "您是不是要找：投资额？" in wrong.stderr


def test_history_names_facts_funds_and_notes_in_chinese():
    """History says 备注：导入 (not import) and names a funds entry and a changed fact."""
    from qy_landing.cli import state as run
    from qy_landing.cli.projects import describe_event
    from qy_landing.services.project_views import EventView

    def event(action: str, field: str, old: str | None, new: str, note: str | None) -> EventView:
        return EventView(1, action, "project", field, old, new, "测试员", None, date(2026, 10, 5),
                         note)  # fmt: skip

    previous = run.state.lang
    run.state.lang = "zh"
    try:
        facts = describe_event(event("facts", "investor", "甲公司", "乙公司", "import"), {})
        funds = describe_event(event("funds", "out_of_province", None, "0.06", None), {})
    finally:
        run.state.lang = previous
    assert facts.splitlines()[-1] == "备注：导入"
    assert "import" not in facts and "investor" not in facts
    assert funds == "省外：0.06 亿元"


def test_reimport_dry_run_names_the_project_and_fields(cli, tmp_path):
    """A re-import --dry-run lists which project and which fields would change."""
    first = _ledger(tmp_path / "a.csv", [
        ["QY-2026-0101", "测试项目一", "某公司", "西峰区", "数字经济", "2026-09-10", "3.5"],
        ["QY-2026-0102", "测试项目二", "某公司", "西峰区", "数字经济", "2026-09-11", "2"],
    ])  # fmt: skip
    assert cli("project", "import", str(first)).exit_code == 0
    second = _ledger(tmp_path / "b.csv", [
        ["QY-2026-0101", "测试项目一", "另一公司", "西峰区", "数字经济", "2026-09-10", "4"],
        ["QY-2026-0102", "测试项目二", "某公司", "西峰区", "数字经济", "2026-09-11", "2"],
    ])  # fmt: skip
    result = cli("project", "import", str(second), "--dry-run", lang="zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    changed = [line for line in lines if line.startswith("  QY-2026-")]
    assert changed == ["  QY-2026-0101：投资方、协议投资额（亿元）"]


@pytest.mark.parametrize("columns", [80, 120])
def test_codes_and_dates_never_wrap_at_80_or_120_columns(cli, cli_ctx, columns):
    """Snapshot of the list at 80 and 120 columns: every national code on one line, in width."""
    codes = [f"2511-62102{n + 1}-04-01-97162{n}" for n in range(3)]
    for number, code in enumerate(codes):
        project(cli_ctx, code=code, unit="庆阳经济技术开发区",
                name=f"庆阳数据中心集群二期配套光伏储能一体化示范项目{number}")  # fmt: skip
    out = cli("project", "list", lang="zh", columns=columns).stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    for code in codes:
        assert any(code in line for line in lines), (code, out)


@pytest.fixture
def park_projects(cli_ctx):
    """Three projects of a park with long names, signed 2026-05-01 … 05-03."""
    for number in range(3):
        project(cli_ctx, code=f"2511-62102{number + 1}-04-01-97162{number}",
                unit="庆阳经济技术开发区", chain="digital", amount=f"{number + 1}2.5",
                name=f"庆阳数据中心集群二期配套光伏储能一体化示范项目{number}",
                signed_on=date(2026, 5, number + 1))  # fmt: skip
    return cli_ctx


@pytest.mark.parametrize("columns", [80, 120])
def test_project_list_snapshots_at_80_and_120_columns(cli, park_projects, columns):
    """The list as a person sees it: at 80 chain and last progress hide (and it says so)."""
    out = cli("project", "list", lang="zh", columns=columns).stdout
    assert_snapshot(f"project_list_{columns}", out)
    assert ("未显示：产业链、最近进展" in out) == (columns == 80)


def test_project_list_wide_shows_every_column_at_80(cli, park_projects):
    """--wide: chain and last progress shown even at 80 columns; no hidden-column note."""
    out = cli("project", "list", "--wide", lang="en", columns=80).stdout
    assert "Chain" in out and "Last progress" in out and "digital economy" in out
    assert "Not shown" not in out
    assert "2511-621021-04-01-971620" in out


def test_project_list_all_and_json_stream_every_row(cli, thirteen, monkeypatch):
    """--all and --json read the projects in chunks (here 4) and still list all 13, in order."""
    import qy_landing.services.project_views as views

    monkeypatch.setattr(views, "STREAM_CHUNK", 4)
    listed = json.loads(cli("project", "list", "--json").stdout)
    assert [p["code"] for p in listed] == [f"QY-2026-{100 + n:04d}" for n in range(13, 0, -1)]
    shown = cli("project", "list", "--all", "--limit", "2", lang="zh").stdout
    assert all(f"QY-2026-{100 + n:04d}" in shown for n in range(1, 14))
    assert shown.rstrip().splitlines()[-1] == "共 13 个项目，协议投资额合计 91 亿元"
