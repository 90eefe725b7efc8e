"""Reminders catalogue (``remind.*``, help texts under ``remind.help.*``). key: (zh, en).

The texts of the reminders themselves are templates in ``qy_landing/reminders/templates``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help texts ---------------------------------------------------------------------------
    "remind.help.run": (
        "生成截至某一时刻应发的提醒（月度调度、逾期督办、进展停滞）；已生成的不会重复",
        "generate the reminders due as of a moment (monthly digest, overdue, stalled); "
        "what exists already is never generated twice",
    ),
    "remind.help.send": (
        "发送待发提醒：失败的按退避重试，多次失败后标记为失败",
        "deliver pending reminders; failures are retried with backoff, then marked failed",
    ),
    "remind.help.list": ("查看提醒发件箱", "list the reminder outbox"),
    "remind.help.preview": (
        "预览某人将收到的月度调度提醒（不写入任何内容）",
        "show the monthly digest a person would get (nothing is written)",
    ),
    "remind.help.retry": (
        "把发送失败的提醒重新排队（不给编号则全部）",
        "queue failed reminders again (all of them when no key is given)",
    ),
    "remind.help.scheduler_run": (
        "前台运行定时任务守护进程：月度调度、每日逾期扫描、每分钟发送；"
        "同一时间只有一个进程执行，其余待命",
        "run the scheduler daemon in the foreground: monthly digest, daily overdue scan, "
        "sending every minute; only one daemon acts at a time, others wait as standby",
    ),
    "remind.help.scheduler_jobs": (
        "列出定时任务及下次执行时间（不启动调度器）",
        "list the scheduled jobs and their next fire times (no scheduler is started)",
    ),
    "remind.help.scheduler_status": (
        "调度状态：谁在执行、自何时起、防护令牌、各任务上次运行、待发积压",
        "scheduler status: who leads, since when, fencing token, last run of each job, outbox backlog",
    ),
    "remind.help.opt.kind": (
        "提醒类型：monthly（月度调度）、overdue（逾期与停滞）或 all",
        "which reminders: monthly (digest), overdue (overdue and stalled) or all",
    ),
    "remind.help.opt.as_of": (
        "按此时刻计算（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，办公地时区），默认现在",
        "compute as of this moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM, office time zone); default now",
    ),
    "remind.help.opt.dry_run": (
        "只统计将生成多少，不写入数据库",
        "only count what would be generated; write nothing",
    ),
    "remind.help.opt.json": ("以 JSON 输出", "print JSON"),
    "remind.help.opt.wide": (
        "显示全部列，不因终端窄而隐藏",
        "show every column, none hidden to fit a narrow terminal",
    ),
    "remind.help.opt.config": (
        "配置文件（否则取 QY_LANDING_CONFIG、./qy-landing.toml、用户配置目录）",
        "settings file (else QY_LANDING_CONFIG, ./qy-landing.toml, the user config folder)",
    ),
    "remind.help.opt.limit_send": ("最多发送条数", "send at most N reminders"),
    "remind.help.opt.status": (
        "按状态筛选：pending 待发、sending 发送中、sent 已发、failed 失败",
        "only this status: pending, sending, sent, failed",
    ),
    "remind.help.opt.person": (
        "只看此人（姓名或 姓名@单位）",
        "only this person (NAME or NAME@UNIT)",
    ),
    "remind.help.opt.period": ("只看此月份 YYYY-MM", "only this month, YYYY-MM"),
    "remind.help.opt.list_kind": (
        "只看此类型：monthly、overdue、stall",
        "only this kind: monthly, overdue, stall",
    ),
    "remind.help.opt.limit_list": (
        "最多显示条数（0 为全部）",
        "show at most N rows (0: all)",
    ),
    "remind.help.opt.log_level": ("日志级别", "log level"),
    "remind.help.arg.person": ("人员（姓名或 姓名@单位）", "person (NAME or NAME@UNIT)"),
    "remind.help.arg.keys": ("提醒编号", "reminder keys"),
    # --- words ----------------------------------------------------------------------------------
    "remind.kind.monthly": ("月度调度", "monthly digest"),
    "remind.kind.overdue": ("逾期督办", "overdue"),
    "remind.kind.stall": ("进展停滞", "stalled"),
    "remind.kind.commitment": ("承诺督办", "commitment"),
    "remind.kind.tasks": ("交办单", "task list"),
    "remind.status.pending": ("待发", "pending"),
    "remind.status.sending": ("发送中", "sending"),
    "remind.status.sent": ("已发送", "sent"),
    "remind.status.failed": ("失败", "failed"),
    "remind.channel.console": ("控制台", "console"),
    "remind.channel.email": ("电子邮件", "e-mail"),
    "remind.channel.wecom": ("企业微信", "WeCom"),
    "remind.channel.dingtalk": ("钉钉", "DingTalk"),
    "remind.channel.webhook": ("Webhook", "webhook"),
    "remind.channel.wecom_app": ("企业微信应用消息", "WeCom app message"),
    "remind.channel.dingtalk_work": ("钉钉工作通知", "DingTalk work notice"),
    "remind.channel.sms": ("短信", "SMS"),
    "remind.col.kind": ("类型", "kind"),
    "remind.col.generated": ("新生成", "generated"),
    "remind.col.would_generate": ("将生成", "would generate"),
    "remind.col.existing": ("已存在", "already existed"),
    "remind.col.key": ("提醒编号", "key"),
    "remind.col.person": ("人员", "person"),
    "remind.col.channel": ("渠道", "channel"),
    "remind.col.status": ("状态", "status"),
    "remind.col.attempts": ("尝试", "attempts"),
    "remind.col.when": ("时间", "time"),
    "remind.col.title": ("标题", "title"),
    "remind.col.job": ("任务", "job"),
    "remind.col.schedule": ("执行时间", "schedule"),
    "remind.col.next_run": ("下次执行", "next run"),
    "remind.col.started": ("开始", "started"),
    "remind.col.finished": ("结束", "finished"),
    "remind.col.outcome": ("结果", "outcome"),
    "remind.col.holder": ("执行进程", "daemon"),
    "remind.status.leader": (
        "执行中的调度进程：{holder}，自 {since} 起（防护令牌 {token}），租约至 {until}",
        "Leading scheduler: {holder} since {since} (fencing token {token}), lease until {until}",
    ),
    "remind.status.no_leader": (
        "当前没有调度进程在执行（上一个防护令牌 {token}）",
        "No scheduler leads now (last fencing token {token})",
    ),
    "remind.status.no_runs": ("还没有任务运行过", "No job has run yet"),
    "remind.status.backlog": (
        "待发提醒：{pending} 条待发（{due} 条已到时间），{sending} 条发送中，{failed} 条失败",
        "Outbox: {pending} pending ({due} due now), {sending} being sent, {failed} failed",
    ),
    "remind.status.oldest_due": ("最早到期的待发提醒：{when}", "Oldest due reminder: {when}"),
    # --- output ---------------------------------------------------------------------------------
    "remind.run.as_of": ("截至 {as_of}", "As of {as_of}"),
    "remind.run.period": ("月度调度月份：{period}", "Monthly digest month: {period}"),
    "remind.run.dry_run": ("演练：未写入任何内容", "Dry run: nothing was written"),
    "remind.run.nothing": ("没有需要生成的提醒", "No reminders due"),
    "remind.run.no_recipient": (
        "{count} 个督办层级无人可送（该角色未指定人员），已跳过：",
        "{count} escalation rungs had nobody to tell (no person in that role) and were skipped:",
    ),
    "remind.run.no_recipient_item": (
        "  {kind} {code}{step} 第 {rung} 级（{target}）",
        "  {kind} {code}{step} rung {rung} ({target})",
    ),
    "remind.run.unknown_supervisor": (
        "警告：配置的市级督办人「{name}」未找到（reminders.supervisors）",
        "Warning: configured supervisor '{name}' not found (reminders.supervisors)",
    ),
    "remind.send.summary": (
        "已发送 {sent} 条，稍后重试 {retried} 条，失败 {failed} 条",
        "Sent {sent}, to retry {retried}, failed {failed}",
    ),
    "remind.send.routing": (
        "转下一渠道 {fell_through} 条，记录送达结果 {receipts} 条",
        "Fell through to the next channel {fell_through}, delivery results recorded {receipts}",
    ),
    "remind.receipt.pending": ("待回执", "result awaited"),
    "remind.receipt.read": ("已读", "read"),
    "remind.receipt.unread": ("未读", "unread"),
    "remind.receipt.delivered": ("已送达", "delivered"),
    "remind.receipt.failed": ("未送达", "not delivered"),
    "remind.receipt.forbidden": ("超出平台限制", "blocked by platform limits"),
    "remind.receipt.invalid": ("用户无效", "invalid user"),
    "remind.send.problem": ("  {reminder}：{error}", "  {reminder}: {error}"),
    # why a channel could not deliver (recorded on the reminder in English, shown in either)
    "remind.delivery.no_robot": (
        "{channel}：{unit} 没有群机器人（请设置 channels.{channel}.url 或 channels.{channel}.units）",
        "{channel}: no robot for {unit} (set channels.{channel}.url or channels.{channel}.units)",
    ),
    "remind.delivery.not_configured": (
        "{channel}：未配置 {keys}（在 qy-landing.toml 中设置）",
        "{channel}: {keys} not configured (set in qy-landing.toml)",
    ),
    "remind.delivery.no_address": (
        "{channel}：{person} 没有电子邮箱地址",
        "{channel}: {person} has no e-mail address",
    ),
    "remind.delivery.no_mobile": (
        "{channel}：{person} 没有手机号码",
        "{channel}: {person} has no mobile number",
    ),
    # a platform's own error answers (reminders/channels/answers.py): the reason in the
    # reader's language first, the platform's text only as a detail after it
    "remind.delivery.who.console": ("控制台", "console"),
    "remind.delivery.who.email": ("邮件服务器", "email"),
    "remind.delivery.who.wecom": ("企业微信群机器人", "wecom"),
    "remind.delivery.who.dingtalk": ("钉钉群机器人", "dingtalk"),
    "remind.delivery.who.webhook": ("Webhook 接收方", "webhook"),
    "remind.delivery.who.wecom_app": ("企业微信应用", "wecom_app"),
    "remind.delivery.who.dingtalk_work": ("钉钉工作通知", "dingtalk_work"),
    "remind.delivery.who.sms": ("短信平台", "sms"),
    "remind.delivery.refused": (
        "{who}拒收：错误码 {code}（{reason}）{detail}",
        "{who}: errcode {code} ({reason}){detail}",
    ),
    "remind.delivery.refused_unknown": (
        "{who}拒收：错误码 {code}{detail}",
        "{who}: errcode {code}{detail}",
    ),
    "remind.delivery.app_refused": (
        "{who}拒收（{call}）：错误码 {code}（{reason}）{detail}",
        "{who}: {call} errcode {code} ({reason}){detail}",
    ),
    "remind.delivery.app_refused_unknown": (
        "{who}拒收（{call}）：错误码 {code}{detail}",
        "{who}: {call} errcode {code}{detail}",
    ),
    "remind.delivery.detail": ("；平台原文：{raw}", ": {raw}"),
    "remind.delivery.system_detail": ("；系统提示：{raw}", ": {raw}"),
    "remind.delivery.reason.dingtalk_310000": (
        "关键词不匹配或签名错误",
        "keywords not matched or signature wrong",
    ),
    "remind.delivery.reason.dingtalk_300001": (
        "机器人令牌无效：机器人已被移除或地址有误",
        "robot token invalid: the robot was removed or the URL is wrong",
    ),
    "remind.delivery.reason.dingtalk_130101": (
        "发送过快：每分钟超过 20 条，机器人被限流 10 分钟，稍后自动重发",
        "sending too fast: over 20 a minute, the robot is blocked for 10 minutes; sent again later",
    ),
    "remind.delivery.reason.wecom_93000": (
        "机器人地址无效：机器人已被移除或地址中的密钥有误",
        "invalid webhook key: the robot was removed or the URL is wrong",
    ),
    "remind.delivery.reason.wecom_45009": (
        "发送过快：每分钟超过 20 条，稍后自动重发",
        "sending too fast: over 20 a minute; sent again later",
    ),
    "remind.delivery.reason.app_token": ("访问令牌无效或已过期", "access token invalid or expired"),
    "remind.delivery.reason.app_rate": (
        "调用过于频繁，稍后自动重发",
        "too many calls; sent again later",
    ),
    "remind.delivery.reason.app_permanent": (
        "接收人或应用的设置有误，重试无效",
        "the recipient or the app's settings are wrong; retrying cannot help",
    ),
    "remind.delivery.call.gettoken": ("获取访问令牌", "gettoken"),
    "remind.delivery.call.message_send": ("发送应用消息", "message/send"),
    "remind.delivery.call.asyncsend_v2": ("发送工作通知", "asyncsend_v2"),
    "remind.delivery.call.getsendresult": ("查询发送结果", "getsendresult"),
    "remind.delivery.http": (
        "请求失败：HTTP {status}（{reason}）{detail}",
        "HTTP {status} ({reason}){detail}",
    ),
    "remind.delivery.http.400": ("请求格式有误", "bad request"),
    "remind.delivery.http.401": (
        "未通过身份验证，密钥或令牌有误",
        "not authenticated: key or token wrong",
    ),
    "remind.delivery.http.403": (
        "拒绝访问：无权限或来源地址不在白名单",
        "forbidden: no permission or address not allowed",
    ),
    "remind.delivery.http.404": (
        "地址不存在，请检查配置的地址",
        "not found: check the configured URL",
    ),
    "remind.delivery.http.405": ("不接受此请求方法", "method not allowed"),
    "remind.delivery.http.408": ("请求超时", "request timeout"),
    "remind.delivery.http.413": ("消息过大", "message too large"),
    "remind.delivery.http.429": (
        "请求过于频繁，稍后自动重发",
        "too many requests; sent again later",
    ),
    "remind.delivery.http.500": ("平台服务器内部错误", "server error at the platform"),
    "remind.delivery.http.502": ("网关错误", "bad gateway"),
    "remind.delivery.http.503": ("服务暂不可用", "service unavailable"),
    "remind.delivery.http.504": ("网关超时", "gateway timeout"),
    "remind.delivery.http.4xx": ("请求被拒绝", "request refused"),
    "remind.delivery.http.5xx": ("平台服务器出错", "server error at the platform"),
    "remind.delivery.answer.not_json": (
        "{who}的应答无法识别（不是 JSON）",
        "{who}: answer is not JSON",
    ),
    "remind.delivery.answer.not_object": (
        "{who}的应答无法识别（不是 JSON 对象）",
        "{who}: answer is not a JSON object",
    ),
    "remind.delivery.answer.no_errcode": ("{who}的应答缺少错误码", "{who}: answer without errcode"),
    "remind.delivery.answer.no_response": (
        "{who}的应答缺少 Response",
        "{who}: answer without Response",
    ),
    "remind.delivery.no_wecom_id": (
        "{channel}：{person} 没有企业微信账号（person edit --wecom）",
        "{channel}: {person} has no WeCom user id",
    ),
    "remind.delivery.no_dingtalk_id": (
        "{channel}：{person} 没有钉钉账号（person edit --dingtalk）",
        "{channel}: {person} has no DingTalk userid",
    ),
    "remind.delivery.unreachable_user": (
        "企业微信应用无法送达 {user}：此人不在应用的可见范围内或没有许可",
        "wecom_app: WeCom user {user} is not reachable by the app "
        "(invaliduser/unlicenseduser: not in its visible range or no licence)",
    ),
    "remind.delivery.no_sms_template": (
        "{channel}：{kind} 提醒没有短信模板（设置 channels.sms.templates.{kind} 或 .default）",
        "{channel}: no template for {kind} (set channels.sms.templates.{kind} or .default)",
    ),
    "remind.delivery.sms_daily_limit": (
        "{channel}：今天已向 {person} 的号码发送 {count} 条短信，达到每日上限",
        "{channel}: {count} SMS already went to {person}'s number today",
    ),
    "remind.delivery.email.login": (
        "邮件服务器拒绝登录（{code}）：请检查 channels.email 的用户名和密码",
        "email: login refused ({code})",
    ),
    "remind.delivery.email.recipient": (
        "邮件服务器拒收收件人 {address}",
        "email: recipient {address} refused",
    ),
    "remind.delivery.email.answer": (
        "邮件服务器拒收：应答码 {code}{detail}",
        "email: server answered {code}{detail}",
    ),
    "remind.delivery.email.failed": (
        "邮件发送失败；系统提示：{error}",
        "email: {error}",
    ),
    "remind.delivery.no_connection": ("无法连接平台服务器{detail}", "connection failed{detail}"),
    "remind.delivery.no_answer": (
        "平台服务器 {seconds} 秒内无应答",
        "no answer within {seconds} s",
    ),
    "remind.delivery.unknown_channel": (
        "没有名为 {channel} 的发送渠道",
        "unknown channel '{channel}'",
    ),
    # a failure as recorded on the reminder (reminders/failures.py), shown by remind list
    "remind.failure.fell_through": ("{error}；改由{channel}发送", "{error} → {channel}"),
    "remind.failure.unexpected": ("{channel}：程序出错（{error}）", "{channel}: {error}"),
    "remind.failure.abandoned": (
        "发送程序在发送中途停止，已 {times} 次",
        "sender stopped while sending, {times} times",
    ),
    "remind.failure.receipt": (
        "{who}回报消息{receipt}{detail}",
        "{who}: the platform reports the message as {receipt}{detail}",
    ),
    "remind.send.failed_hint": (
        "失败的提醒见 qy-landing remind list --status failed；修正后用 qy-landing remind retry 重发",
        "See failed reminders with: qy-landing remind list --status failed; "
        "after fixing the cause: qy-landing remind retry",
    ),
    "remind.list.none": ("没有符合条件的提醒", "No reminders match"),
    "remind.list.more": (
        "显示 {shown} 条，共 {total} 条（用 --limit 0 显示全部）",
        "Showing {shown} of {total} (--limit 0 shows all)",
    ),
    "remind.list.error": ("错误：{error}", "error: {error}"),
    "remind.preview.none": (
        "{person} 在 {period} 没有需要调度的在办项目",
        "{person} has no open project to dispatch for {period}",
    ),
    "remind.preview.key": (
        "提醒编号：{reminder}（预览，未写入）",
        "Reminder key: {reminder} (preview, not written)",
    ),
    "remind.retry.done": ("已重新排队 {count} 条提醒", "Queued {count} reminders again"),
    "remind.jobs.monthly-digest": (
        "每月第一个工作日 {time}：月度调度提醒",
        "first working day of each month at {time}: monthly digest",
    ),
    "remind.jobs.daily-scan": (
        "每天 {time}（仅工作日执行）：逾期与停滞督办",
        "daily at {time} (working days only): overdue and stalled",
    ),
    "remind.jobs.send-reminders": (
        "每 {seconds} 秒：发送待发提醒",
        "every {seconds} s: send pending reminders",
    ),
    "remind.jobs.not_stored": ("{when}（尚未保存）", "{when} (not stored yet)"),
    "remind.jobs.none": ("没有定时任务", "No jobs"),
    "remind.jobs.not_started": (
        "守护进程尚未运行过：启动 qy-landing scheduler run 后任务才会保存",
        "The daemon has not run yet: jobs are stored once qy-landing scheduler run starts",
    ),
    # --- the daemon -------------------------------------------------------------------------------
    "remind.daemon.leader": (
        "已取得调度租约（{lock}，防护令牌 {token}），开始执行定时任务",
        "Holding the scheduler lease ({lock}, fencing token {token}); running the jobs",
    ),
    "remind.daemon.standby": (
        "另一个调度进程持有租约（{lock}），本进程待命，每 {seconds} 秒重试",
        "Another scheduler holds the lease ({lock}); standing by, retrying every {seconds} s",
    ),
    "remind.daemon.lost": (
        "调度租约已被另一个进程接管，停止执行并转为待命",
        "Lost the scheduler lease to another daemon; standing by again",
    ),
    "remind.daemon.paused": (
        "未能及时续约调度租约，暂停定时任务",
        "Could not renew the scheduler lease in time; jobs paused",
    ),
    "remind.daemon.resumed": (
        "已续约调度租约（防护令牌 {token}），恢复定时任务",
        "Renewed the scheduler lease (fencing token {token}); jobs resumed",
    ),
    "remind.daemon.stopped": ("调度进程已停止", "Scheduler stopped"),
    "remind.daemon.needs_file": (
        "调度守护进程需要数据库文件（内存数据库无法加锁）",
        "the scheduler daemon needs a database file (an in-memory database cannot be locked)",
    ),
    # --- errors ---------------------------------------------------------------------------------
    "remind.error.fenced": (
        "调度租约已转移（防护令牌 {token} 已过期），本进程不再执行任务",
        "The scheduler lease moved on (fencing token {token} is stale); this daemon no longer acts",
    ),
    "remind.expect.not_future": (
        "不晚于当前的时刻（只有 --dry-run 可以看未来）",
        "a moment not after now (only --dry-run may look ahead)",
    ),
}
