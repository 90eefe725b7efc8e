"""Meeting catalogue: commitments (承诺事项), the dispatch meeting (调度会) and its minutes.

Keys start with ``meeting.``: ``meeting.help.*`` help texts, ``meeting.cli.*`` command
output, ``meeting.app.*`` the full-screen meeting, ``meeting.minutes.*`` the minutes,
``meeting.error.*`` errors. key: (zh, en).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- statuses ---------------------------------------------------------------------------
    "meeting.status.open": ("未到期", "open"),
    "meeting.status.missed": ("逾期未办", "missed"),
    "meeting.status.done": ("已办结", "done"),
    "meeting.status.withdrawn": ("已撤回", "withdrawn"),
    # --- errors -----------------------------------------------------------------------------
    "meeting.error.commitment_not_found": (
        "没有编号为 #{id} 的承诺事项（用 commitment list 查看编号）",
        "No commitment #{id} (see commitment list for the numbers)",
    ),
    "meeting.error.commitment_closed": (
        "承诺事项 #{id} 已于 {on} {status}，不能再改；如需更正请新增一条",
        "Commitment #{id} is already {status} (on {on}); record a new one to correct it",
    ),
    "meeting.error.due_before_made": (
        "承诺完成日期 {due} 早于承诺日期 {made}",
        "The due date {due} is before the day the commitment is made ({made})",
    ),
    "meeting.error.bad_by": (
        "会议方式「{value}」无效，可选：{allowed}",
        "Unknown meeting grouping '{value}'; allowed: {allowed}",
    ),
    "meeting.expect.by": (
        "YYYY-MM-DD 格式的日期，或工作日天数（如 10、10wd、10个工作日）",
        "a date as YYYY-MM-DD, or a number of working days (10, 10wd)",
    ),
    # --- help -------------------------------------------------------------------------------
    "meeting.help.commitment": (
        "承诺事项（交办事项）：新增、办结、撤回、列出",
        "commitments (promises made for projects): add, done, withdraw, list",
    ),
    "meeting.help.commitment.add": (
        "记录一项承诺：做什么、谁负责、何时完成",
        "record a commitment: what, who, by when",
    ),
    "meeting.help.commitment.done": (
        "标记承诺已办结（须写明办结情况或佐证）",
        "mark a commitment done (with the evidence or a note)",
    ),
    "meeting.help.commitment.withdraw": (
        "撤回不再适用的承诺（须写明原因）",
        "withdraw a commitment that no longer applies (with the reason)",
    ),
    "meeting.help.commitment.list": (
        "列出承诺事项（可按项目、人员、单位、状态、会议筛选）",
        "list commitments (filter by project, person, unit, status, meeting)",
    ),
    "meeting.help.arg.what": ("承诺内容", "what was promised"),
    "meeting.help.arg.id": ("承诺事项编号（如 12 或 #12）", "commitment number (12 or #12)"),
    "meeting.help.opt.who": (
        "负责人：姓名，或 姓名@单位（重名时）",
        "the responsible person: NAME, or NAME@UNIT when two share a name",
    ),
    "meeting.help.opt.by": (
        "完成时限：日期 YYYY-MM-DD，或工作日天数 N（按办公日历）",
        "by when: a date YYYY-MM-DD, or N working days (office calendar)",
    ),
    "meeting.help.opt.meeting": (
        "在哪个月的调度会上承诺的（YYYY-MM）",
        "the month of the dispatch meeting it was promised at (YYYY-MM)",
    ),
    "meeting.help.opt.evidence": ("办结情况或佐证", "evidence or a note on how it was done"),
    "meeting.help.opt.reason": ("撤回原因", "why it is withdrawn"),
    "meeting.help.opt.filter_who": ("只列此人负责的", "only this person's"),
    "meeting.help.opt.status": (
        "只列此状态：open 未到期、missed 逾期未办、done 已办结、withdrawn 已撤回",
        "only this status: open, missed, done, withdrawn",
    ),
    "meeting.help.opt.filter_meeting": (
        "只列该月调度会上的承诺（YYYY-MM）",
        "only those promised at this month's meeting (YYYY-MM)",
    ),
    "meeting.help.meeting": (
        "每月一对一项目调度会（全屏）：议程、逐项目核对、记录承诺",
        "the monthly one-on-one dispatch meeting (full screen): agenda, project by project, "
        "record commitments",
    ),
    "meeting.help.opt.month": (
        "会议月份 YYYY-MM（默认本月）",
        "the meeting's month YYYY-MM (default: this month)",
    ),
    "meeting.help.opt.by_group": (
        "按 person（人员，默认）或 unit（责任单位）排议程",
        "agenda by person (default) or by unit",
    ),
    "meeting.help.opt.unit": ("只列此责任单位", "only this unit"),
    "meeting.help.opt.person": ("只列此人", "only this person"),
    "meeting.help.opt.level": (
        "只列处于此层级的项目（provincial/city/county 或 省级/市级/县级）",
        "only projects at this level (provincial, city, county)",
    ),
    "meeting.help.opt.stuck": (
        "只列卡点项目（手续逾期、问题未解决、承诺未兑现或长期无进展）",
        "only stuck projects (overdue procedure, open problem, missed commitment or idle)",
    ),
    "meeting.help.opt.plain": (
        "以纯文本输出议程（供打印或管道），不进入全屏；不加筛选时只列参会人员及其在办项目数",
        "print the agenda as plain text (for a printer or a pipe), no full screen; without a "
        "filter only the persons to meet and their open projects",
    ),
    "meeting.help.opt.all": (
        "与 --plain 同用：不加筛选也列出全部人员的全部项目（大库较慢）",
        "with --plain: every person's projects even without a filter (slow on a large office)",
    ),
    "meeting.help.minutes": (
        "调度会会议纪要（按人员：讨论的项目、决定、承诺事项），可同时发出交办单",
        "the dispatch meeting's minutes (per person: projects, decisions, commitments); "
        "can also send each person's task list",
    ),
    "meeting.help.opt.minutes_format": ("格式：html、xlsx 或 md", "format: html, xlsx or md"),
    "meeting.help.opt.output": (
        "输出文件（默认按月份命名）",
        "output file (default: named by month)",
    ),
    "meeting.help.opt.send_tasks": (
        "把每人的交办单放入提醒发件箱（每人每次会议只发一次）",
        "queue each person's task list in the reminder outbox (once per person and meeting)",
    ),
    # --- command output -----------------------------------------------------------------------
    "meeting.cli.added": (
        "已记录承诺事项 #{id}（{code}）：{person}，{due} 前完成",
        "Commitment #{id} recorded ({code}): {person}, by {due}",
    ),
    "meeting.cli.done_kept": (
        "承诺事项 #{id} 已于 {on} 办结（时限 {due}，按期）",
        "Commitment #{id} done on {on} (due {due}, kept)",
    ),
    "meeting.cli.done_late": (
        "承诺事项 #{id} 已于 {on} 办结（时限 {due}，逾期）",
        "Commitment #{id} done on {on} (due {due}, late)",
    ),
    "meeting.cli.withdrawn": (
        "承诺事项 #{id} 已于 {on} 撤回",
        "Commitment #{id} withdrawn on {on}",
    ),
    "meeting.cli.none": ("没有承诺事项", "No commitments"),
    "meeting.cli.provisional": ("{due}（暂定）", "{due} (provisional)"),
    "meeting.cli.days_over": ("逾期 {days} 个工作日", "{days} working days over"),
    "meeting.cli.col.project": ("项目", "Project"),
    "meeting.cli.col.what": ("承诺事项 / 负责人", "Commitment / who"),
    "meeting.cli.col.due": ("时限", "Due"),
    "meeting.cli.col.status": ("状态", "Status"),
    "meeting.cli.show_title": ("承诺事项", "Commitments"),
    "meeting.cli.minutes_written": (
        "会议纪要已写入 {path}（{persons} 人，{projects} 个项目，{commitments} 项承诺）",
        "Minutes written to {path} ({persons} persons, {projects} projects, "
        "{commitments} commitments)",
    ),
    "meeting.cli.tasks_queued": (
        "交办单：新放入发件箱 {generated} 份，已有 {existing} 份（用 remind send 发出）",
        "Task lists: {generated} queued, {existing} already queued (remind send delivers them)",
    ),
    # --- the agenda ---------------------------------------------------------------------------
    "meeting.agenda.title": ("{month} 一对一项目调度会议程", "Dispatch meeting agenda, {month}"),
    "meeting.agenda.month": ("{year} 年 {month} 月", "{year}-{mm}"),
    "meeting.agenda.subject": (
        "{index}. {name}（{unit}）— {projects} 个项目，逾期手续 {overdue} 项，未解决问题 {problems} 个",
        "{index}. {name} ({unit}) — {projects} projects, {overdue} overdue procedures, "
        "{problems} open problems",
    ),
    "meeting.agenda.subject_unit": (
        "{index}. {name} — {projects} 个项目，逾期手续 {overdue} 项，未解决问题 {problems} 个",
        "{index}. {name} — {projects} projects, {overdue} overdue procedures, "
        "{problems} open problems",
    ),
    "meeting.agenda.project": (
        "   {code}  {name}  [{state}]{counts}{visited}",
        "   {code}  {name}  [{state}]{counts}{visited}",
    ),
    "meeting.agenda.counts": (
        "  逾期手续 {overdue} · 问题 {problems}",
        "  overdue {overdue} · problems {problems}",
    ),
    "meeting.agenda.overdue": (
        "      逾期：{step}（时限 {due}，逾期 {days} 个工作日）",
        "      overdue: {step} (due {due}, {days} working days over)",
    ),
    "meeting.agenda.problem": ("      问题：{text}", "      problem: {text}"),
    "meeting.agenda.commitment": (
        "      上月承诺：{text}（{person}，{due} 前）— {status}",
        "      promised last month: {text} ({person}, by {due}) — {status}",
    ),
    "meeting.agenda.empty": (
        "本月议程为空：没有未开工的项目",
        "Nothing on the agenda: no open projects",
    ),
    "meeting.agenda.visited": ("（已过）", "(done)"),
    # --plain without a filter: the running order, one line per person (or unit)
    "meeting.outline.person": ("人员", "Person"),
    "meeting.outline.unit": ("单位", "Unit"),
    "meeting.outline.projects": ("在办项目", "Open projects"),
    "meeting.outline.total_person": ("共 {count} 人", "{count} persons"),
    "meeting.outline.total_unit": ("共 {count} 个单位", "{count} units"),
    "meeting.outline.hint_person": (
        "逐人议程：qy-landing meeting --plain --person 姓名[@单位]"
        "（--unit 单位 列一个单位；--all 列出全部项目）",
        "One person's agenda: qy-landing meeting --plain --person NAME[@UNIT] "
        "(--unit UNIT for a unit; --all lists every project)",
    ),
    "meeting.outline.hint_unit": (
        "逐单位议程：qy-landing meeting --plain --by unit --unit 单位（--all 列出全部项目）",
        "One unit's agenda: qy-landing meeting --plain --by unit --unit UNIT "
        "(--all lists every project)",
    ),
    "meeting.agenda.resume": (
        "上次会议停在：{subject} · {code}",
        "The meeting last stopped at: {subject} · {code}",
    ),
    # --- the full-screen app ---------------------------------------------------------------------
    "meeting.app.title": ("一对一项目调度会 · {month}", "Dispatch meeting · {month}"),
    "meeting.app.loading": ("正在读取…", "Loading…"),
    "meeting.app.persons": ("参会人员", "Persons"),
    "meeting.app.units": ("责任单位", "Units"),
    "meeting.app.projects": ("项目", "Projects"),
    "meeting.app.no_projects": ("没有未开工的项目", "No open projects"),
    "meeting.app.pick": ("请选择左侧的人员或项目", "Pick a person or project on the left"),
    "meeting.app.state": (
        "状态：{state} · 最近进展 {on}（{days} 个工作日前）",
        "State: {state} · last progress {on} ({days} working days ago)",
    ),
    "meeting.app.procedures": ("手续", "Procedures"),
    "meeting.app.procedure": ("{name}：{status}", "{name}: {status}"),
    "meeting.app.procedure_due": ("{name}：{status}，时限 {due}", "{name}: {status}, due {due}"),
    "meeting.app.procedure_over": (
        "{name}：{status}，时限 {due}，逾期 {days} 个工作日",
        "{name}: {status}, due {due}, {days} working days over",
    ),
    "meeting.app.problems": ("未解决问题", "Open problems"),
    "meeting.app.problem": ("#{id} {text}（{on} 提出）", "#{id} {text} (opened {on})"),
    "meeting.app.last_month": ("上月承诺", "Promised last month"),
    "meeting.app.commitments": ("本项目承诺事项", "Commitments of this project"),
    "meeting.app.commitment": (
        "#{id} {text}（{person}，{due} 前）— {status}",
        "#{id} {text} ({person}, by {due}) — {status}",
    ),
    "meeting.app.notes": ("本次会议记录", "Notes of this meeting"),
    "meeting.app.none": ("无", "none"),
    "meeting.app.saved": ("已保存", "Saved"),
    "meeting.app.conflict": ("{message}——已刷新", "{message} — the screen is refreshed"),
    "meeting.app.key.quit": ("退出", "Quit"),
    "meeting.app.key.commit": ("承诺", "Commit"),
    "meeting.app.key.note": ("记录", "Note"),
    "meeting.app.key.problem": ("问题", "Problem"),
    "meeting.app.key.resolve": ("解决", "Resolve"),
    "meeting.app.key.progress": ("手续", "Step"),
    "meeting.app.key.done": ("办结", "Done"),
    "meeting.app.key.refresh": ("刷新", "Refresh"),
    "meeting.app.key.filter": ("筛选", "Filter"),
    "meeting.app.yes": ("是", "yes"),
    "meeting.app.no": ("否", "no"),
    "meeting.app.key.stuck": ("只看卡点", "Stuck only"),
    "meeting.app.form.filter": (
        "筛选议程（留空为全部；x 键：只看卡点／全部）",
        "Filter the agenda (empty: all; key x: stuck only / all)",
    ),
    "meeting.app.form.unit": ("单位（名称或代码）", "Unit (name or code)"),
    "meeting.app.form.person": ("人员（姓名或 姓名@单位）", "Person (NAME or NAME@UNIT)"),
    "meeting.app.form.level": (
        "层级（provincial/city/county 或 省级/市级/县级）",
        "Level (provincial, city, county)",
    ),
    "meeting.app.form.stuck": ("只看卡点项目（是/否）", "Stuck projects only (yes/no)"),
    "meeting.app.filtered": ("筛选：{what}", "filter: {what}"),
    "meeting.app.filter.unit": ("单位 {value}", "unit {value}"),
    "meeting.app.filter.person": ("人员 {value}", "person {value}"),
    "meeting.app.filter.level": ("层级 {value}", "level {value}"),
    "meeting.app.filter.stuck": ("仅卡点", "stuck only"),
    "meeting.app.key.next": ("下一项", "Next"),
    "meeting.app.key.cancel": ("取消", "Cancel"),
    "meeting.app.key.save": ("保存", "Save"),
    "meeting.app.form.keys": (
        "回车：下一项／保存 · Esc：取消",
        "Enter: next field / save · Esc: cancel",
    ),
    "meeting.app.form.commit": ("新增承诺事项", "New commitment"),
    "meeting.app.form.what": ("做什么", "What"),
    "meeting.app.form.who": ("谁负责（姓名或 姓名@单位）", "Who (NAME or NAME@UNIT)"),
    "meeting.app.form.by": ("何时完成（日期或工作日天数）", "By when (date or working days)"),
    "meeting.app.form.note": ("会议记录（决定事项）", "Meeting note (decision)"),
    "meeting.app.form.text": ("内容", "Text"),
    "meeting.app.form.problem": ("新增卡脖子问题", "New problem"),
    "meeting.app.form.resolve": ("问题解决", "Resolve a problem"),
    "meeting.app.form.problem_id": ("问题编号", "Problem number"),
    "meeting.app.form.resolution": ("解决情况", "Resolution"),
    "meeting.app.form.progress": ("手续进展", "Procedure progress"),
    "meeting.app.form.step": ("手续（代码）", "Procedure (step key)"),
    "meeting.app.form.status": (
        "新状态（submitted/accepted/approved/rejected）",
        "New status (submitted/accepted/approved/rejected)",
    ),
    "meeting.app.form.done": ("承诺办结", "Commitment done"),
    "meeting.app.form.commitment_id": ("承诺编号", "Commitment number"),
    "meeting.app.form.evidence": ("办结情况或佐证", "Evidence or note"),
    # --- minutes ---------------------------------------------------------------------------------
    "meeting.minutes.title": (
        "{month} 一对一项目调度会会议纪要",
        "Minutes of the dispatch meeting, {month}",
    ),
    "meeting.minutes.intro": (
        "会议月份 {month}；参会 {persons} 人，讨论项目 {projects} 个，形成承诺事项 {commitments} 项。",
        "Meeting of {month}: {persons} persons, {projects} projects discussed, "
        "{commitments} commitments made.",
    ),
    "meeting.minutes.person": ("{name}（{unit}）", "{name} ({unit})"),
    "meeting.minutes.projects": ("讨论的项目", "Projects discussed"),
    "meeting.minutes.notes": ("会议决定", "Decisions and notes"),
    "meeting.minutes.commitments": ("承诺事项（交办单）", "Commitments (task list)"),
    "meeting.minutes.none": ("无", "none"),
    "meeting.minutes.col.person": ("人员", "Person"),
    "meeting.minutes.col.unit": ("单位", "Unit"),
    "meeting.minutes.col.kind": ("类别", "Kind"),
    "meeting.minutes.col.code": ("项目代码", "Project code"),
    "meeting.minutes.col.project": ("项目名称", "Project"),
    "meeting.minutes.col.text": ("内容", "Text"),
    "meeting.minutes.col.due": ("时限", "Due"),
    "meeting.minutes.col.number": ("编号", "No."),
    "meeting.minutes.kind.project": ("讨论项目", "project"),
    "meeting.minutes.kind.note": ("决定", "decision"),
    "meeting.minutes.kind.commitment": ("承诺", "commitment"),
    "meeting.minutes.sheet": ("会议纪要", "Minutes"),
}
