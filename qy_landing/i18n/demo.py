"""Demo catalogue: help and output texts of ``qy-landing demo`` (``demo.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # help texts
    "demo.help.db": (
        "演示数据库地址（否则取全局 --db，否则取 QY_LANDING_DB，否则为当前目录下的 qy-landing-demo.db）",
        "database URL for the demo (else the global --db, else QY_LANDING_DB, "
        "else qy-landing-demo.db in the current directory)",
    ),
    "demo.help.seed": (
        "随机种子：同一种子生成完全相同的数据",
        "random seed: the same seed builds the same data",
    ),
    "demo.help.reset": (
        "删除已有的演示数据库文件后重新生成（只删除演示数据库）",
        "delete an existing demo database file first and build it anew (demo databases only)",
    ),
    "demo.help.as_of": (
        "历史回放截止日期（默认 2026-10-31，即报告口径日）",
        "replay the history up to this date (default 2026-10-31, the report's date)",
    ),
    "demo.help.json": ("以 JSON 输出生成结果", "print the result as JSON"),
    # progress and output
    "demo.phase.setup": ("初始化数据库", "setting up the database"),
    "demo.phase.people": ("登记责任单位和人员", "adding units and people"),
    "demo.phase.plan": ("规划演示数据", "planning the demo data"),
    "demo.phase.history": ("回放办理历史", "replaying the history"),
    "demo.phase.check": ("核对统计数字", "checking the figures"),
    "demo.progress": ("{phase}：{done}/{total}", "{phase}: {done}/{total}"),
    "demo.building": (
        "正在生成演示数据库 {url}（种子 {seed}，截至 {as_of}）…",
        "Building the demo database {url} (seed {seed}, as of {as_of}) …",
    ),
    "demo.removed": ("已删除旧的演示数据库 {url}", "Removed the old demo database {url}"),
    "demo.done": (
        "演示数据库已生成：{url}（{projects} 个项目，{events} 条审计记录，用时 {seconds} 秒）",
        "Demo database ready: {url} ({projects} projects, {events} audit events, {seconds} s)",
    ),
    "demo.figures.title": ("{start} 至 {end} 主要指标", "Headline figures, {start} to {end}"),
    "demo.figures.item": ("指标", "figure"),
    "demo.figures.value": ("数值", "value"),
    "demo.figures.signed": ("新签约项目（个）", "projects signed"),
    "demo.figures.signed_amount": ("协议投资额（亿元）", "contract amount (100 million yuan)"),
    "demo.figures.fair": (
        "其中{event}签约（个 / 亿元）",
        "of which signed at {event} (projects / 100 million yuan)",
    ),
    "demo.figures.handled": (
        "办理手续：省级 / 市级 / 县级（件）",
        "procedures handled: provincial / city / county",
    ),
    "demo.figures.started": ("开工项目（个），其中重大项目", "projects started, of which major"),
    "demo.figures.funds": (
        "省外到位资金（亿元），同比增长",
        "out-of-province funds in place (100 million yuan), year on year",
    ),
    "demo.contents.title": ("演示数据概况", "What the demo holds"),
    "demo.contents.states": ("项目状态", "project states"),
    "demo.contents.statuses": ("手续状态", "procedure statuses"),
    "demo.contents.problems": (
        "卡脖子问题：未解决 {open} 个，已解决 {resolved} 个；逾期手续 {overdue} 件",
        "problems: {open} open, {resolved} resolved; {overdue} procedures overdue",
    ),
    "demo.contents.people": (
        "责任单位 {units} 个，人员 {persons} 名（督办人 {supervisors} 名）",
        "{units} units, {persons} persons ({supervisors} supervisors)",
    ),
    "demo.next": (
        "接下来可以试试：qy-landing --db {db} status --as-of {as_of}、"
        "stats --from {start} --to {as_of}、project list",
        "Try next: qy-landing --db {db} status --as-of {as_of}, "
        "stats --from {start} --to {as_of}, project list",
    ),
    # errors
    "demo.error.not_empty": (
        "数据库 {url} 中已有数据（{projects} 个项目，{events} 条审计记录）；演示数据只能生成到空数据库中",
        "The database {url} already holds data ({projects} projects, {events} audit events); "
        "the demo is only built into an empty database",
    ),
    "demo.error.exists": (
        "{url} 已是一个演示数据库；加 --reset 删除后重新生成，或用 --db 指定其他位置",
        "{url} already holds a demo database; add --reset to delete and rebuild it, "
        "or choose another place with --db",
    ),
    "demo.error.not_demo": (
        "{url} 中是正式数据（{projects} 个项目），不是演示数据库，不会被改动；请用 --db 指定其他位置",
        "{url} holds real data ({projects} projects), not a demo database, and is left "
        "untouched; choose another place with --db",
    ),
    "demo.error.foreign": (
        "{url} 不是 qy-landing 数据库（可能是其他程序的文件），不会被改动；请用 --db 指定其他位置",
        "{url} is not a qy-landing database (perhaps another program's file) and is left "
        "untouched; choose another place with --db",
    ),
    "demo.error.reset_not_file": (
        "--reset 只能删除演示用的 SQLite 文件；{url} 请自行删除并重建数据库后再试",
        "--reset only deletes demo SQLite files; drop and re-create {url} yourself, then try again",
    ),
    "demo.error.figures": (
        "演示数据与规划不符（程序缺陷）：{differences}",
        "The demo database does not match its plan (a bug): {differences}",
    ),
    "demo.error.plan": (
        "无法规划出符合指标的演示数据（程序缺陷）：{problem}",
        "Could not plan demo data that hit the figures (a bug): {problem}",
    ),
    "demo.expect.as_of": ("不早于 2026-01-01 的日期", "a date on or after 2026-01-01"),
}
