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
    "cli.help.commands_heading": ("命令", "Commands"),
    "cli.help.init": (
        "创建或升级数据库，补齐责任单位，载入 workflows/ 中的流程定义",
        "create or upgrade the database, seed units, load the workflow definitions",
    ),
    "cli.help.demo": (
        "生成可复现的演示数据库并显示总览",
        "build a reproducible demo database and show the dashboard",
    ),
    "cli.help.stats": (
        "统计数字：签约、手续办理、开工、到位资金",
        "headline figures: signed, procedures, started, funds",
    ),
    "cli.help.status": (
        "一屏总览：落地漏斗、各单位逾期、最卡的项目",
        "one-screen dashboard: funnel, overdue per unit, most stuck projects",
    ),
    "cli.help.workflow": (
        "流程定义：列表、查看、校验、状态图",
        "workflow definitions: list, show, check, diagram",
    ),
    "cli.help.unit": ("责任单位", "responsible units"),
    "cli.help.person": ("人员及联系方式", "persons and their contacts"),
    "cli.help.project": (
        "项目：登记、导入、推进、查看",
        "projects: register, import, advance, look up",
    ),
    "cli.help.procedure": ("手续办理进度", "procedure progress"),
    "cli.help.problem": ("卡脖子问题", "bottleneck problems"),
    "cli.help.calendar": (
        "工作日历：节假日、调休及本办调整",
        "working-day calendar: holidays, make-up days, office overrides",
    ),
    "cli.help.remind": ("调度提醒与逾期督办", "dispatch and overdue reminders"),
    "cli.help.scheduler": ("定时任务守护进程", "the scheduler daemon"),
    "cli.help.export": ("导出卡滞项目清单", "export stuck-project lists"),
    "cli.help.report": ("月度调度材料、红黑榜", "monthly dispatch pack, red/black list"),
    "cli.conflict_retry": (
        "项目 {project} 刚被他人修改，已按最新版本重新检查，第 {attempt}/{of} 次尝试",
        "Project {project} was just changed by someone else; checked again on the new "
        "version, attempt {attempt} of {of}",
    ),
    "cli.help.backup": (
        "备份数据库：SQLite 在线备份到带日期的文件、校验并只保留最近 N 份；PostgreSQL 给出 pg_dump 命令",
        "back up the database: SQLite online backup to a dated file, verified, keeping the newest N; "
        "for PostgreSQL the pg_dump command to run",
    ),
    "cli.help.restore": (
        "用备份替换数据库的全部内容（先校验备份；请先停止调度守护进程）",
        "replace the whole database by a backup (verified first; stop the scheduler daemon first)",
    ),
    "cli.help.opt.backup_to": (
        "备份目录（默认：数据库旁的 backups/）",
        "backup folder (default: backups/ beside the database)",
    ),
    "cli.help.opt.keep": ("保留最近几份备份（默认 7）", "how many backups to keep (default 7)"),
    "cli.help.opt.backup_file": ("备份文件", "the backup file"),
    "cli.help.opt.yes": ("确认替换现有数据", "confirm replacing the current data"),
    "cli.backup.done": (
        "已备份到 {file}（{size} 字节，结构版本 {revision}，完整性检查通过）",
        "Backed up to {file} ({size} bytes, schema {revision}, integrity check ok)",
    ),
    "cli.backup.removed": ("已删除旧备份 {file}", "Removed old backup {file}"),
    "cli.backup.postgres": (
        "PostgreSQL 请用 pg_dump 备份（密码经 ~/.pgpass 或 PGPASSWORD 提供）：",
        "For PostgreSQL run pg_dump (give the password through ~/.pgpass or PGPASSWORD):",
    ),
    "cli.restore.postgres": (
        "PostgreSQL 请用 pg_restore 恢复（密码经 ~/.pgpass 或 PGPASSWORD 提供）：",
        "For PostgreSQL run pg_restore (give the password through ~/.pgpass or PGPASSWORD):",
    ),
    "cli.restore.confirm": (
        "恢复会用 {file} 替换 {url} 的全部内容；确认请加 --yes",
        "Restoring replaces everything in {url} by {file}; add --yes to confirm",
    ),
    "cli.restore.done": (
        "已从 {file} 恢复 {url}（结构版本 {revision}）",
        "Restored {url} from {file} (schema {revision})",
    ),
    "cli.internal_error": (
        "内部错误：{error}（加 --debug 查看详情）",
        "Internal error: {error} (run with --debug for details)",
    ),
    "cli.init.done": (
        "数据库已就绪：{url}（结构版本 {revision}）",
        "Database ready: {url} (schema {revision})",
    ),
    "cli.init.units": ("新增责任单位 {count} 个", "Added {count} units"),
    "cli.init.workflow.added": (
        "流程 {name}：已载入 v{version}",
        "Workflow {name}: loaded v{version}",
    ),
    "cli.init.workflow.unchanged": (
        "流程 {name}：v{version} 无变化",
        "Workflow {name}: v{version} unchanged",
    ),
    "cli.init.workflow.replaced": (
        "流程 {name}：v{version} 已更新（尚无项目使用）",
        "Workflow {name}: v{version} updated (no project uses it yet)",
    ),
    "cli.init.workflow.new_version": (
        "流程 {name}：定义已改动，保存为新版本 v{version}；在办项目仍用原版本",
        "Workflow {name}: changed, saved as v{version}; projects in flight keep their version",
    ),
    # === commands of the landing office (issue 3) =============================================
    # --- help: commands ------------------------------------------------------------------------
    "cli.help.workflow.list": (
        "列出已载入的流程定义及使用它们的项目数",
        "list the loaded workflow definitions and how many projects use them",
    ),
    "cli.help.workflow.show": (
        "查看流程定义：状态、转换、各级手续及时限",
        "show a workflow definition: states, transitions, procedures and limits",
    ),
    "cli.help.workflow.check": (
        "校验流程定义文件（不写数据库）；不给文件时校验随程序提供的定义",
        "validate workflow files without touching the database; without FILE, the shipped ones",
    ),
    "cli.help.workflow.diagram": (
        "输出流程的 Mermaid 状态图",
        "print a Mermaid state diagram of a workflow",
    ),
    "cli.help.unit.list": ("列出责任单位", "list the responsible units"),
    "cli.help.user": (
        "账户（PostgreSQL 登录角色）：新增、列出、授予/收回角色、停用（由管理员执行）",
        "accounts (PostgreSQL login roles): add, list, grant/revoke roles, disable (run by an administrator)",
    ),
    "cli.help.user.add": (
        "新增账户：一个 PostgreSQL 登录角色，属于某单位和某角色；密码在提示时输入或用 --password-stdin 读入，绝不写在命令行上",
        "add an account: a PostgreSQL login role of a unit and a role; the password is typed at a prompt or read with --password-stdin, never given on the command line",
    ),
    "cli.help.user.list": (
        "列出账户及其单位、角色、能否登录",
        "list the accounts with their unit, roles and whether they may log in",
    ),
    "cli.help.user.grant": ("授予账户一个角色", "give an account a role"),
    "cli.help.user.revoke": ("收回账户的一个角色", "take a role from an account"),
    "cli.help.user.disable": (
        "停用账户：不能再登录，也不再看到本单位的项目",
        "disable an account: it can no longer log in nor see its unit's projects",
    ),
    "cli.help.user.password": (
        "修改账户的密码（提示输入或 --password-stdin）",
        "set an account's password (prompted, or --password-stdin)",
    ),
    "cli.help.user.whoami": (
        "当前连接的账户、单位、角色，以及它能做什么",
        "the account connected, its unit and roles, and what it may do",
    ),
    "cli.help.arg.login": (
        "登录名（PostgreSQL 角色名，如 huan_zhang）",
        "login name (a PostgreSQL role name, e.g. huan_zhang)",
    ),
    "cli.help.opt.account_role": (
        "角色：staff 单位人员、office 办公室、leader 领导、auditor 审计、scheduler 提醒调度程序",
        "role: staff (a unit's staff), office, leader, auditor, scheduler (the reminder daemon)",
    ),
    "cli.help.opt.account_unit": (
        "账户所属单位（单位人员必填）",
        "the account's unit (required for staff)",
    ),
    "cli.help.opt.password_stdin": (
        "从标准输入的第一行读取密码（用于脚本）",
        "read the password from the first line of standard input (for scripts)",
    ),
    "cli.help.opt.no_password": (
        "不设密码：该账户以其他方式认证（peer、证书，见 pg_hba.conf）",
        "no password: the account authenticates otherwise (peer, certificate; see pg_hba.conf)",
    ),
    "cli.help.unit.add": (
        "新增责任单位（如 市招商促进中心）",
        "add a responsible unit (e.g. the city investment promotion centre)",
    ),
    "cli.help.person.add": (
        "登记人员及其联系方式、提醒渠道",
        "register a person with contacts and reminder channel",
    ),
    "cli.help.person.list": ("列出人员", "list persons"),
    "cli.help.person.edit": (
        "修改人员的职务、联系方式、提醒渠道与备用渠道、语言或督办人标记",
        "change a person's title, contacts, channel and fallbacks, language or supervisor flag",
    ),
    "cli.help.project.add": ("登记一个签约项目", "register a signed project"),
    "cli.help.project.import": (
        "从台账导入项目（.xlsx 或 .csv；UTF-8、GBK、GB18030 自动识别）；有错行则全部不导入",
        "import projects from a ledger (.xlsx or .csv; UTF-8, GBK, GB18030 detected); "
        "any bad row imports nothing",
    ),
    "cli.help.project.list": (
        "列出项目（默认前 50 个），可按单位、状态、产业链、逾期、人员筛选，按文字查找，排序",
        "list projects (the first 50 by default): filter by unit, state, chain, overdue, "
        "person; search; sort",
    ),
    "cli.help.project.show": (
        "查看项目：状态、各项手续及时限、责任人、问题、最近动态",
        "show a project: state, procedures with due dates, persons, problems, last events",
    ),
    "cli.help.project.advance": (
        "推进项目：不给操作时执行唯一的下一步；无可办手续的层级自动通过",
        "advance a project: without TRIGGER the single next step; levels with nothing to do pass",
    ),
    "cli.help.project.suspend": ("暂缓项目（需 --reason）", "suspend a project (needs --reason)"),
    "cli.help.project.resume": (
        "恢复暂缓的项目，回到原状态（需 --reason）",
        "resume a suspended project where it was (needs --reason)",
    ),
    "cli.help.project.terminate": (
        "终止项目（需 --reason）",
        "terminate a project (needs --reason)",
    ),
    "cli.help.project.assign": ("指定项目责任人", "assign a responsible person to a project"),
    "cli.help.project.unassign": ("取消项目责任人", "remove a responsible person from a project"),
    "cli.help.project.history": (
        "项目的完整变更记录（审计日志）",
        "the project's whole audit trail",
    ),
    "cli.help.procedure.list": (
        "列出项目的手续及办理状态、到期日",
        "list a project's procedures with status and due date",
    ),
    "cli.help.procedure.set": (
        "记录手续办理进度：pending 待办、submitted 已提交、accepted 已受理、approved 已批复、"
        "rejected 退回、waived 不适用（需 --reason）、materials_requested 补正中（停止计时，"
        "重新提交后恢复）、on_hold 依法中止计时（听证、专家评审、检验检测、公告，需 --reason）",
        "record procedure progress: pending, submitted, accepted, approved, rejected, "
        "waived (needs --reason), materials_requested (补正: the clock stops until resubmitted), "
        "on_hold (hearing, expert review, testing, public notice: needs --reason)",
    ),
    "cli.help.procedure.show": (
        "显示一项手续的到期日及其计算方法（起算日、停止计时、时限、跳过的非工作日）",
        "show a procedure's due date and how it was counted (start, pauses, limit, "
        "non-working days skipped)",
    ),
    "cli.help.problem.add": ("记录项目的卡脖子问题", "record a problem holding a project back"),
    "cli.help.problem.resolve": ("标记问题已解决", "mark a problem resolved"),
    "cli.help.problem.list": ("列出问题", "list problems"),
    "cli.help.calendar.list": ("列出本办的日历调整", "list the office's calendar overrides"),
    "cli.help.calendar.set": (
        "把某天设为工作日或休息日（本办调整）；在办手续的到期日随之调整",
        "make a day a working day or a closure (office override); due dates of running procedures follow",
    ),
    "cli.help.calendar.refresh": (
        "国家放假安排有更新（新版 chinesecalendar）时，重算在办手续的到期日并记入审计日志",
        "recount the due dates of running procedures when a year's official schedule became "
        "known (a newer chinesecalendar); each move is audited",
    ),
    "cli.help.calendar.clear": (
        "取消某天的本办调整，恢复国家安排",
        "remove an office override: the official schedule applies again",
    ),
    "cli.help.calendar.show": (
        "按月显示日历：工作日、节假日、调休上班日和本办调整",
        "a month grid: working days, holidays, make-up days and office overrides",
    ),
    # --- help: arguments ----------------------------------------------------------------------------
    "cli.help.arg.code": ("项目代码", "project code"),
    "cli.help.arg.workflow": ("流程名称，如 standard", "workflow name, e.g. standard"),
    "cli.help.arg.workflow_files": ("要校验的 YAML 文件", "YAML files to check"),
    "cli.help.arg.unit_name": ("单位名称", "unit name"),
    "cli.help.arg.person_name": ("姓名", "person's name"),
    "cli.help.arg.ledger": ("台账文件（.xlsx 或 .csv）", "ledger file (.xlsx or .csv)"),
    "cli.help.arg.trigger": (
        "操作，如 begin、finish_provincial、finish_city、start_construction（也可写中文名）",
        "trigger, e.g. begin, finish_provincial, finish_city, start_construction",
    ),
    "cli.help.arg.step": (
        "手续代码或名称，如 filing 或 项目备案",
        "procedure key or name, e.g. filing",
    ),
    "cli.help.arg.status": (
        "新状态：submitted、accepted、approved、rejected、waived、pending（也可写中文名）",
        "new status: submitted, accepted, approved, rejected, waived, pending",
    ),
    "cli.help.arg.problem_text": ("问题描述", "what the problem is"),
    "cli.help.arg.problem_id": (
        "问题编号（problem list 中的 #）",
        "problem number (the # of problem list)",
    ),
    "cli.help.arg.day": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "cli.help.arg.month": ("月份 YYYY-MM", "month YYYY-MM"),
    # --- help: options --------------------------------------------------------------------------------
    "cli.help.opt.json": (
        "以 JSON 输出（键名为英文，日期为 ISO 格式）",
        "print JSON (English keys, ISO dates)",
    ),
    "cli.help.opt.on": (
        "生效日期 YYYY-MM-DD（默认今天，不能晚于今天）",
        "effective date YYYY-MM-DD (default today; not in the future)",
    ),
    "cli.help.opt.note": ("备注，记入审计日志", "note for the audit trail"),
    "cli.help.opt.reason": (
        "原因（必填），记入审计日志",
        "reason (required), written to the audit trail",
    ),
    "cli.help.opt.waive_reason": (
        "原因；设为 waived（不适用）时必填",
        "reason; required for waived",
    ),
    "cli.help.opt.workflow_version": (
        "流程版本号（默认最新）",
        "workflow version (default the latest)",
    ),
    "cli.help.opt.unit_kind": (
        "只列出此类单位：county、park、department、enterprise、office",
        "only units of this kind: county, park, department, enterprise, office",
    ),
    "cli.help.opt.unit_kind_add": (
        "单位类别：county 县区、park 园区、department 市直部门、enterprise 市属国企、"
        "office 驻外招商机构，或 [units.kinds] 中新增的类别",
        "kind of unit: county, park, department, enterprise, office, or one added in [units.kinds]",
    ),
    "cli.help.opt.unit_code": ("单位代码（如行政区划代码）", "unit code (e.g. the division code)"),
    "cli.help.opt.name_en": ("英文名称", "English name"),
    "cli.help.opt.person_unit": ("所在单位（名称或代码）", "the person's unit (name or code)"),
    "cli.help.opt.title": ("职务", "job title"),
    "cli.help.opt.phone": ("电话", "phone number"),
    "cli.help.opt.email": ("电子邮箱", "e-mail address"),
    "cli.help.opt.wecom": ("企业微信账号", "WeCom user id"),
    "cli.help.opt.dingtalk": ("钉钉账号", "DingTalk user id"),
    "cli.help.opt.channel": ("首选提醒渠道", "preferred reminder channel"),
    "cli.help.opt.fallback": (
        "首选渠道送达不了时依次改用的渠道，逗号分隔（如 sms,email）；none 不用备用渠道；"
        "default 按配置中该角色的默认路线",
        "channels to try in turn when the preferred one cannot deliver, comma-separated "
        "(e.g. sms,email); none: no fallback; default: the configured route for the role",
    ),
    "cli.help.opt.person_lang": (
        "提醒消息的语言 zh 或 en",
        "language of this person's reminders, zh or en",
    ),
    "cli.help.opt.supervisor": (
        "市级督办人：逾期督办的最后一级",
        "city-level supervisor: the last rung of the overdue ladder",
    ),
    "cli.help.opt.filter_unit": ("只看此单位", "only this unit"),
    "cli.help.opt.filter_state": (
        "只看此状态，如 city 或 市级手续办理中",
        "only this state, e.g. city",
    ),
    "cli.help.opt.filter_chain": ("只看此产业链", "only this industry chain"),
    "cli.help.opt.filter_project": ("只看此项目（项目代码）", "only this project (code)"),
    "cli.help.opt.overdue": ("只看有逾期手续的项目", "only projects with an overdue procedure"),
    "cli.help.opt.limit": ("最多显示 N 行", "show at most N rows"),
    "cli.help.opt.code": (
        "项目代码：全国投资项目代码（2601-621022-04-01-123456）或本地代码（QY-2026-0001）",
        "project code: national (2601-621022-04-01-123456) or local (QY-2026-0001)",
    ),
    "cli.help.opt.project_name": ("项目名称", "project name"),
    "cli.help.opt.investor": ("投资方", "investor"),
    "cli.help.opt.project_unit": ("落地县区或责任单位", "county or unit where the project lands"),
    "cli.help.opt.introduced_by": (
        "引进单位（招商责任单位），默认即落地单位",
        "the unit that brought the project in (default: the landing unit)",
    ),
    "cli.help.opt.chain": (
        "产业链：energy 综合能源、chemicals 油煤气化工、digital 数字经济、equipment 装备制造、"
        "agriculture 现代农业、tourism 文化旅游、health 医药康养、green 绿色环保",
        "industry chain: energy, chemicals, digital, equipment, agriculture, tourism, health, green",
    ),
    "cli.help.opt.amount": (
        "协议投资额（亿元），如 12.5",
        "contract amount in 亿元 (100 million yuan), e.g. 12.5",
    ),
    "cli.help.opt.signed_on": ("签约日期 YYYY-MM-DD", "signing date YYYY-MM-DD"),
    "cli.help.opt.event": (
        "签约活动，如 第三十届兰洽会",
        "signing event, e.g. the 30th Lanzhou fair",
    ),
    "cli.help.opt.workflow": ("使用的流程", "workflow to follow"),
    "cli.help.opt.major": ("重大项目", "a major project"),
    "cli.help.opt.new_land": (
        "需新增建设用地（增加省级用地手续）",
        "needs new construction land (adds provincial land procedures)",
    ),
    "cli.help.opt.hazardous": (
        "涉及危险化学品（增加安全条件审查）",
        "involves hazardous chemicals (adds the safety review)",
    ),
    "cli.help.opt.approval_listed": (
        "列入核准目录（核准而非备案）",
        "listed for approval (approval instead of filing)",
    ),
    "cli.help.opt.approval": (
        "核准目录条目决定的核准层级：filing（备案）、county、city、provincial、national（国务院/国家发展改革委）",
        "who approves it by the catalogue entry: filing, county, city, provincial, national "
        "(State Council or national commission)",
    ),
    "cli.help.opt.in_planned_urban_land": (
        "位于城镇规划建设用地内（免办用地预审）",
        "inside planned urban construction land (no land pre-review)",
    ),
    "cli.help.opt.over_mineral_area": (
        "压覆矿产资源（增加压覆矿产审批）",
        "lies over mineral resources (adds the mineral approval)",
    ),
    "cli.help.opt.relics_zone": (
        "位于文物埋藏区（增加考古调查勘探）",
        "in a relics-sensitive zone (adds the archaeological survey)",
    ),
    "cli.help.opt.uses_forest_or_grassland": (
        "使用林地或草原（增加林地草原审核）",
        "uses forest land or grassland (adds its approval)",
    ),
    "cli.help.opt.abstracts_water": ("需取水（增加取水许可）", "abstracts water (adds the permit)"),
    "cli.help.opt.civil_building": (
        "建设民用建筑（增加设计方案审查、人防审批）",
        "builds civil buildings (adds design scheme and civil air defence)",
    ),
    "cli.help.opt.eia_full": (
        "环评须编制报告书（而非报告表）",
        "needs a full environmental report (not the form)",
    ),
    "cli.help.opt.energy_tce": (
        "年综合能耗（吨标准煤），决定节能审查层级",
        "yearly energy use in tce; decides the energy review's level",
    ),
    "cli.help.opt.planned_start": (
        "计划开工日期 YYYY-MM-DD",
        "planned construction start YYYY-MM-DD",
    ),
    "cli.help.opt.description": ("建设内容", "what will be built"),
    "cli.help.opt.first_responsible": (
        "第一责任人（可重复）",
        "first-responsible person (repeatable)",
    ),
    "cli.help.opt.direct_responsible": (
        "直接责任人（可重复）",
        "direct-responsible person (repeatable)",
    ),
    "cli.help.opt.dry_run": ("只检查并报告，不写入", "check and report, write nothing"),
    "cli.help.opt.create_persons": (
        "台账中尚未登记的责任人自动登记到项目所在单位",
        "add responsible persons the ledger names but the office has not registered, to the project's unit",
    ),
    "cli.help.opt.as_of": ("按某日查看（默认今天）", "as of this date (default today)"),
    "cli.help.opt.events": ("显示最近 N 条动态", "show the last N events"),
    "cli.help.opt.role": (
        "角色：first_responsible 第一责任人、direct_responsible 直接责任人、lead_chief 主办科长、"
        "commissioner 落地专员",
        "role: first_responsible, direct_responsible, lead_chief, commissioner",
    ),
    "cli.help.opt.person": (
        "人员姓名；重名时写 姓名@单位",
        "person's name; NAME@UNIT when two share a name",
    ),
    "cli.help.opt.owner": ("负责解决的人员", "person who owns the problem"),
    "cli.help.opt.resolution": ("如何解决的（必填）", "how it was resolved (required)"),
    "cli.help.opt.open_only": ("只看未解决的问题", "only open problems"),
    "cli.help.opt.workday": (
        "--workday 设为工作日，--closed 设为休息日",
        "--workday makes it a working day, --closed a closure",
    ),
    "cli.help.opt.calendar_note": ("说明，如 防汛停工", "note, e.g. flood closure"),
    # --- output: words, columns, fields ---------------------------------------------------------------
    "cli.word.yes": ("是", "yes"),
    "cli.word.no": ("否", "no"),
    "cli.word.none": ("无", "none"),
    "cli.col.action": ("操作", "Action"),
    "cli.col.actor": ("操作人", "By"),
    "cli.col.amount": ("亿元", "100M ¥"),
    "cli.col.applies_when": ("适用条件", "Applies when"),
    "cli.col.chain": ("产业链", "Chain"),
    "cli.col.change": ("内容", "Change"),
    "cli.col.channel": ("提醒渠道", "Channel"),
    "cli.col.code": ("代码", "Code"),
    "cli.col.column": ("列", "Column"),
    "cli.col.condition": ("条件", "Needs"),
    "cli.col.contact": ("联系方式", "Contact"),
    "cli.col.date": ("日期", "Date"),
    "cli.col.day_kind": ("调整", "Override"),
    "cli.col.due": ("到期日", "Due"),
    "cli.col.from": ("从", "From"),
    "cli.col.in_flight": ("在办", "In flight"),
    "cli.col.kind": ("类别", "Kind"),
    "cli.col.last_progress": ("最近进展", "Last progress"),
    "cli.col.left": ("剩余", "Left"),
    "cli.col.level": ("层级", "Level"),
    "cli.col.stage": ("审批阶段", "Stage"),
    "cli.col.limit": ("时限", "Limit"),
    "cli.col.name": ("名称", "Name"),
    "cli.col.note": ("说明", "Note"),
    "cli.col.opened": ("提出", "Opened"),
    "cli.col.owner": ("负责人", "Owner"),
    "cli.col.person": ("姓名", "Person"),
    "cli.col.phone": ("电话", "Phone"),
    "cli.col.problem": ("问题", "Problem"),
    "cli.col.procedure": ("手续", "Procedure"),
    "cli.col.project": ("项目", "Project"),
    "cli.col.projects": ("项目数", "Projects"),
    "cli.col.reason": ("问题", "Problem"),
    "cli.col.role": ("角色", "Role"),
    "cli.col.row": ("行", "Row"),
    "cli.col.signed_on": ("签约日期", "Signed"),
    "cli.col.state": ("状态", "State"),
    "cli.col.status": ("状态", "Status"),
    "cli.col.step": ("代码", "Key"),
    "cli.col.steps": ("手续数", "Steps"),
    "cli.col.title": ("职务", "Title"),
    "cli.col.to": ("到", "To"),
    "cli.col.trigger": ("操作", "Trigger"),
    "cli.col.unit": ("单位", "Unit"),
    "cli.col.login": ("登录名", "Login"),
    "cli.col.roles": ("角色", "Roles"),
    "cli.col.can_login": ("状态", "Status"),
    "cli.col.version": ("版本", "Version"),
    "cli.col.weekday": ("星期", "Weekday"),
    "cli.col.workflow": ("流程", "Workflow"),
    "cli.field.funds": ("到位资金", "Funds in place"),
    "cli.field.procedures_done": ("手续进度", "Steps done"),
    "cli.field.investor": ("投资方", "Investor"),
    "cli.field.ladder": ("逾期督办", "Overdue ladder"),
    "cli.field.levels": ("层级", "Levels"),
    "cli.field.limits": ("时限", "Limits"),
    "cli.field.next": ("下一步", "Next"),
    "cli.field.progress": ("最近进展", "Last progress"),
    "cli.field.signed": ("签约", "Signed"),
    "cli.field.state": ("状态", "State"),
    "cli.field.unit": ("落地单位", "Unit"),
    "cli.help.unit.import": (
        "从 xlsx/CSV 导入单位（单位名称、单位类别，可选单位代码、英文名称）；全部成功才写入",
        "import units from xlsx/CSV (name, kind; optional code, English name); all or nothing",
    ),
    "cli.help.arg.unit_file": ("单位表（xlsx 或 CSV）", "unit sheet (xlsx or CSV)"),
    "cli.unit.imported": (
        "{file}：{rows} 行，新增 {created} 个、更新 {updated} 个、未变 {unchanged} 个单位",
        "{file}: {rows} rows, {created} units added, {updated} changed, {unchanged} unchanged",
    ),
    "cli.unit.dry_run": ("（试运行，未写入）", "(dry run: nothing written)"),
    "cli.field.introduced_by": ("引进单位", "Introduced by"),
    "cli.field.workflow": ("流程", "Workflow"),
    "cli.weekday.0": ("一", "Mon"),
    "cli.weekday.1": ("二", "Tue"),
    "cli.weekday.2": ("三", "Wed"),
    "cli.weekday.3": ("四", "Thu"),
    "cli.weekday.4": ("五", "Fri"),
    "cli.weekday.5": ("六", "Sat"),
    "cli.weekday.6": ("日", "Sun"),
    # --- output: due dates ------------------------------------------------------------------------------
    "cli.due.left": ("剩 {days} 个工作日", "{days} working days left"),
    "cli.due.today": ("今天到期", "due today"),
    "cli.due.overdue": ("逾期 {days} 个工作日", "overdue {days} working days"),
    "cli.due.provisional": ("{due}（暂定）", "{due} (provisional)"),
    "cli.due.provisional_note": (
        "暂定：该年度国家节假日安排尚未公布，按周末推算，公布后可能变化",
        "Provisional: that year's official holiday schedule is not out yet; weekends only, "
        "may change",
    ),
    # --- output: init -------------------------------------------------------------------------------------
    "cli.init.created": (
        "已创建数据库：{url}（结构版本 {revision}）",
        "Created the database: {url} (schema {revision})",
    ),
    "cli.init.upgraded": (
        "数据库已升级：{url}（结构版本 {old} → {revision}）",
        "Upgraded the database: {url} (schema {old} → {revision})",
    ),
    "cli.init.next": (
        "下一步：qy-landing person add 登记人员，qy-landing project add 或 project import 登记项目",
        "Next: qy-landing person add to register persons, qy-landing project add or "
        "project import to register projects",
    ),
    # --- output: workflows --------------------------------------------------------------------------------
    "cli.workflow.none": ("没有流程定义", "No workflow definitions"),
    "cli.workflow.limits": (
        "全流程 {overall} 个工作日；{idle} 个工作日无进展视为停滞；问题 {problem} 个工作日未解决视为卡滞",
        "overall {overall} working days; stalled after {idle} idle working days; stuck when a "
        "problem is open {problem} working days",
    ),
    "cli.workflow.rung": (
        "{who}（逾期 {after} 个工作日起）",
        "{who} (from {after} working days overdue)",
    ),
    "cli.workflow.states": ("状态", "States"),
    "cli.workflow.transitions": ("转换", "Transitions"),
    "cli.workflow.steps": ("手续", "Procedures"),
    "cli.workflow.initial": ("（初始）", " (initial)"),
    "cli.workflow.previous": ("原状态", "where it was"),
    "cli.workflow.always": ("总是", "always"),
    "cli.workflow.after": ("先办：{steps}", "after: {steps}"),
    "cli.workflow.check_ok": (
        "{file}：正确（流程 {name}，{states} 个状态，{steps} 项手续）",
        "{file}: OK (workflow {name}, {states} states, {steps} procedures)",
    ),
    "cli.help.workflow.load": (
        "把流程定义文件载入数据库（不给文件则载入 workflows/ 及 QY_LANDING_WORKFLOWS）",
        "load definition files into the database (without files: workflows/ and QY_LANDING_WORKFLOWS)",
    ),
    "cli.help.workflow.migrate": (
        "把在办项目迁移到流程的新版本：默认只预演并逐项目列出变化，加 --apply 才执行",
        "move projects in flight to a newer version: a dry run listing each project's changes, unless --apply",
    ),
    "cli.help.opt.migrate_to": ("目标版本（默认最新）", "target version (default: the latest)"),
    "cli.help.opt.migrate_code": ("只迁移这些项目（可重复）", "only these projects (repeatable)"),
    "cli.help.opt.migrate_apply": (
        "执行迁移（否则只预演）",
        "carry out the migration (else a dry run)",
    ),
    "cli.workflow.migrate_nothing": (
        "流程 {name} 没有需要迁移到 v{version} 的在办项目",
        "No project in flight needs moving to {name} v{version}",
    ),
    "cli.workflow.migrate_change": ("变化", "Changes"),
    "cli.workflow.migrate_blocked": ("无法迁移的原因", "Blocked by"),
    "cli.workflow.migrate_dry_run": (
        "预演：{moved} 个项目可迁移到 {name} v{version}，{blocked} 个受阻；加 --apply 执行",
        "Dry run: {moved} projects can move to {name} v{version}, {blocked} blocked; add --apply to do it",
    ),
    "cli.workflow.migrate_applied": (
        "已把 {moved} 个项目迁移到 {name} v{version}；{blocked} 个受阻，保持原版本",
        "Moved {moved} projects to {name} v{version}; {blocked} blocked stay where they are",
    ),
    "cli.workflow.check_failed": (
        "{total} 个文件中有 {bad} 个有误",
        "{bad} of {total} files are invalid",
    ),
    "cli.state_kind.normal": ("办理", "normal"),
    "cli.state_kind.suspended": ("暂缓", "suspended"),
    "cli.state_kind.final": ("终态", "final"),
    "cli.guard.level_complete": (
        "本级手续全部批复或不适用",
        "this level's procedures approved or waived",
    ),
    "cli.guard.all_complete": ("全部手续批复或不适用", "all procedures approved or waived"),
    "cli.guard.reason": ("需填原因", "a reason"),
    # --- output: units, persons ----------------------------------------------------------------------------
    "cli.unit.none": ("没有责任单位", "No units"),
    "cli.user.none": ("没有账户", "No accounts"),
    "cli.user.added": (
        "已新增账户 {name}（{role}，{unit}）",
        "Added account {name} ({role}, {unit})",
    ),
    "cli.user.enabled": ("可登录", "yes"),
    "cli.user.disabled": ("已停用", "disabled"),
    "cli.user.password_prompt": ("密码：", "Password: "),
    "cli.user.password_again": ("再次输入密码：", "Password again: "),
    "cli.user.password_set": ("已修改账户 {name} 的密码", "Password of {name} set"),
    "cli.user.whoami": (
        "账户 {login}，单位 {unit}，角色 {roles}",
        "Account {login}, unit {unit}, roles {roles}",
    ),
    "cli.user.whoami_superuser": (
        "账户 {login} 是 PostgreSQL 超级用户：不受任何行级安全策略约束（日常使用请改用普通账户）",
        "Account {login} is a PostgreSQL superuser: no row-level security policy applies (use an ordinary account day to day)",
    ),
    "cli.user.whoami_sqlite": (
        "SQLite 数据库没有账户：审计记录中的操作人是 {login}（操作系统用户或 --as）；共享的 SQLite 文件不提供任何保护",
        "A SQLite database has no accounts: the audit trail records {login} (the OS user or --as); a shared SQLite file protects nothing",
    ),
    "cli.user.can.staff": (
        "可以查看和修改{unit}的项目（及其手续、责任人、问题、资金、承诺、审计记录）",
        "may read and change the projects of {unit} (and their procedures, assignments, problems, funds, commitments, audit trail)",
    ),
    "cli.user.can.office": (
        "可以查看和修改所有单位的项目",
        "may read and change every unit's projects",
    ),
    "cli.user.can.leader": (
        "可以查看所有单位的项目，不能修改",
        "may read every unit's projects, not change them",
    ),
    "cli.user.can.auditor": (
        "可以查看审计记录（及其涉及的项目）",
        "may read the audit trail (and the projects it names)",
    ),
    "cli.user.can.scheduler": (
        "可以读取提醒所需的数据并发送提醒，不能修改项目",
        "may read what reminders need and send them, not change projects",
    ),
    "cli.unit.added": (
        "已新增责任单位 {name}（{kind}，代码 {code}）",
        "Added unit {name} ({kind}, code {code})",
    ),
    "cli.person.added": (
        "已登记 {name}（{unit}），提醒经{channel}，语言 {language}",
        "Registered {name} ({unit}); reminders by {channel} in {language}",
    ),
    "cli.person.is_supervisor": (
        "已设为市级督办人（逾期督办的最后一级）",
        "Marked as city supervisor (last rung of the overdue ladder)",
    ),
    "cli.person.none": ("没有登记人员", "No persons registered"),
    "cli.person.office_route": (
        "{channel}（或按角色的默认路线）",
        "{channel} (or the office's route for the role)",
    ),
    "cli.person.edited": ("已修改 {name}：{fields}", "Changed {name}: {fields}"),
    "cli.person.unchanged": ("{name} 没有变化", "Nothing changed for {name}"),
    "cli.person.route": ("提醒路线：{route}", "Reminder route: {route}"),
    "cli.person.supervisor_legend": ("★ 市级督办人", "★ city supervisor"),
    # --- output: projects --------------------------------------------------------------------------------------
    "cli.project.added": (
        "已登记项目 {code}「{name}」，状态：{state}",
        "Registered project {code} '{name}', state: {state}",
    ),
    "cli.project.procedures": (
        "适用手续 {count} 项：{levels}",
        "{count} procedures apply: {levels}",
    ),
    "cli.project.per_level": ("{level} {count} 项", "{level} {count}"),
    "cli.project.next_hint": (
        "下一步：qy-landing project advance {code}",
        "Next: qy-landing project advance {code}",
    ),
    "cli.project.none": ("没有符合条件的项目", "No projects match"),
    "cli.project.shown": (
        "显示 {shown} / 共 {total} 个项目（--all 显示全部，--limit N 指定条数）",
        "showing {shown} of {total} projects (--all for every one, --limit N for another number)",
    ),
    "cli.help.opt.list_limit": ("每页显示 N 行（默认 50）", "show N rows (default 50)"),
    "cli.help.opt.all": (
        "显示全部项目（边读边显示；终端上用分页器）",
        "show every project (printed as read; through a pager on a terminal)",
    ),
    "cli.help.opt.wide": (
        "显示全部列，不因终端窄而隐藏",
        "show every column, none hidden to fit a narrow terminal",
    ),
    "cli.table.hidden": (
        "终端较窄，未显示：{columns}（加 --wide 显示全部列）",
        "Not shown at this width: {columns} (--wide shows every column)",
    ),
    "cli.help.opt.search": (
        "按项目代码、名称或投资方中的文字查找（中文子串亦可）",
        "find by text in the code, name or investor (any substring, Chinese too)",
    ),
    "cli.help.opt.sort": (
        "排序：signed 签约日期（默认，新的在前）、code、name、amount 投资额、unit、state",
        "order: signed (default, newest first), code, name, amount, unit, state",
    ),
    "cli.help.opt.filter_person": (
        "只看此人负责的项目（任一角色）",
        "only projects this person is assigned to",
    ),
    "cli.project.total": (
        "共 {count} 个项目，协议投资额合计 {amount} 亿元",
        "{count} projects, contract amount {amount} 亿元 in all",
    ),
    "cli.project.open_count": ("{count} 项手续未办结", "{count} procedures open"),
    "cli.project.overdue_count": ("{count} 项逾期", "{count} overdue"),
    "cli.project.amount": ("{amount} 亿元", "{amount} 亿元"),
    "cli.project.major": ("重大项目", "major project"),
    "cli.project.since": ("，自 {on}", " since {on}"),
    "cli.project.suspended_from": ("（暂缓前：{state}）", " (was: {state})"),
    "cli.project.started_on": ("，{on} 开工", ", construction started {on}"),
    "cli.project.last_progress": (
        "{on}（已 {days} 个工作日无进展）",
        "{on} ({days} working days idle)",
    ),
    "cli.project.next_trigger": (
        "可执行 {trigger}：qy-landing project advance {code}",
        "{trigger} is allowed: qy-landing project advance {code}",
    ),
    "cli.project.level_waiting": (
        "待{level}手续办结：{steps}",
        "waiting for {level} procedures: {steps}",
    ),
    "cli.project.allowed": ("可执行：{triggers}", "allowed: {triggers}"),
    "cli.project.no_next": ("无（已办结）", "none (closed)"),
    "cli.project.procedures_title": ("手续", "Procedures"),
    "cli.project.waiting_for": ("└等待：{steps}", "└ waiting for: {steps}"),
    "cli.project.assignments_title": ("责任人", "Responsible persons"),
    "cli.project.no_assignments": (
        "尚未指定责任人：qy-landing project assign CODE --role ROLE --person NAME",
        "No responsible persons yet: qy-landing project assign CODE --role ROLE --person NAME",
    ),
    "cli.project.problems_title": ("未解决的问题", "Open problems"),
    "cli.project.open_days": ("已 {days} 个工作日", "{days} working days"),
    "cli.project.events_title": ("最近动态", "Last events"),
    "cli.project.assigned": ("项目 {code}：{role} {person}", "Project {code}: {person} is {role}"),
    "cli.project.unassigned": (
        "项目 {code}：已取消 {role} {person}",
        "Project {code}: {person} is no longer {role}",
    ),
    "cli.action.auto_pass": ("自动通过", "passed"),
    "cli.import.changed": ("  {code}：{fields}", "  {code}: {fields}"),
    "cli.import.changed_more": ("  ……另有 {count} 个项目", "  … and {count} more projects"),
    "cli.event.note": ("备注：{note}", "note: {note}"),
    "cli.event.amount": ("{amount} 亿元", "{amount} 亿元 (100 million yuan)"),
    "cli.note.import": ("导入", "import"),
    "cli.note.create": ("登记", "registration"),
    "cli.note.demo": ("演示数据", "demo data"),
    "cli.advance.move": (
        "项目 {code}：{source} → {dest}（{trigger}）",
        "Project {code}: {source} → {dest} ({trigger})",
    ),
    "cli.advance.next": ("下一步：{next}", "Next: {next}"),
    "cli.advance.auto_pass": (
        "  {source} → {dest}：本级无适用手续，自动通过",
        "  {source} → {dest}: no procedure at this level, passed automatically",
    ),
    "cli.advance.now": ("项目 {code} 当前状态：{state}", "Project {code} is now: {state}"),
    # --- output: import ------------------------------------------------------------------------------------------
    "cli.import.progress": ("导入台账", "Importing"),
    "cli.import.read": ("已读取 {file}{source}：{rows} 行", "Read {file}{source}: {rows} rows"),
    "cli.import.summary": (
        "新增 {created} 个项目，更新 {updated} 个，{unchanged} 个无变化",
        "{created} projects created, {updated} updated, {unchanged} unchanged",
    ),
    "cli.import.dry_run_summary": (
        "试运行：将新增 {created} 个项目，更新 {updated} 个，{unchanged} 个无变化",
        "Dry run: would create {created} projects, update {updated}, leave {unchanged} unchanged",
    ),
    "cli.import.persons_created": (
        "新登记责任人 {count} 人：{names}",
        "{count} persons added: {names}",
    ),
    "cli.import.persons_would": (
        "将新登记责任人 {count} 人：{names}",
        "would add {count} persons: {names}",
    ),
    "cli.import.dry_run_note": (
        "试运行未写入任何数据；去掉 --dry-run 正式导入",
        "Nothing was written; run again without --dry-run to import",
    ),
    "cli.import.ignored_columns": ("未使用的列：{columns}", "Columns not used: {columns}"),
    "cli.import.skipped_rows": (
        "跳过的非项目行（标题、合计等）：第 {rows} 行",
        "Rows skipped (titles, totals, notes): {rows}",
    ),
    "cli.import.problems_title": ("台账中的错误", "Problems in the ledger"),
    "cli.import.rejected": (
        "{file} 有 {count} 行有误，未导入任何数据；请改正上表所列问题后重新导入",
        "{file} has {count} bad rows; nothing was imported. Fix the problems listed above and "
        "import again",
    ),
    "cli.import.stopped": (
        "{file} 导入中途停止：前 {batches} 批共 {written} 行（至第 {last_written_row} 行）已写入，"
        "第 {resume_row} 行起未写入，因为检查之后有人修改了数据（见上表）；"
        "改正后重新导入同一文件即可补全（已写入的项目按代码匹配，不会重复）",
        "{file}: the import stopped part-way: {written} rows in {batches} batches (up to row "
        "{last_written_row}) were written, rows from {resume_row} on were not, because someone "
        "changed the data after the check (see above). Fix this and import the same file again "
        "to complete it (projects already written are matched by code, nothing is doubled)",
    ),
    # --- output: procedures, problems -------------------------------------------------------------------------------
    "cli.procedure.none": ("该项目没有适用的手续", "No procedures apply to this project"),
    "cli.procedure.changed": (
        "项目 {code}：{step} {old} → {new}",
        "Project {code}: {step} {old} → {new}",
    ),
    "cli.procedure.due": ("到期日：{due}", "Due: {due}"),
    "cli.clock.status": ("项目 {code}：{step}（{status}）", "Project {code}: {step} ({status})"),
    "cli.clock.not_started": (
        "尚未起算：未提交，或未受理且不适用受理视同（行政许可法第三十二条）",
        "The clock has not started: not submitted, or not accepted and no deemed acceptance "
        "applies (Art. 32)",
    ),
    "cli.clock.start.accepted": (
        "起算：{on} 受理（行政许可法第四十二条；当日不计入）",
        "Counted from: acceptance on {on} (Art. 42; that day not counted)",
    ),
    "cli.clock.start.submitted": (
        "起算：{on} 提交（该手续自收到申请之日起算；当日不计入）",
        "Counted from: submission on {on} (this step counts from receipt; that day not counted)",
    ),
    "cli.clock.start.deemed": (
        "起算：{on} 提交（{days} 个工作日内未受理的申请，视为收到即受理：行政许可法第三十二条；"
        "当日不计入）",
        "Counted from: submission on {on} (an application not accepted within {days} working "
        "days counts as accepted on receipt: Art. 32(4); that day not counted)",
    ),
    "cli.clock.pause": (
        "停止计时：{status} {start} 至 {end}，{days} 个工作日不计入{reason}",
        "Clock stopped: {status} from {start} to {end}, {days} working days left out{reason}",
    ),
    "cli.clock.pause_open": ("至今", "now"),
    "cli.clock.limit": (
        "时限：{limit} 个工作日（已用 {used} 个工作日后恢复计时）",
        "Limit: {limit} working days ({used} used before the clock last resumed)",
    ),
    "cli.clock.limit_plain": ("时限：{limit} 个工作日", "Limit: {limit} working days"),
    "cli.clock.due": (
        "到期日：{due}（其间跳过 {skipped} 个非工作日）",
        "Due: {due} ({skipped} non-working days skipped)",
    ),
    "cli.clock.paused": (
        "计时已停止，恢复后重新计算到期日",
        "The clock is stopped: due again once it resumes",
    ),
    "cli.clock.provisional": (
        "暂定：所涉年度国家节假日安排尚未公布，按法定节假日推算，公布后自动重算",
        "Provisional: a year's official holiday schedule is not out yet; counted with the "
        "statutory holidays and recounted when it is published",
    ),
    "cli.procedure.due_provisional": (
        "到期日：{due}（暂定：该年度节假日安排尚未公布）",
        "Due: {due} (provisional: that year's holiday schedule is not out yet)",
    ),
    "cli.problem.added": (
        "已记录问题 #{id}（项目 {code}，{on}）",
        "Recorded problem #{id} (project {code}, {on})",
    ),
    "cli.problem.resolved": ("问题 #{id} 已于 {on} 解决", "Problem #{id} resolved on {on}"),
    "cli.problem.none": ("没有问题", "No problems"),
    "cli.problem.open": ("未解决", "open"),
    "cli.problem.owner": ("负责人：{owner}", "owner: {owner}"),
    "cli.problem.opened_on": ("{on} 提出", "opened {on}"),
    "cli.problem.closed": ("{on} 已解决", "resolved {on}"),
    # --- output: calendar ---------------------------------------------------------------------------------------------
    "cli.calendar.no_overrides": ("没有本办日历调整", "No office overrides"),
    "cli.calendar.set_workday": (
        "{day}（星期{weekday}）设为工作日",
        "{day} ({weekday}) is now a working day",
    ),
    "cli.calendar.set_closed": (
        "{day}（星期{weekday}）设为休息日",
        "{day} ({weekday}) is now a closure",
    ),
    "cli.calendar.cleared": ("{day} 恢复国家安排", "{day} follows the official schedule again"),
    "cli.calendar.refreshed": (
        "{years} 年的放假安排已更新",
        "The holiday schedule of {years} changed",
    ),
    "cli.calendar.unchanged": (
        "放假安排没有变化，到期日无需重算",
        "No holiday schedule changed; no due date to recount",
    ),
    "cli.calendar.moved_one": ("{code} {step}：{old} → {new}", "{code} {step}: {old} → {new}"),
    "cli.calendar.moved": (
        "{count} 项在办手续的到期日随之调整",
        "{count} running procedures got a new due date",
    ),
    "cli.calendar.month_title": ("{year} 年 {month} 月", "{year}-{mm}"),
    "cli.calendar.legend": (
        "休 = 节假日，班 = 调休上班日，闭 = 本办休息，开 = 本办上班；周末不标",
        "H = holiday, M = make-up working day, C = office closure, O = office working day; "
        "weekends unmarked",
    ),
    "cli.calendar.workdays": ("本月工作日 {count} 天", "{count} working days this month"),
    "cli.calendar.holiday_line": ("{name}：{days}", "{name}: {days}"),
    "cli.calendar.range": ("{start} 至 {end}", "{start} to {end}"),
    "cli.calendar.days_off": ("{days} 放假", "off {days}"),
    "cli.calendar.makeup_days": ("{days} 调休上班", "make-up working days {days}"),
    "cli.calendar.override_line": ("{day}：{kind} {note}", "{day}: {kind} {note}"),
    "cli.calendar.provisional": (
        "{year} 年国家节假日安排尚未公布：只按周末计算，日期为暂定",
        "The official holiday schedule of {year} is not out yet: weekends only, dates are "
        "provisional",
    ),
    "cli.calendar.kind.opened": ("本办上班", "office working day"),
    "cli.calendar.kind.closed": ("本办休息", "office closure"),
    "cli.calendar.mark.workday": ("", ""),
    "cli.calendar.mark.weekend": ("", ""),
    "cli.calendar.mark.holiday": ("休", "H"),
    "cli.calendar.mark.makeup": ("班", "M"),
    "cli.calendar.mark.closed": ("闭", "C"),
    "cli.calendar.mark.opened": ("开", "O"),
    "cli.error.workday_or_closed": (
        "请指明 {day} 设为工作日还是休息日：--workday 或 --closed",
        "Say whether {day} is a working day or a closure: --workday or --closed",
    ),
}
