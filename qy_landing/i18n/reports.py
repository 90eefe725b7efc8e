"""Reports catalogue (``report.*``, help texts under ``report.help.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help texts of the commands -----------------------------------------------------------
    "report.help.export_stuck": (
        "导出卡滞项目清单（xlsx/csv/json/md；格式按文件名，-o - 输出到标准输出）",
        "export the stuck projects (xlsx/csv/json/md; format from the file name, -o - for stdout)",
    ),
    "report.help.monthly": (
        "月度一对一调度会材料：各单位、各项目本月动态、办结手续、到期逾期手续、问题、责任人",
        "monthly one-on-one dispatch pack: per unit and project, this month's changes, approvals, "
        "procedures due or overdue, open problems, responsible persons",
    ),
    "report.help.redblack": (
        "责任单位红黑榜（评分公式见 docs/reports.md，可在 qy-landing.toml [redblack] 中调整）",
        "red/black list of the responsible units (score in docs/reports.md, weights in "
        "qy-landing.toml [redblack])",
    ),
    "report.help.funds": ("到位资金：登记、查看", "funds in place: record, list"),
    "report.help.funds_add": (
        "登记项目到位资金（亿元）；默认为省外资金",
        "record funds received by a project (亿元); out-of-province unless --in-province",
    ),
    "report.help.funds_list": ("查看项目的到位资金记录", "list a project's funds records"),
    "report.help.opt.as_of": (
        "截至日期 YYYY-MM-DD（默认今天）",
        "as of date YYYY-MM-DD (default today)",
    ),
    "report.help.opt.unit": ("只看该责任单位（名称或代码）", "only this unit (name or code)"),
    "report.help.opt.idle_days": (
        "无进展多少个工作日算卡滞（默认按流程定义，通常 20）",
        "working days without progress that make a project stuck (default: the workflow's, "
        "usually 20)",
    ),
    "report.help.opt.format": ("输出格式", "output format"),
    "report.help.opt.output": (
        "输出文件（- 为标准输出；不给时输出到标准输出）",
        "output file (- for standard output, which is also the default)",
    ),
    "report.help.opt.month": ("月份 YYYY-MM（默认本月）", "month YYYY-MM (default: this month)"),
    "report.help.opt.monthly_output": (
        "输出文件 .xlsx 或 .html（不给时在终端显示各单位摘要）",
        "output file .xlsx or .html (without it: a per-unit summary on the terminal)",
    ),
    "report.help.opt.json": ("以 JSON 输出", "print JSON"),
    "report.help.opt.top": (
        "红榜、黑榜各列几个单位",
        "how many units on each of the red and black lists",
    ),
    "report.help.opt.redblack_output": ("另存为 .xlsx 或 .csv", "also write .xlsx or .csv"),
    "report.help.opt.from": (
        "起始日期（默认当年 1 月 1 日）",
        "first day (default: 1 January of this year)",
    ),
    "report.help.opt.to": ("截止日期（默认今天）", "last day (default: today)"),
    "report.help.opt.on": ("到位日期（默认今天）", "date received (default today)"),
    "report.help.opt.in_province": (
        "省内资金（默认省外）",
        "funds from inside Gansu (default: out of province)",
    ),
    "report.help.opt.note": ("备注", "note"),
    "report.help.arg.code": ("项目代码", "project code"),
    "report.help.arg.amount": ("金额（亿元）", "amount (亿元)"),
    "report.expect.binary_to_file": (
        "xlsx 是二进制文件，请用 -o 文件名.xlsx 保存，或重定向到文件",
        "xlsx is a binary file: save it with -o FILE.xlsx or redirect the output to a file",
    ),
    # --- words ------------------------------------------------------------------------------
    "report.word.total": ("合计", "Total"),
    "report.word.none": ("无", "none"),
    "report.word.yuan": ("亿元", "100M yuan"),
    # --- funds in place ---------------------------------------------------------------------
    "report.funds.added": (
        "已登记 {code} 到位资金 {amount} 亿元（{kind}，{on}）",
        "Recorded {amount} 亿元 of funds in place for {code} ({kind}, {on})",
    ),
    "report.funds.out_of_province": ("省外", "out of province"),
    "report.funds.in_province": ("省内", "in province"),
    "report.funds.none": ("{code} 尚无到位资金记录", "No funds recorded for {code}"),
    "report.funds.total": ("合计 {amount} 亿元", "Total {amount} 亿元"),
    "report.funds.col.received_on": ("到位日期", "Received on"),
    "report.funds.col.amount": ("金额（亿元）", "Amount (亿元)"),
    "report.funds.col.kind": ("来源", "Source"),
    "report.funds.col.note": ("备注", "Note"),
    # --- stuck projects ---------------------------------------------------------------------
    "report.reason.overdue_procedure": ("手续逾期", "procedure overdue"),
    "report.reason.idle": ("长期无进展", "no progress"),
    "report.reason.problem_open": ("问题久拖未决", "problem unresolved"),
    "report.reason.over_limit": ("超总时限", "over the overall limit"),
    "report.stuck.overdue_by": (
        "{name}（逾期 {days} 个工作日）",
        "{name} ({days} working days overdue)",
    ),
    "report.stuck.problem": (
        "#{id} {text}（已 {days} 个工作日）",
        "#{id} {text} ({days} working days)",
    ),
    "report.stuck.title": ("卡滞项目清单（截至 {as_of}）", "Stuck projects as of {as_of}"),
    "report.stuck.none": ("没有卡滞项目。", "No stuck projects."),
    "report.stuck.written": (
        "已导出 {count} 个卡滞项目（截至 {as_of}）到 {file}",
        "Exported {count} stuck projects (as of {as_of}) to {file}",
    ),
    "report.sheet.stuck": ("卡滞项目", "Stuck projects"),
    "report.sheet.by_unit": ("按单位汇总", "By unit"),
    # --- column headers ---------------------------------------------------------------------
    "report.col.no": ("序号", "No."),
    "report.col.code": ("项目代码", "Project code"),
    "report.col.name": ("项目名称", "Project name"),
    "report.col.unit": ("责任单位", "Unit"),
    "report.col.chain": ("产业链", "Industry chain"),
    "report.col.amount": ("协议投资额（亿元）", "Contract amount (100M yuan)"),
    "report.col.signed_on": ("签约日期", "Signed on"),
    "report.col.state": ("当前阶段", "Current stage"),
    "report.col.reasons": ("卡滞原因", "Why stuck"),
    "report.col.stuck_workdays": ("卡滞工作日", "Working days stuck"),
    "report.col.stuck_since": ("卡滞起始日", "Stuck since"),
    "report.col.overdue_procedures": ("逾期手续", "Overdue procedures"),
    "report.col.next_procedures": ("下一步手续", "Next procedures"),
    "report.col.first_responsible": ("第一责任人", "First-responsible"),
    "report.col.direct_responsible": ("直接责任人", "Direct-responsible"),
    "report.col.open_problems": ("未解决问题", "Open problems"),
    "report.col.last_progress_on": ("最近进展日期", "Last progress"),
    "report.col.idle_workdays": ("无进展工作日", "Working days idle"),
    "report.col.stuck_projects": ("卡滞项目数", "Stuck projects"),
    "report.col.reason_overdue_procedure": ("手续逾期", "Procedure overdue"),
    "report.col.reason_idle": ("长期无进展", "No progress"),
    "report.col.reason_problem_open": ("问题久拖未决", "Problem unresolved"),
    "report.col.reason_over_limit": ("超总时限", "Over the limit"),
    "report.col.max_stuck_workdays": ("最长卡滞工作日", "Longest stuck (working days)"),
}
