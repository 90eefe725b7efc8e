"""CLI catalogue: help texts (``cli.help.*``) and output texts (``cli.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.help.root": (
        "qy-landing：签约项目落地工作流（落地办）。项目从签约经省、市、县三级手续到开工。",
        "qy-landing: the landing office's workflow engine. Signed projects go through "
        "provincial, city and county procedures to the start of construction.",
    ),
    "cli.help.opt.db": (
        "数据库地址（否则取 QY_LANDING_DB，否则为用户数据目录下的 SQLite 文件）",
        "database URL (else QY_LANDING_DB, else a SQLite file in the user's data directory)",
    ),
    "cli.help.opt.lang": (
        "界面语言 zh 或 en（否则取 QY_LANDING_LANG，否则按系统语言）",
        "language zh or en (else QY_LANDING_LANG, else the locale)",
    ),
    "cli.help.opt.as": (
        "记入审计日志的操作人（否则取 QY_LANDING_USER，否则为系统用户）",
        "actor written to the audit trail (else QY_LANDING_USER, else the OS user)",
    ),
    "cli.help.opt.debug": ("出错时显示完整堆栈", "show tracebacks on errors"),
    "cli.help.init": (
        "创建或升级数据库，补齐责任单位，载入 workflows/ 中的流程定义",
        "create or upgrade the database, seed units, load the workflow definitions",
    ),
    "cli.help.demo": (
        "生成可复现的演示数据库并显示总览",
        "build a reproducible demo database and show the dashboard",
    ),
    "cli.help.stats": ("统计数字：签约、手续办理、开工、到位资金", "headline figures: signed, procedures, started, funds"),
    "cli.help.status": ("一屏总览：落地漏斗、各单位逾期、最卡的项目", "one-screen dashboard: funnel, overdue per unit, most stuck projects"),
    "cli.help.workflow": ("流程定义：列表、查看、校验、状态图", "workflow definitions: list, show, check, diagram"),
    "cli.help.unit": ("责任单位", "responsible units"),
    "cli.help.person": ("人员及联系方式", "persons and their contacts"),
    "cli.help.project": ("项目：登记、导入、推进、查看", "projects: register, import, advance, look up"),
    "cli.help.procedure": ("手续办理进度", "procedure progress"),
    "cli.help.problem": ("卡脖子问题", "bottleneck problems"),
    "cli.help.calendar": ("工作日历：节假日、调休及本办调整", "working-day calendar: holidays, make-up days, office overrides"),
    "cli.help.remind": ("调度提醒与逾期督办", "dispatch and overdue reminders"),
    "cli.help.scheduler": ("定时任务守护进程", "the scheduler daemon"),
    "cli.help.export": ("导出卡滞项目清单", "export stuck-project lists"),
    "cli.help.report": ("月度调度材料、红黑榜", "monthly dispatch pack, red/black list"),
    "cli.internal_error": (
        "内部错误：{error}（加 --debug 查看详情）",
        "Internal error: {error} (run with --debug for details)",
    ),
    "cli.init.done": ("数据库已就绪：{url}（结构版本 {revision}）", "Database ready: {url} (schema {revision})"),
    "cli.init.units": ("新增责任单位 {count} 个", "Added {count} units"),
    "cli.init.workflow.added": ("流程 {name}：已载入 v{version}", "Workflow {name}: loaded v{version}"),
    "cli.init.workflow.unchanged": ("流程 {name}：v{version} 无变化", "Workflow {name}: v{version} unchanged"),
    "cli.init.workflow.replaced": ("流程 {name}：v{version} 已更新（尚无项目使用）", "Workflow {name}: v{version} updated (no project uses it yet)"),
    "cli.init.workflow.new_version": (
        "流程 {name}：定义已改动，保存为新版本 v{version}；在办项目仍用原版本",
        "Workflow {name}: changed, saved as v{version}; projects in flight keep their version",
    ),
}
