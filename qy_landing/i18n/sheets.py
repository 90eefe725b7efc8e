"""Progress sheets catalogue (``sheet.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "sheet.help.import": ("导入各单位交回的表格", "import the sheets the units send back"),
    "sheet.help.export_progress": (
        "导出单位进度表（每个单位一个 xlsx，按单位和月份命名），供单位填写后交回",
        "export a unit's progress sheet (one xlsx per unit, named by unit and month) to fill in",
    ),
    "sheet.help.import_progress": (
        "导入单位交回的进度表（xlsx/csv）：逐行检查，显示将要的变更；加 --apply 才写入（全部或全不）",
        "import returned progress sheets (xlsx/csv): check every row, show what would change; "
        "write only with --apply (all or nothing)",
    ),
    "sheet.help.opt.unit": ("单位", "the unit"),
    "sheet.help.opt.all_units": (
        "每个单位一个文件（-o 为目录）",
        "one file per unit (-o is a directory)",
    ),
    "sheet.help.opt.output": (
        "输出文件（--all-units 时为目录）",
        "output file (a directory with --all-units)",
    ),
    "sheet.help.opt.apply": (
        "写入变更（否则只检查并显示）",
        "write the changes (else only check and show)",
    ),
    "sheet.help.arg.files": ("交回的表格文件", "the returned sheet files"),
    "sheet.title.procedures": ("手续进度", "Procedures"),
    "sheet.title.problems": ("存在问题", "Problems"),
    "sheet.file_prefix": ("进度表", "progress"),
    "sheet.report": ("项目进度表", "Progress sheet"),
    "sheet.col.code": ("项目代码", "Project code"),
    "sheet.col.project": ("项目名称", "Project"),
    "sheet.col.step": ("手续", "Procedure"),
    "sheet.col.level": ("层级", "Level"),
    "sheet.col.status": ("当前状态", "Status"),
    "sheet.col.submitted_on": ("提交日期", "Submitted"),
    "sheet.col.accepted_on": ("受理日期", "Accepted"),
    "sheet.col.due_on": ("办结时限", "Due"),
    "sheet.col.overdue_days": ("逾期天数", "Days overdue"),
    "sheet.col.new_status": ("新状态", "New status"),
    "sheet.col.new_date": ("办理日期", "Date"),
    "sheet.col.doc_no": ("受理/批复文号", "Document no."),
    "sheet.col.note": ("备注", "Note"),
    "sheet.col.new_problem": ("新增问题", "New problem"),
    "sheet.col.ref": ("校验码", "ref"),
    "sheet.col.problem_id": ("问题编号", "Problem no."),
    "sheet.col.problem": ("问题", "Problem"),
    "sheet.col.opened_on": ("提出日期", "Opened"),
    "sheet.col.resolved": ("已解决", "Resolved"),
    "sheet.col.resolved_on": ("解决日期", "Resolved on"),
    "sheet.col.resolution": ("解决情况", "Resolution"),
    "sheet.written": (
        "已写出 {unit} {month} 进度表：{procedures} 项手续、{problems} 个问题 → {file}",
        "Wrote the {month} progress sheet of {unit}: {procedures} procedures, "
        "{problems} problems → {file}",
    ),
    "sheet.expect.unit_or_all": (
        "请给出 --unit 单位 或 --all-units（二选一）",
        "give --unit UNIT or --all-units (one of them)",
    ),
    "sheet.mail.title": (
        "【进度表】{unit} {month} 项目手续进度表",
        "[Progress sheet] {unit}, {month}",
    ),
    "sheet.digest.deadline": (
        "本月 {units} 项目进度表请于 {deadline} 前交回落地办。",
        "Please return this month's progress sheet of {units} to the office by {deadline}.",
    ),
    "sheet.mail.body": (
        "附件为 {unit} {month} 项目进度表。请在黄色列填写新状态、日期、文号、备注和新问题，"
        "在“存在问题”表中标记已解决的问题，并于 {deadline} 前交回落地办。"
        "请勿修改其他列，也不要删除隐藏列。",
        "Attached is the {month} progress sheet of {unit}. Fill in the yellow columns (new "
        "status, date, document number, note, new problem), mark the resolved problems on the "
        "second sheet, and send it back to the landing office by {deadline}. Please leave the "
        "other columns and the hidden column as they are.",
    ),
    "sheet.help.send": (
        "用电子邮件把进度表发给各单位联系人（每个单位每月一次）",
        "e-mail each unit's contact its progress sheet (once per unit and month)",
    ),
    "sheet.sent.sent": ("{unit}：已发送给 {contact}", "{unit}: sent to {contact}"),
    "sheet.sent.already_sent": ("{unit}：本月已发送过", "{unit}: already sent this month"),
    "sheet.sent.failed": ("{unit}：发送失败（{detail}）", "{unit}: failed ({detail})"),
    "sheet.sent.no_contact": (
        "{unit}：联系人 {contact} 不存在或没有邮箱",
        "{unit}: the contact {contact} is unknown or has no e-mail address",
    ),
    "sheet.plan.none": ("没有要写入的变更。", "Nothing to change."),
    "sheet.plan.dry_run": (
        "以上 {count} 项变更尚未写入；确认无误后加 --apply 写入。",
        "These {count} changes are not written yet; add --apply to write them.",
    ),
    "sheet.plan.applied": ("已写入 {count} 项变更。", "Wrote {count} changes."),
    "sheet.plan.same": (
        "{count} 行已写入过（重复导入），未再变更。",
        "{count} rows were already applied (imported before) and change nothing.",
    ),
    "sheet.plan.col.row": ("行", "Row"),
    "sheet.plan.col.change": ("变更", "Change"),
    "sheet.plan.problem_open": ("新增问题：{text}", "new problem: {text}"),
    "sheet.plan.problem_resolve": ("问题 #{id} 已解决：{text}", "problem #{id} resolved: {text}"),
    "sheet.reason.no_ref": (
        "缺少校验码（不是本系统导出的行，或该列被删除）",
        "no ref (a row not exported by us, or the ref column was removed)",
    ),
    "sheet.reason.bad_ref": ("校验码无法识别：{ref}", "unreadable ref: {ref}"),
    "sheet.reason.other_unit": (
        "该行属于另一单位（{other}）的项目，不在 {unit} 的表中",
        "this row is a project of another unit ({other}), not of {unit}",
    ),
    "sheet.reason.gone": ("该手续或问题已不存在", "the procedure or problem no longer exists"),
    "sheet.reason.conflict": (
        "冲突：导出后办公室已修改（导出时 {then}，现在 {now}），请核对后重新填写",
        "conflict: changed in the office since the export (then {then}, now {now}); "
        "check and fill in again",
    ),
    "sheet.reason.before_signing": (
        "日期 {date} 早于项目签约日期 {signed}",
        "the date {date} is before the project was signed ({signed})",
    ),
    "sheet.reason.yes_expected": ("只能填“是”或留空", "only “yes” or empty"),
    "sheet.error.no_sheet": (
        "{file} 不是进度表：找不到含“校验码”列的表头",
        "{file} is not a progress sheet: no header with a “ref” column",
    ),
    "sheet.error.mixed_units": (
        "{file} 混有多个单位的行",
        "{file} mixes rows of several units",
    ),
    "sheet.audit": ("{unit} {month} 进度表第 {row} 行", "{unit} {month} progress sheet, row {row}"),
    "sheet.audit.doc_no": ("文号 {doc_no}", "document {doc_no}"),
}
