"""Corrections catalogue: errors, help and output texts of ``qy-landing correct`` and of
point-in-time views (``correct.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # kinds of correction (who may correct what: [corrections] who)
    "correct.kind.procedure": ("手续状态或日期", "procedure status or date"),
    "correct.kind.fact": ("项目信息", "project details"),
    "correct.kind.state": ("项目状态", "project state"),
    "correct.kind.other": ("其他记录", "other records"),
    # errors
    "correct.error.not_allowed": (
        "{actor} 无权更正{kind}（见配置 [corrections] who）",
        "{actor} may not correct {kind} (see [corrections] who in the configuration)",
    ),
    "correct.error.too_old": (
        "不能更正 {on} 的记录：只能更正 {earliest} 及以后的记录（见配置 [corrections] months_back）",
        "Cannot correct a record of {on}: only records from {earliest} on may be corrected "
        "(see [corrections] months_back in the configuration)",
    ),
    "correct.error.breaks_history": (
        "更正记录 {event} 会与其后的记录 {later} 矛盾：请先更正或撤销 {later}",
        "Correcting {event} would contradict the later record {later}: "
        "correct or undo {later} first",
    ),
    "correct.error.nothing": (
        "项目 {project} 没有可更正的{what}记录",
        "Project {project} has no recorded {what} to correct",
    ),
    "correct.error.no_change": (
        "更正须给出与记录 {event} 不同的值或日期（--status、--value 或 --on）",
        "A correction needs a value or date other than record {event}'s "
        "(--status, --value or --on)",
    ),
    "correct.error.unsupported": (
        "记录 {event}（{action}）不能更正",
        "Record {event} ({action}) cannot be corrected",
    ),
    # the audit trail
    "correct.action.void": ("撤销记录", "record undone"),
    "correct.history.corrects": ("更正 #{event}", "corrects #{event}"),
    "correct.history.corrected": ("已被 #{event} 更正", "corrected by #{event}"),
    # help
    "correct.help": (
        "更正录错的记录：原记录保留，另记一条指向它的更正（须填写原因）",
        "Put a wrong record right: the original stays, a correction pointing at it is added "
        "(a reason is required)",
    ),
    "correct.help.procedure": (
        "更正手续最近一次状态变更的状态或生效日期",
        "Correct the status or effective date of a procedure's latest status change",
    ),
    "correct.help.project": (
        "更正项目信息（--field/--value），或撤销最近一次状态变更（--undo-move，如误终止）",
        "Correct a project detail (--field/--value), or undo its latest state change "
        "(--undo-move, e.g. a mistaken terminate)",
    ),
    "correct.help.event": (
        "更正某条记录的生效日期或值（记录编号见 project history）",
        "Correct the effective date or value of one record (numbers in project history)",
    ),
    "correct.help.undo": (
        "撤销某条记录（记录编号见 project history）；撤销一条更正即恢复原记录",
        "Undo one record (numbers in project history); undoing a correction restores the original",
    ),
    "correct.help.opt.reason": ("更正原因", "why the record is corrected"),
    "correct.help.opt.status": ("正确的状态", "the right status"),
    "correct.help.opt.on": ("正确的生效日期", "the right effective date"),
    "correct.help.opt.field": ("要更正的项目信息字段", "the project detail to correct"),
    "correct.help.opt.value": ("正确的值", "the right value"),
    "correct.help.opt.as_recorded": (
        "按当时已记录的内容显示（不计之后补录的记录和更正）",
        "show what was recorded by then (leave out later entries and corrections)",
    ),
    "correct.help.opt.undo_move": ("撤销最近一次状态变更", "undo the latest state change"),
    # output
    "correct.done": (
        "已记录更正 #{event}（更正 #{corrects}）：{project} {what}",
        "Correction #{event} recorded (corrects #{corrects}): {project} {what}",
    ),
    "correct.done.void": (
        "已撤销记录 #{corrects}（更正 #{event}）：{project} 当前状态 {state}",
        "Record #{corrects} undone (correction #{event}): {project} is now {state}",
    ),
}
