"""Core catalogue: names of domain words and the library's error messages. key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- words ------------------------------------------------------------------------
    "word.none": ("无", "none"),
    "word.provisional": ("暂定", "provisional"),
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    # --- nouns (what an error is about) -------------------------------------------------
    "noun.project": ("项目", "project"),
    "noun.sort": ("排序", "sort order"),
    "sort.signed": ("签约日期", "signed"),
    "sort.code": ("项目代码", "code"),
    "sort.name": ("项目名称", "name"),
    "sort.amount": ("投资额", "amount"),
    "sort.unit": ("责任单位", "unit"),
    "sort.state": ("状态", "state"),
    "noun.project_code": ("项目代码", "project code"),
    "noun.unit": ("责任单位", "unit"),
    "noun.person": ("人员", "person"),
    "noun.account": ("账户", "account"),
    "noun.login": ("登录名", "login name"),
    "noun.password": ("密码", "password"),
    "noun.account_role": ("账户角色", "account role"),
    "account_role.staff": ("单位人员", "unit staff"),
    "account_role.office": ("办公室", "office staff"),
    "account_role.leader": ("领导", "leader"),
    "account_role.auditor": ("审计", "auditor"),
    "account_role.scheduler": ("提醒调度程序", "scheduler daemon"),
    "noun.role": ("角色", "role"),
    "noun.chain": ("产业链", "industry chain"),
    "noun.level": ("层级", "level"),
    "noun.status": ("手续状态", "procedure status"),
    "noun.step": ("手续", "procedure"),
    "noun.approval": ("核准/备案", "approval or filing"),
    "noun.approval_level": ("核准层级", "approval level"),
    "approval.filing": ("备案", "filing"),
    "approval.county": ("县级核准", "county approval"),
    "approval.city": ("市级核准", "city approval"),
    "approval.provincial": ("省级核准", "provincial approval"),
    "approval.national": ("国家核准", "national approval"),
    "noun.state": ("状态", "state"),
    "noun.signing": ("签约", "signing"),
    "noun.trigger": ("操作", "trigger"),
    "noun.workflow": ("流程", "workflow"),
    "noun.workflow_version": ("流程版本", "workflow version"),
    "noun.problem": ("问题", "problem"),
    "noun.date": ("日期", "date"),
    "noun.event": ("记录", "record"),
    "noun.datetime": ("时间", "date and time"),
    "noun.month": ("月份", "month"),
    "noun.amount": ("协议投资额（亿元）", "contract amount (100 million yuan)"),
    "noun.funds": ("到位资金（亿元）", "funds in place (100 million yuan)"),
    "noun.energy_tce": ("年综合能耗（吨标准煤）", "yearly energy use (tce)"),
    "noun.unit_kind": ("单位类别", "unit kind"),
    "noun.channel": ("提醒渠道", "reminder channel"),
    "noun.fallback": ("备用渠道", "fallback channels"),
    "noun.language": ("语言", "language"),
    "noun.email": ("电子邮箱", "e-mail address"),
    "noun.phone": ("电话", "phone"),
    "noun.name": ("名称", "name"),
    "noun.text": ("内容", "text"),
    "noun.reason": ("原因", "reason"),
    "noun.number": ("数值", "number"),
    "noun.file": ("文件", "file"),
    "noun.column": ("列", "column"),
    "noun.format": ("格式", "format"),
    "noun.kind": ("类型", "kind"),
    "noun.reminder": ("提醒", "reminder"),
    "noun.reminder_kind": ("提醒类型", "reminder kind"),
    "noun.reminder_status": ("提醒状态", "reminder status"),
    "noun.option": ("选项", "option"),
    "noun.unit_code": ("单位代码", "unit code"),
    "noun.signing_event": ("签约活动", "signing event"),
    "noun.investor": ("投资方", "investor"),
    "noun.title": ("职务", "title"),
    "noun.wecom": ("企业微信账号", "WeCom id"),
    "noun.dingtalk": ("钉钉账号", "DingTalk id"),
    "noun.actor": ("操作人", "acting person"),
    "noun.description": ("建设内容", "description"),
    "noun.closure": ("日历调整", "calendar override"),
    # --- states of the shipped workflows ----------------------------------------------------
    "state.signed": ("已签约", "signed"),
    "state.provincial": ("省级手续办理中", "provincial procedures"),
    "state.city": ("市级手续办理中", "city procedures"),
    "state.county": ("县级手续办理中", "county procedures"),
    "state.started": ("已开工", "started"),
    "state.suspended": ("暂缓", "suspended"),
    "state.terminated": ("终止", "terminated"),
    # --- triggers of the shipped workflows ---------------------------------------------------
    "trigger.begin": ("开始办理手续", "begin procedures"),
    "trigger.finish_provincial": ("完成省级手续", "finish provincial procedures"),
    "trigger.finish_city": ("完成市级手续", "finish city procedures"),
    "trigger.start_construction": ("开工", "start construction"),
    "trigger.suspend": ("暂缓", "suspend"),
    "trigger.resume": ("恢复", "resume"),
    "trigger.terminate": ("终止", "terminate"),
    # --- levels, roles, statuses ------------------------------------------------------------
    "level.provincial": ("省级", "provincial"),
    "level.city": ("市级", "city"),
    "level.county": ("县级", "county"),
    "role.first_responsible": ("第一责任人", "first-responsible"),
    "role.direct_responsible": ("直接责任人", "direct-responsible"),
    "role.lead_chief": ("主办科长", "lead section chief"),
    "role.commissioner": ("落地专员", "landing commissioner"),
    "role.supervisor": ("市级督办人", "city supervisor"),
    "status.pending": ("待办", "pending"),
    "status.submitted": ("已提交", "submitted"),
    "status.accepted": ("已受理", "accepted"),
    "status.approved": ("已批复", "approved"),
    "status.rejected": ("退回", "rejected"),
    "status.waived": ("不适用", "waived"),
    "status.materials_requested": ("补正中", "materials requested"),
    "status.on_hold": ("依法中止计时", "on hold by law"),
    # --- industry chains (产业链) -------------------------------------------------------------
    "chain.energy": ("综合能源", "comprehensive energy"),
    "chain.chemicals": ("油煤气化工", "oil, coal and gas chemicals"),
    "chain.digital": ("数字经济", "digital economy"),
    "chain.equipment": ("装备制造", "equipment manufacturing"),
    "chain.agriculture": ("现代农业", "modern agriculture"),
    "chain.tourism": ("文化旅游", "culture and tourism"),
    "chain.health": ("医药康养", "medicine and health care"),
    "chain.green": ("绿色环保", "green and environmental"),
    # --- unit kinds, code kinds, channels -------------------------------------------------------
    "group_by.landing": ("落地单位", "landing unit"),
    "group_by.introducing": ("引进单位", "introducing unit"),
    "noun.group_by": ("分组方式", "grouping"),
    "noun.indicator": ("指标", "indicator"),
    "noun.year": ("年度", "year"),
    "noun.target": ("目标值", "target"),
    "noun.done": ("完成值", "done"),
    "noun.board": ("榜单", "board"),
    "indicator.signed_count": ("签约项目", "projects signed"),
    "indicator.signed_amount": ("签约金额（亿元）", "amount signed (亿元)"),
    "indicator.started_count": ("开工项目", "projects started"),
    "indicator.funds_out": ("省外到位资金（亿元）", "out-of-province funds in place (亿元)"),
    "expect.year": ("2000 至 2100 之间的年份", "a year between 2000 and 2100"),
    "expect.whole_number": ("不小于 0 的整数", "a whole number not below 0"),
    "expect.own_indicator_only": (
        "仅自定义指标可填报完成值（内置指标由项目数据计算）",
        "a done value only for the office's own indicators (built-in ones are measured)",
    ),
    "row.same_target": (
        "与第 {other} 行的同一单位同一指标重复",
        "same unit and indicator as row {other}",
    ),
    "row.same_unit": ("与第 {other} 行单位名称重复", "same unit name as row {other}"),
    "row.same_code": ("与第 {other} 行单位代码重复", "same unit code as row {other}"),
    "row.code_taken": (
        "单位代码 {code} 已属于 {unit}",
        "unit code {code} already belongs to {unit}",
    ),
    "unit_kind.county": ("县区", "county/district"),
    "unit_kind.park": ("园区", "industrial park"),
    "unit_kind.department": ("市直部门", "city department"),
    "unit_kind.enterprise": ("市属国企", "city state-owned enterprise"),
    "unit_kind.office": ("驻外招商机构", "investment-promotion office elsewhere"),
    "code_kind.national": ("全国投资项目代码", "national project code"),
    "code_kind.local": ("本地临时代码", "local code"),
    "channel.console": ("控制台", "console"),
    "channel.email": ("电子邮件", "e-mail"),
    "channel.wecom": ("企业微信", "WeCom"),
    "channel.dingtalk": ("钉钉", "DingTalk"),
    "channel.webhook": ("Webhook", "webhook"),
    "channel.wecom_app": ("企业微信应用消息", "WeCom app message"),
    "channel.dingtalk_work": ("钉钉工作通知", "DingTalk work notice"),
    "channel.sms": ("短信", "SMS"),
    "stage.project_land": ("立项用地规划许可", "project, land and planning permits"),
    "stage.engineering": ("工程建设许可", "engineering permits"),
    "stage.construction": ("施工许可", "construction permit"),
    "stage.acceptance": ("竣工验收", "completion acceptance"),
    # --- audit trail actions ------------------------------------------------------------------
    "action.create": ("登记", "created"),
    "action.import": ("导入", "imported"),
    "action.trigger": ("推进", "advanced"),
    "action.auto_pass": (
        "自动通过（本级无适用手续）",
        "passed automatically (no applicable procedure)",
    ),
    "action.procedure": ("手续状态", "procedure status"),
    "action.procedure_added": ("新增手续", "procedure added"),
    "action.procedure_removed": ("移除手续", "procedure removed"),
    "action.due_changed": ("办理时限调整", "due date changed"),
    "action.procedure_level": ("手续层级调整", "procedure level changed"),
    "action.assign": ("指定责任人", "assigned"),
    "action.unassign": ("取消指定", "unassigned"),
    "action.problem_open": ("提出问题", "problem opened"),
    "action.problem_resolve": ("解决问题", "problem resolved"),
    "action.facts": ("项目信息变更", "project details changed"),
    "action.migrate": ("流程版本迁移", "workflow migrated"),
    "action.procedure_renamed": ("手续改名（进度保留）", "procedure renamed (progress kept)"),
    "action.funds": ("到位资金", "funds in place"),
    "action.suspend": ("暂缓", "suspended"),
    "action.resume": ("恢复", "resumed"),
    "action.terminate": ("终止", "terminated"),
    "action.commitment_add": ("承诺事项", "commitment made"),
    "action.commitment_done": ("承诺已办结", "commitment done"),
    "action.commitment_withdraw": ("撤回承诺", "commitment withdrawn"),
    "action.meeting_note": ("调度会记录", "meeting note"),
    "action.correct": ("更正", "correction"),
    "action.void": ("撤销记录", "record undone"),
    "action.fact_corrected": ("更正登记信息", "registered detail corrected"),
    # --- expected forms ---------------------------------------------------------------------------
    "expect.date": (
        "{earliest}–{latest} 年间的日期，如 2026-10-05、2026/10/5、2026.10.5、2026年10月5日 或 20261005",
        "a date from {earliest} to {latest}, e.g. 2026-10-05, 2026/10/5, 2026.10.5, 2026年10月5日 or 20261005",
    ),
    "expect.datetime": (
        "日期或日期加时间，如 2026-10-12 或 2026-10-12T09:30（也可写 2026/10/12 09:30）",
        "a date or a date and time, e.g. 2026-10-12 or 2026-10-12T09:30 (also 2026/10/12 09:30)",
    ),
    "expect.month": (
        "{earliest}–{latest} 年间的月份，如 2026-10、2026/10 或 2026年10月",
        "a month from {earliest} to {latest}, e.g. 2026-10, 2026/10 or 2026年10月",
    ),
    "expect.date_or_month": (
        "{earliest}–{latest} 年间的日期或月份，如 2026-07-10、2026/7/10、2026年7月10日、2026-07 或 2026年7月",
        "a date or month from {earliest} to {latest}, e.g. 2026-07-10, 2026/7/10, 2026年7月10日, 2026-07 or 2026年7月",
    ),
    "expect.amount": (
        "0 至 {maximum} 亿元、最多 4 位小数的金额，如 12.5（亿元）、12.5亿、5000万 或 5,000万元",
        "an amount from 0 to {maximum} 亿元 (100 million yuan), at most 4 decimals, e.g. 12.5 (亿元), 12.5亿, 5000万 or 5,000万元",
    ),
    "expect.number": (
        "0 至 {maximum} 之间的数，如 12000、12,000 或 1.2万",
        "a number from 0 to {maximum}, e.g. 12000, 12,000 or 1.2万",
    ),
    "expect.positive_int": (
        "正整数（1 至 999,999,999）",
        "a whole number above 0 (1 to 999,999,999)",
    ),
    "expect.int_range": ("{low} 到 {high} 之间的整数", "a whole number from {low} to {high}"),
    "expect.date_range": ("{low} 至 {high} 之间的日期", "a date from {low} to {high}"),
    "expect.amount_range": (
        "0 到 {high} 亿元之间的金额",
        "an amount from 0 to {high} (100 million yuan)",
    ),
    "expect.number_range": ("0 到 {high} 之间的数字", "a number from 0 to {high}"),
    "expect.project_code": (
        "全国投资项目代码（如 2601-621022-04-01-123456）或本地代码（如 QY-2026-0001）",
        "a national project code (e.g. 2601-621022-04-01-123456) or a local code (e.g. QY-2026-0001)",
    ),
    # --- project codes (codes.py) ------------------------------------------------------------------
    "code.shape.national": (
        "YYMM-RRRRRR-DD-TT-NNNNNN（年月-行政区划代码-部门代码-类型代码-流水号及校验码），如 {example}",
        "YYMM-RRRRRR-DD-TT-NNNNNN (year and month, division code, department, type, serial and "
        "check digit), e.g. {example}",
    ),
    "code.bad_shape": (
        "既不是全国投资项目代码（4-6-2-2-6 位数字，以短横线连接）也不是本地代码",
        "it is neither a national project code (4-6-2-2-6 digits joined by dashes) "
        "nor a local code",
    ),
    "code.month": (
        "时间码 {time} 的月份 {month} 不在 01–12 之间（也不是 {first} 年以后的旧式年份 YYYY）",
        "the time code {time} has month {month}, not 01–12 (nor is it an older-form year "
        "YYYY from {first} on)",
    ),
    "code.time_early": (
        "时间码 {time} 表示 {year} 年，早于投资项目在线审批监管平台赋码（{first} 年起）",
        "the time code {time} means {year}, before the online approval platform issued codes "
        "(from {first})",
    ),
    "code.region_outside": (
        "区划代码 {region} 不在甘肃省（甘肃的代码以 62 开头）",
        "the region code {region} is not in Gansu (Gansu's codes start with 62)",
    ),
    "code.region_unknown": (
        "区划代码 {region} 不是甘肃省现行的县级以上行政区划代码",
        "the region code {region} is not a current division code of Gansu",
    ),
    "code.region_unknown_in": (
        "区划代码 {region} 不是现行行政区划代码；{prefecture}的县级区划为：{near}",
        "the region code {region} is not a current division code; the county-level divisions "
        "of {prefecture} are {near}",
    ),
    "code.region_mismatch": (
        "区划代码 {region} 与落地单位「{unit}」不一致，该单位的项目应使用：{allowed}",
        "the region code {region} does not belong to the landing unit '{unit}', whose projects "
        "use {allowed}",
    ),
    "code.region_wider": (
        "区划代码 {region} 是市级或省级代码，落地单位「{unit}」的项目应使用：{allowed}"
        "（如确需使用，请在 qy-landing.toml 的 [codes.region_scope] 中为该单位设为 city 或 province）",
        "the region code {region} is a city- or province-level code; the projects of '{unit}' "
        "use {allowed} (an office that accepts wider codes for this unit sets it to city or "
        "province in [codes.region_scope] of qy-landing.toml)",
    ),
    "expect.email": ("形如 name@example.com 的邮箱", "an address like name@example.com"),
    "expect.text": ("非空文字", "some text"),
    "expect.role_name": (
        "小写字母、数字或下划线，以字母或下划线开头，至多 63 个字符，且不以 pg_ 或 qy_ 开头",
        "lower-case letters, digits or underscores, starting with a letter or underscore, at most 63 characters, not starting with pg_ or qy_",
    ),
    "expect.staff_unit": (
        "单位人员账户需用 --unit 指定单位",
        "a unit given with --unit (staff accounts belong to a unit)",
    ),
    "expect.password": ("非空密码（两次输入一致）", "a non-empty password (typed the same twice)"),
    "expect.no_control": ("不含控制字符的文字", "text without control characters"),
    "expect.max_chars_given": (
        "不超过 {limit} 个字符的文字（这里有 {length} 个字符）",
        "text of at most {limit} characters (this has {length})",
    ),
    "expect.max_chars": ("不超过 {limit} 个字符的文字", "text of at most {limit} characters"),
    "expect.fallback": (
        "以逗号分隔的渠道（{allowed}），或 none（不用备用渠道）、default（按单位默认）",
        "channels separated by commas ({allowed}), or none (no fallback) or default "
        "(the office's default for the role)",
    ),
    "expect.yes_no": ("是/否（yes/no、1/0）", "yes or no (是/否, 1/0)"),
    "expect.not_future": ("不晚于今天的日期", "a date not after today"),
    "expect.not_after_today": ("不晚于今天（{today}）的日期", "a date not after today ({today})"),
    # --- errors ------------------------------------------------------------------------------------
    "error.generic": ("操作失败", "The operation failed"),
    "error.not_found": (
        "未找到{what}「{value}」；可选：{allowed}",
        "No {what} '{value}'; known: {allowed}",
    ),
    "error.not_found_bare": ("未找到{what}「{value}」", "No {what} '{value}'"),
    "error.project_not_found": (
        "未找到项目「{value}」；相近的有：{suggestions}",
        "No project '{value}'; close matches: {suggestions}",
    ),
    "error.ambiguous": (
        "{what}「{value}」不唯一：{candidates}；请用「姓名@单位」指明",
        "{what} '{value}' is ambiguous: {candidates}; write NAME@UNIT",
    ),
    "error.indicator_like_builtin": (
        "指标「{value}」与内置指标 {builtin}（{name}）几乎相同；请写作 {builtin}，"
        "或为自定义指标另取一个不易混淆的名称",
        "Indicator '{value}' is nearly the built-in {builtin} ({name}); write {builtin}, or give "
        "the office's own indicator a clearly different name",
    ),
    "error.project_code": (
        "项目代码「{value}」有误：{problem}；正确的写法：{shape}",
        "Project code '{value}' is wrong: {problem}; the right shape: {shape}",
    ),
    "error.invalid_value": (
        "{what}「{value}」无效，应为{expected}",
        "Invalid {what} '{value}': expected {expected}",
    ),
    "error.choice": (
        "{what}「{value}」无效，可选：{allowed}",
        "Unknown {what} '{value}'; allowed: {allowed}",
    ),
    "error.did_you_mean": ("；您是不是要找：{names}？", "; did you mean: {names}?"),
    "error.duplicate": ("{what}「{value}」已存在", "{what} '{value}' already exists"),
    "error.reason_required": (
        "{action}需要填写原因（--reason）",
        "{action} needs a reason (--reason)",
    ),
    "error.transition_not_allowed": (
        "项目 {project} 当前为「{state}」，不能执行「{trigger}」；当前可执行：{allowed}",
        "Project {project} is '{state}': '{trigger}' is not allowed; allowed now: {allowed}",
    ),
    "error.transition_blocked": (
        "项目 {project} 当前为「{state}」，暂不能执行「{trigger}」：以下手续尚未批复或不适用：{blocking}",
        "Project {project} is '{state}': '{trigger}' must wait for these procedures "
        "(approve or waive them): {blocking}",
    ),
    "error.no_next_step": (
        "项目 {project} 当前为「{state}」，没有唯一的下一步；可执行：{allowed}",
        "Project {project} is '{state}' and has no single next step; allowed: {allowed}",
    ),
    "error.project_closed": (
        "项目 {project} 当前为「{state}」，不能再变更手续",
        "Project {project} is '{state}': its procedures cannot change",
    ),
    "error.status_change_not_allowed": (
        "项目 {project} 的手续「{step}」当前为「{current}」，不能改为「{wanted}」；可改为：{allowed}",
        "Procedure '{step}' of project {project} is '{current}' and cannot become '{wanted}'; "
        "allowed: {allowed}",
    ),
    "error.dependency_not_met": (
        "项目 {project} 的手续「{step}」须待以下手续批复后办理：{missing}",
        "Procedure '{step}' of project {project} needs these approved first: {missing}",
    ),
    "error.date_order": (
        "{what}日期 {on} 早于{earlier}日期 {earlier_on}",
        "The {what} date {on} is before the {earlier} date {earlier_on}",
    ),
    "error.conflict": (
        "项目 {project} 在您读取（第 {expected} 版）之后已被他人修改，请刷新后重试",
        "Project {project} was changed by someone else after you read it (version {expected}); "
        "reload and try again",
    ),
    "error.workflow_definition": (
        "流程定义 {file} 有误（{location}）：{problem}",
        "Workflow file {file}, {location}: {problem}",
    ),
    "error.schema_too_new": (
        "数据库结构版本（{database_revision}）比本程序新（{code_revision}），请升级 qy-landing",
        "The database schema ({database_revision}) is newer than this program ({code_revision}); "
        "upgrade qy-landing",
    ),
    "error.schema_missing": (
        "数据库 {url} 尚未初始化，请先运行 qy-landing init",
        "The database {url} is not initialised; run qy-landing init first",
    ),
    "error.not_our_database": (
        "{url} 不是 qy-landing 数据库（是别的程序的数据库，或根本不是数据库），未作任何改动",
        "{url} is not a qy-landing database (another program's, or not a database); nothing was changed",
    ),
    "error.database_url": (
        "数据库「{url}」无效，应为文件路径、sqlite:///路径 或 postgresql://…",
        "Unsupported database '{url}': expected a file path, sqlite:///PATH or postgresql://…",
    ),
    "error.backup": ("备份 {file} 不可用：{reason}", "Backup {file} cannot be used: {reason}"),
    "backup.reason.missing": ("文件不存在", "the file does not exist"),
    "backup.reason.integrity": (
        "完整性检查未通过（文件损坏或不是数据库）",
        "the integrity check failed (damaged, or not a database)",
    ),
    "backup.reason.not_ours": (
        "不是本程序（或更新版本）的数据库",
        "not a database of this program (or of a newer version)",
    ),
    "error.output_file": ("无法写入 {file}：{reason}", "Cannot write {file}: {reason}"),
    "error.other_unit": (
        "项目 {project} 属于{unit}，本账户只能查看和修改本单位的项目；未作任何改动",
        "Project {project} belongs to {unit}; this account may read and change its own unit's projects only; nothing was changed",
    ),
    "error.not_permitted": (
        "账户 {login} 无权执行此操作（项目属于其他单位，或本账户的角色不允许）；未作任何改动，可做的事见 qy-landing user whoami",
        "Account {login} is not allowed to do this (the project belongs to another unit, or the account's role does not allow it); nothing was changed; `qy-landing user whoami` says what it may do",
    ),
    "error.accounts_need_postgres": (
        "账户是 PostgreSQL 的登录角色，SQLite 数据库没有账户（多人共用一个 SQLite 文件不提供任何保护）",
        "Accounts are PostgreSQL login roles; a SQLite database has none (a SQLite file shared by several people protects nothing)",
    ),
    "error.database": ("无法使用数据库 {url}：{reason}", "Cannot use the database {url}: {reason}"),
    "error.import_rejected": (
        "{file} 有 {count} 行有误，未导入任何数据：{problems}",
        "{file} has {count} bad rows; nothing was imported: {problems}",
    ),
    "error.import_stopped": (
        "{file} 导入中途停止：前 {batches} 批共 {written} 行（至第 {last_written_row} 行）已写入，"
        "第 {resume_row} 行起未写入，因为检查之后有人修改了数据：{problems}；"
        "改正后重新导入同一文件即可补全（已写入的项目按代码匹配，不会重复）",
        "{file}: the import stopped part-way: {written} rows in {batches} batches (up to row "
        "{last_written_row}) were written, rows from {resume_row} on were not, because someone "
        "changed the data after the check: {problems}; fix this and import the same file again "
        "to complete it (projects already written are matched by code, nothing is doubled)",
    ),
    "error.row_problem": ("第 {row} 行「{column}」：{reason}", "row {row}, {column}: {reason}"),
    "error.config": ("配置 {source} 有误：{problem}", "Configuration {source}: {problem}"),
    # --- configuration problems (qy-landing.toml, environment) --------------------------------
    "config.missing": ("文件不存在", "the file does not exist"),
    "config.syntax": ("TOML 格式错误：{reason}", "not valid TOML: {reason}"),
    "config.unreadable": ("无法读取：{reason}", "cannot be read: {reason}"),
    "config.world_readable": (
        "警告：配置文件 {file} 含密钥，但其他用户可读；请执行 chmod 600 {file}",
        "Warning: {file} holds secrets but other users can read it; run chmod 600 {file}",
    ),
    "config.not_table": (
        "{setting} 应为表（[{setting}]）",
        "{setting} must be a table ([{setting}])",
    ),
    "config.unknown_key": (
        "未知配置项 {setting}；可用：{allowed}",
        "unknown key {setting}; known: {allowed}",
    ),
    "config.bad_secret": (
        "{setting} 应为文字（其值不显示）",
        "{setting} must be text (its value is not shown)",
    ),
    "config.bad_weight": (
        "{setting} = {value} 无效，应为不小于 0 的数",
        "{setting} = {value} is invalid: expected a number of at least 0",
    ),
    "config.zero_weights": ("{setting} 之和须大于 0", "{setting}: the weights must not all be 0"),
    "config.bad_kind": (
        "{setting}：单位类别键「{value}」须为英文字母、数字或下划线，且不能与内置类别重名",
        "{setting}: a unit kind key '{value}' must be letters, digits or _ and not a built-in kind",
    ),
    "config.kind_twice": (
        "{setting}：单位类别 {value} 已在榜单 {other} 中",
        "{setting}: unit kind {value} is already on board {other}",
    ),
    "config.bad_number": (
        "{setting} = {value} 无效，应为不小于 {minimum} 的数",
        "{setting} = {value} is invalid: expected a number not below {minimum}",
    ),
    "config.bad_integer": (
        "{setting} = {value} 无效，应为不小于 {minimum} 的整数",
        "{setting} = {value} is invalid: expected a whole number not below {minimum}",
    ),
    "config.bad_text": (
        "{setting} = {value} 无效，应为文字",
        "{setting} = {value}: expected text",
    ),
    "config.bad_time": (
        '{setting} = {value} 无效，应为 HH:MM，如 "09:00"',
        '{setting} = {value}: expected HH:MM, e.g. "09:00"',
    ),
    "config.bad_url": (
        "{setting} 应为 http:// 或 https:// 开头的地址",
        "{setting} must be an http:// or https:// address",
    ),
    "config.required": ("缺少 {setting}", "{setting} is missing"),
    "config.bad_choice": (
        "{setting} = {value} 无效，可选：{allowed}",
        "{setting} = {value} is invalid; allowed: {allowed}",
    ),
    "config.bad_timezone": (
        "{setting} = {value} 不是已知时区（如 Asia/Shanghai）",
        "{setting} = {value} is not a known time zone (e.g. Asia/Shanghai)",
    ),
    "config.bad_names": (
        '{setting} 应为姓名列表，如 ["王明", "李华@市招商促进中心"]',
        '{setting} must be a list of names, e.g. ["王明", "李华@市招商促进中心"]',
    ),
    "config.no_folder": ("{setting}：文件夹 {value} 不存在", "{setting}: no folder {value}"),
    "config.no_file": ("{setting}：文件 {value} 不存在", "{setting}: no file {value}"),
    "config.route_unconfigured": (
        "警告：[routing] 用到渠道 {channel}，但 [{setting}] 未配置完整（缺标识或密钥）；"
        "提醒会转到下一渠道",
        "Warning: [routing] names channel {channel} but [{setting}] is not complete "
        "(an id or secret is missing); reminders will fall through to the next channel",
    ),
    "config.secret_unreadable": (
        "{setting}：无法读取密钥文件 {value}（{reason}）",
        "{setting}: cannot read the secret file {value} ({reason})",
    ),
    "config.secret_empty": (
        "{setting}：密钥文件 {value} 是空的",
        "{setting}: the secret file {value} is empty",
    ),
    "config.template_fields": (
        "模板 {setting} 用了未知字段 {fields}；可用：{allowed}",
        "template {setting} uses unknown fields {fields}; allowed: {allowed}",
    ),
    "error.procedure_not_applicable": (
        "手续「{step}」不适用于项目 {project}",
        "Procedure '{step}' does not apply to project {project}",
    ),
    "error.problem_resolved": (
        "问题 #{id} 已于 {on} 解决",
        "Problem #{id} was already resolved on {on}",
    ),
    # --- row problems of ledger imports ---------------------------------------------------------------
    "row.missing": ("必填项为空", "required but empty"),
    "row.duplicate_in_file": ("与第 {other} 行项目代码重复", "same project code as row {other}"),
    "row.unknown_person": ("人员「{name}」不存在", "no person '{name}'"),
    # --- workflow definition problems ------------------------------------------------------------------
    "wf.yaml": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "wf.empty": ("文件为空", "the file is empty"),
    "wf.not_mapping": ("应为键值映射", "expected a mapping of keys"),
    "wf.not_list": ("应为非空列表", "expected a non-empty list"),
    "wf.unknown_key": (
        "未知的键「{name}」；可用：{allowed}",
        "unknown key '{name}'; allowed: {allowed}",
    ),
    "wf.missing_key": ("缺少必填键「{name}」", "missing required key '{name}'"),
    "wf.bad_name": (
        "名称「{value}」无效：应以小写字母开头，只含小写字母、数字和下划线",
        "bad name '{value}': use lower-case letters, digits and _ , starting with a letter",
    ),
    "wf.bad_text": ("应为文字，或含 zh/en 的映射", "expected text, or a mapping with zh and en"),
    "wf.bad_count": (
        "「{value}」应为不小于 {minimum} 的整数",
        "'{value}' should be a whole number >= {minimum}",
    ),
    "wf.bad_choice": (
        "「{value}」无效；可选：{allowed}",
        "'{value}' is not allowed; allowed: {allowed}",
    ),
    "wf.duplicate": ("「{value}」重复", "'{value}' appears twice"),
    "wf.unknown_level": (
        "未知层级「{value}」；可选：{allowed}",
        "unknown level '{value}'; allowed: {allowed}",
    ),
    "wf.unknown_state": (
        "未知状态「{value}」；已定义：{allowed}",
        "unknown state '{value}'; defined: {allowed}",
    ),
    "wf.unknown_guard": (
        "未知条件「{value}」；可用：{allowed}",
        "unknown guard '{value}'; allowed: {allowed}",
    ),
    "wf.unknown_step": (
        "未知手续「{value}」；已定义：{allowed}",
        "unknown step '{value}'; defined: {allowed}",
    ),
    "wf.one_initial": (
        "须恰有一个初始状态（initial: true），现有：{found}",
        "exactly one state needs initial: true; found: {found}",
    ),
    "wf.one_state_per_level": (
        "层级「{level}」须恰有一个状态，现有：{found}",
        "level '{level}' needs exactly one state; found: {found}",
    ),
    "wf.from_final": (
        "终态「{value}」不能再有转换",
        "final state '{value}' cannot have transitions out",
    ),
    "wf.previous_needs_suspended": (
        "$previous 只能用于从暂缓类状态恢复",
        "$previous can only be used from a suspended-kind state",
    ),
    "wf.level_guard_needs_level": (
        "level_complete 只能用于层级状态的转换",
        "level_complete can only guard transitions out of level states",
    ),
    "wf.ambiguous_trigger": (
        "操作「{trigger}」从状态「{state}」定义了多次",
        "trigger '{trigger}' is defined twice from state '{state}'",
    ),
    "wf.step_without_level": (
        "手续「{step}」缺少 level；可选：{allowed}",
        "step '{step}' has no level; allowed: {allowed}",
    ),
    "wf.cycle": ("手续依赖成环：{cycle}", "dependency cycle: {cycle}"),
    "wf.ladder_order": (
        "after={value} 应大于上一级的 {previous}",
        "after={value} must be greater than the previous rung's {previous}",
    ),
    "wf.unreachable": (
        "状态「{state}」无法从初始状态「{initial}」到达",
        "state '{state}' cannot be reached from the initial state '{initial}'",
    ),
    "wf.dead_end": ("非终态「{state}」没有任何出路", "non-final state '{state}' has no way out"),
    "wf.level_exit": (
        "层级状态「{state}」须恰有一个带 level_complete 条件的转出",
        "level state '{state}' needs exactly one transition out guarded by level_complete",
    ),
    "wf.step_without_stage": (
        "手续「{step}」缺少 stage（国办发〔2018〕33号的审批阶段）；可选：{allowed}",
        "step '{step}' has no stage (the approval stage of 国办发〔2018〕33号); allowed: {allowed}",
    ),
    "wf.replaces_current": (
        "replaces 只能列出旧版本的手续，「{value}」仍在本定义中",
        "replaces names steps of older versions; '{value}' is still a step of this definition",
    ),
    "wf.case_changes_nothing": (
        "case 至少要改变 level、authority、limit 之一",
        "a case must change at least one of level, authority, limit",
    ),
    "wf.cond.unreadable": ("条件无法解析：{text}", "cannot read the condition at: {text}"),
    "wf.cond.empty": ("条件为空", "the condition is empty"),
    "wf.cond.ends_early": ("条件不完整", "the condition ends too early"),
    "wf.cond.missing_paren": ("缺少右括号", "missing ')'"),
    "wf.cond.unknown_fact": (
        "未知事实「{fact}」；可用：{allowed}",
        "unknown fact '{fact}'; facts: {allowed}",
    ),
    "wf.cond.needs_number": (
        "{fact} {op} 后应为数字，而不是「{value}」",
        "{fact} {op} needs a number, not '{value}'",
    ),
    "wf.cond.bool_compared": (
        "{fact} 是是非项，不能比较大小",
        "{fact} is yes/no and cannot be compared",
    ),
    "wf.cond.number_alone": (
        "{fact} 是数值，请比较，如 {fact} >= 1000",
        "{fact} is a number: compare it, e.g. {fact} >= 1000",
    ),
    "wf.cond.choice_alone": (
        "{fact} 是选项，请用 == 或 != 与其取值比较，如 {fact} == {example}",
        "{fact} is a choice: compare it with == or != to a value, e.g. {fact} == {example}",
    ),
    "wf.cond.bad_choice": (
        "{fact} 没有取值「{value}」；可选：{allowed}",
        "{fact} has no value '{value}'; values: {allowed}",
    ),
    "wf.cond.unexpected": ("多余的「{token}」", "unexpected '{token}'"),
    "migrate.state_missing": (
        "新版本没有状态「{state}」",
        "the new version has no state '{state}'",
    ),
    "migrate.progress_lost": (
        "手续「{step}」已有进展（{status}），新版本不再适用",
        "procedure '{step}' has progress ({status}) but no longer applies in the new version",
    ),
    # --- ledger (台账) import: qy_landing/ledger.py ------------------------------------------------
    "ledger.column.code": ("项目代码", "project code"),
    "ledger.column.name": ("项目名称", "project name"),
    "ledger.column.investor": ("投资方", "investor"),
    "ledger.column.unit": ("落地县区", "unit"),
    "ledger.column.introduced_by": ("引进单位", "introducing unit"),
    "ledger.column.chain": ("产业链", "industry chain"),
    "ledger.column.signing_event": ("签约活动", "signing event"),
    "ledger.column.signed_on": ("签约日期", "signing date"),
    "ledger.column.signing": ("签约活动/时间", "signing event/date"),
    "ledger.column.amount": ("协议投资额（亿元）", "contract amount (亿元)"),
    "ledger.column.first_responsible": ("第一责任人", "first-responsible"),
    "ledger.column.direct_responsible": ("直接责任人", "direct-responsible"),
    "ledger.column.lead_chief": ("主办科长", "lead section chief"),
    "ledger.column.commissioner": ("落地专员", "landing commissioner"),
    "ledger.column.major": ("是否重大项目", "major project"),
    "ledger.column.new_land": ("新增建设用地", "new construction land"),
    "ledger.column.hazardous": ("危险化学品", "hazardous chemicals"),
    "ledger.column.approval_listed": ("核准类", "approval listed"),
    "ledger.column.eia_full": ("环评报告书", "full EIA report"),
    "ledger.column.approval_level": ("核准层级", "approval level"),
    "ledger.column.in_planned_urban_land": ("城镇规划建设用地内", "in planned urban land"),
    "ledger.column.over_mineral_area": ("压覆矿产", "over mineral area"),
    "ledger.column.relics_zone": ("文物埋藏区", "relics zone"),
    "ledger.column.uses_forest_or_grassland": ("使用林地草原", "uses forest or grassland"),
    "ledger.column.abstracts_water": ("取水", "abstracts water"),
    "ledger.column.civil_building": ("民用建筑", "civil building"),
    "ledger.column.energy_tce": ("年综合能耗（吨标煤）", "yearly energy use (tce)"),
    "ledger.column.description": ("建设内容", "description"),
    "ledger.column.planned_start_on": ("计划开工", "planned start"),
    "ledger.column.workflow": ("流程", "workflow"),
    "ledger.error.format": (
        "无法导入 {file}：只支持 .xlsx 和 .csv 文件（.xls 请先在 Excel 中另存为 .xlsx）",
        "Cannot import {file}: only .xlsx and .csv files are supported (save an .xls as .xlsx in Excel first)",
    ),
    "ledger.error.unreadable": ("无法读取 {file}：{reason}", "Cannot read {file}: {reason}"),
    "ledger.error.no_header": (
        "{file} 的前 {rows} 行中找不到表头（如 项目代码、项目名称、投资方 等列名）；已查看的工作表：{sheets}",
        "No header row (column names such as 项目代码/code, 项目名称/name, 投资方/investor) in the first {rows} rows of {file}; sheets looked at: {sheets}",
    ),
    "ledger.error.missing_columns": (
        "{file} 的表头（第 {header_row} 行）缺少必需的列：{missing}；可用的列名：{accepted}",
        "The header of {file} (row {header_row}) lacks required columns: {missing}; accepted headers: {accepted}",
    ),
    "ledger.hint.merged": (
        "。表头第 {header_row} 行有空白单元格，可能是合并单元格：请取消合并，并在每一列填写列名",
        ". Row {header_row} of the header has blank cells, perhaps merged cells: unmerge them "
        "and give every column its name",
    ),
    "ledger.error.duplicate_column": (
        "{file} 的「{first}」和「{second}」两列都表示{column}，请只保留一列",
        "The columns '{first}' and '{second}' of {file} both mean {column}; keep one of them",
    ),
    "ledger.reason.missing_file": ("文件不存在", "the file does not exist"),
    "ledger.reason.not_xlsx": (
        "不是有效的 .xlsx 文件（可能设置了密码，或是改了扩展名的 .xls）",
        "not a valid .xlsx file (password-protected, or an .xls renamed?)",
    ),
    "ledger.reason.encoding": (
        "无法识别文字编码（支持 UTF-8、UTF-8 BOM、GBK、GB18030）",
        "cannot tell its text encoding (UTF-8, UTF-8 with BOM, GBK and GB18030 are supported)",
    ),
    "ledger.reason.csv": (
        "第 {row} 行附近 CSV 格式有误：{detail}",
        "bad CSV near line {row}: {detail}",
    ),
    "ledger.reason.cell_too_large": (
        "第 {row} 行有一个超过 {limit} 个字符的单元格（CSV 单元格最多 {limit} 个字符），"
        '常见原因是某个引号（"）没有配对',
        "row {row} has a cell longer than {limit} characters (a CSV cell holds at most "
        '{limit}); usually a quote (") is not closed',
    ),
    "ledger.reason.open_quote": (
        '第 {row} 行有一个以引号（"）开始的单元格直到文件末尾都没有结束；'
        '引号须成对，引号括起的单元格中的引号要写两遍（""）',
        'a cell in row {row} opens with a quote (") that is never closed before the end of '
        'the file; quotes must pair up, and a quote inside a quoted cell is written twice ("")',
    ),
    "ledger.reason.os": ("系统错误：{detail}", "system error: {detail}"),
    "ledger.bad_cell": (
        "「{value}」无效，应为{expected}",
        "'{value}' is invalid: expected {expected}",
    ),
    "ledger.no_date_in_text": (
        "「{value}」中没有签约日期；写作如「第三十届兰洽会 2026.7.10」",
        "'{value}' holds no signing date; write e.g. '第三十届兰洽会 2026.7.10'",
    ),
    "ledger.bad_yes_no": (
        "「{value}」应为 是/否（也可写 √/×、Y/N、yes/no、1/0、true/false、有/无；空白表示否）",
        "'{value}' should be yes or no (是/否, √/×, Y/N, yes/no, 1/0, true/false, 有/无; empty means no)",
    ),
    "ledger.too_long": (
        "内容过长（{length} 字，最多 {limit} 字）",
        "too long ({length} characters, at most {limit})",
    ),
}
