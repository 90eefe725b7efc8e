"""Settings from ``qy-landing.toml`` and environment variables: the one loader of both.

Every section the product reads is read here, in one pass: ``[reminders]``,
``[scheduler]``, ``[channels.*]``, ``[redblack]`` (the red/black boards), ``[units]``, ``[codes]``
and ``[sheets]``. Every
environment variable qy-landing reads is read through :mod:`qy_landing.environment` (table
:data:`VARIABLES`, re-exported here), so a reader finds every setting in these two files and
no two modules can disagree about the file.

Where the file is looked for, first found wins:

1. the path given by the caller (``--config``),
2. ``QY_LANDING_CONFIG`` (then the file must exist),
3. ``./qy-landing.toml``,
4. ``qy-landing.toml`` in the user's configuration directory (platformdirs).

No file at all is fine: every setting has a default and the ``console`` channel needs
nothing. Environment variables (table :data:`ENVIRONMENT`) override the file, so secrets
can stay out of it. Secrets (passwords, robot URLs with their keys, signing secrets,
tokens) are :class:`Secret` values: they never print, and :meth:`Config.redact` removes
them from any text before it reaches a log or the database. A wrong value is a
:class:`~qy_landing.errors.ConfigError` naming the file, the key and what is allowed; a
wrong secret is named but its value is never shown.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The environment's half of the settings (re-exported: ``config.env`` etc. keep working).
from qy_landing.environment import ENVIRONMENT as ENVIRONMENT
from qy_landing.environment import VARIABLES as VARIABLES
from qy_landing.environment import actor_name as actor_name
from qy_landing.environment import database_url as database_url
from qy_landing.environment import detect_lang as detect_lang
from qy_landing.environment import early_lang as early_lang
from qy_landing.environment import env as env
from qy_landing.environment import environment_with as environment_with
from qy_landing.environment import workflow_folders as workflow_folders
from qy_landing.errors import ConfigError, Msg

if TYPE_CHECKING:
    from datetime import date
    from zoneinfo import ZoneInfo

    from qy_landing.calendar import WorkCalendar

FILE_NAME = "qy-landing.toml"
SECURITY_MODES = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}


class Secret:
    """A value that must not be shown: ``str()`` and ``repr()`` give ``***``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class EmailSettings:
    host: str | None = None
    port: int = 587
    security: str = "starttls"  # starttls | ssl | plain
    username: str | None = None
    password: Secret | None = None
    sender: str | None = None  # the "from" key: 落地办 <luodi@example.gov.cn>
    timeout: float = 30.0
    ca_file: Path | None = None  # trust this CA (an office's own) for STARTTLS/SSL

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


@dataclass(frozen=True)
class Robot:
    """One group robot: its webhook URL (the key is in it) and an optional signing secret."""

    url: Secret
    secret: Secret | None = None


@dataclass(frozen=True)
class RobotSettings:
    """A robot channel (WeCom or DingTalk): a default robot and robots per unit."""

    default: Robot | None = None
    units: Mapping[str, Robot] = field(default_factory=dict)
    rate_per_minute: int = 20
    max_bytes: int = 4096
    timeout: float = 10.0

    def robot_for(self, unit: str | None) -> Robot | None:
        """The unit's own robot, else the default one."""
        if unit and unit in self.units:
            return self.units[unit]
        return self.default


@dataclass(frozen=True)
class WebhookSettings:
    url: Secret | None = None
    token: Secret | None = None  # sent as "Authorization: Bearer <token>"
    rate_per_minute: int = 0  # 0: no limit
    timeout: float = 10.0


CORRECTION_KINDS = ("procedure", "fact", "state", "other")


@dataclass(frozen=True)
class CorrectionPolicy:
    """Who may correct which kind of record, and how far back (``[corrections]``).

    ``months_back`` counts whole months before the current one (relative to the clock):
    the default 1 allows the current and the previous month. ``who`` maps a kind
    (procedure, fact, state, other) to the actors allowed; ``*`` is any staff member.
    """

    months_back: int = 1
    who: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict.fromkeys(CORRECTION_KINDS, ("*",))
    )

    def allows(self, actor: str, kind: str) -> bool:
        allowed = self.who.get(kind, ("*",))
        return "*" in allowed or actor in allowed


# --- the red/black boards ([redblack]) and the kinds of unit ([units]) -------------------------

# What a board can score, good or bad; see docs/reports.md for each definition.
INDICATORS = (
    "target",  # completion of the yearly targets (signed, amount, started, office's own)
    "funds",  # out-of-province funds in place against the funds target
    "landing",  # share of the year's signed projects that have started
    "on_time_start",  # share of projects due to start that started by their planned month
    "on_time",  # share of the month's approvals given within their time limit
    "overdue",  # share of running procedures past their due date (counts against)
    "resolution",  # share of the year's problems resolved
    "stalled",  # share of active projects stuck (counts against)
    "kept",  # share of due commitments (承诺事项) kept; shown, scored only when weighed
    "procedures",  # share of the active projects' procedures done; shown, scored when weighed
)
ATTRIBUTIONS = ("landing", "introducing")
# Where projects are built (counties, parks) vs who brings them in (departments, enterprises,
# offices): different work, different default weights.
PLACE_WEIGHTS = {
    "target": 0.2,
    "funds": 0.15,
    "landing": 0.15,
    "on_time_start": 0.1,
    "on_time": 0.15,
    "overdue": 0.15,
    "resolution": 0.1,
    "stalled": 0.0,
    "kept": 0.0,
    "procedures": 0.0,
}
INTRODUCER_WEIGHTS = {
    "target": 0.35,
    "funds": 0.25,
    "landing": 0.2,
    "on_time_start": 0.1,
    "on_time": 0.0,
    "overdue": 0.0,
    "resolution": 0.1,
    "stalled": 0.0,
    "kept": 0.0,
    "procedures": 0.0,
}
PLACE_KINDS = ("county", "park")
BUILTIN_UNIT_KINDS = ("county", "park", "department", "enterprise", "office")


@dataclass(frozen=True)
class Board:
    """One red/black board: the unit kinds it ranks, how projects are counted, its weights."""

    key: str
    kinds: tuple[str, ...]
    attribute: str  # landing | introducing: which unit a project counts for
    weights: Mapping[str, float]
    top: int = 3

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kinds": list(self.kinds),
            "attribute": self.attribute,
            "weights": dict(self.weights),
            "top": self.top,
        }


def default_board(kind: str, top: int = 3, weights: Mapping[str, float] | None = None) -> Board:
    """The board a kind of unit gets when no group is configured."""
    place = kind in PLACE_KINDS
    chosen = weights or (PLACE_WEIGHTS if place else INTRODUCER_WEIGHTS)
    return Board(kind, (kind,), "landing" if place else "introducing", dict(chosen), top)


@dataclass(frozen=True)
class UnitKind:
    """A kind of unit the office adds (``[units.kinds]``), with its names."""

    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class RedBlackConfig:
    """``[redblack]``: the boards, their weights, the size of the lists and who is judged."""

    boards: tuple[Board, ...] = ()
    top: int = 3
    min_projects: int = 1
    min_indicators: int = 2
    red_min_score: float = 0.0
    reason_below: float = 60.0
    source: str = "defaults"
    extra_kinds: tuple[str, ...] = ()

    def board_for(self, kind: str) -> Board:
        """The board that ranks units of ``kind`` (its own default board if none names it)."""
        for board in self.boards:
            if kind in board.kinds:
                return board
        return default_board(kind, self.top)

    def all_boards(self) -> list[Board]:
        """The configured boards, then a default board for every kind none of them names."""
        boards = list(self.boards)
        named = {k for b in boards for k in b.kinds}
        for kind in (*BUILTIN_UNIT_KINDS, *self.extra_kinds):
            if kind not in named:
                boards.append(default_board(kind, self.top))
        return boards

    def as_dict(self) -> dict[str, Any]:
        return {
            "boards": [b.as_dict() for b in self.all_boards()],
            "top": self.top,
            "min_projects": self.min_projects,
            "min_indicators": self.min_indicators,
            "red_min_score": self.red_min_score,
            "reason_below": self.reason_below,
            "source": self.source,
        }


@dataclass(frozen=True)
class WeComAppSettings:
    """WeCom (企业微信) or 政务微信 application messages to one person (``touser``)."""

    corp_id: str | None = None
    agent_id: int | None = None
    secret: Secret | None = None  # the app's Secret (from the environment or secret_file)
    base_url: str = "https://qyapi.weixin.qq.com"  # 政务微信: the deployment's own address
    msgtype: str = "markdown"  # markdown | textcard
    card_url: str | None = None  # where a text card's "details" link goes (textcard only)
    max_bytes: int = 2048  # markdown content limit of message/send
    rate_per_minute: int = 600  # per app, shared by every sender (0: no limit)
    timeout: float = 10.0

    @property
    def configured(self) -> bool:
        return bool(self.corp_id and self.agent_id and self.secret)

    @property
    def app(self) -> str:
        """Names this app in the token cache and the rate limiter (no secret in it)."""
        return f"wecom_app:{self.base_url}:{self.corp_id}:{self.agent_id}"


@dataclass(frozen=True)
class DingTalkWorkSettings:
    """DingTalk (钉钉) work notifications (工作通知) of an internal app."""

    app_key: str | None = None
    app_secret: Secret | None = None
    agent_id: int | None = None
    base_url: str = "https://oapi.dingtalk.com"
    max_bytes: int = 5000
    rate_per_minute: int = 600
    timeout: float = 10.0
    receipt_after_seconds: int = 300  # ask for the send's result this long after sending

    @property
    def configured(self) -> bool:
        return bool(self.app_key and self.app_secret and self.agent_id)

    @property
    def app(self) -> str:
        return f"dingtalk_work:{self.base_url}:{self.app_key}:{self.agent_id}"


@dataclass(frozen=True)
class SmsTemplate:
    """An approved SMS template and the reminder fields that fill its parameters, in order."""

    id: str
    params: tuple[str, ...] = ()


SMS_PROVIDERS = ("tencent",)
# The reminder fields an SMS template parameter may name (channels/sms.py fills them).
SMS_FIELDS = ("person", "unit", "kind", "title", "period", "key", "where")


@dataclass(frozen=True)
class SmsSettings:
    """SMS through Tencent Cloud SMS (API 3.0, TC3-HMAC-SHA256 signed HTTP requests)."""

    provider: str = "tencent"
    endpoint: str = "https://sms.tencentcloudapi.com"
    region: str = "ap-guangzhou"
    secret_id: Secret | None = None
    secret_key: Secret | None = None
    sdk_app_id: str | None = None
    sign_name: str | None = None
    templates: Mapping[str, SmsTemplate] = field(default_factory=dict)  # kind or "default"
    where: str | None = None  # where the full text can be read ("政务微信", "电子邮箱" …)
    param_max_chars: int = 20  # a template parameter is cut to this many characters
    daily_limit: int = 5  # SMS per number per day (office time zone); 0: no limit
    rate_per_minute: int = 600
    timeout: float = 10.0

    @property
    def configured(self) -> bool:
        return bool(self.secret_id and self.secret_key and self.sdk_app_id and self.templates)

    def template_for(self, kind: str) -> SmsTemplate | None:
        return self.templates.get(kind) or self.templates.get("default")


@dataclass(frozen=True)
class RoutingSettings:
    """The office's default routes: channels in order, per role (docs/reminders.md)."""

    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default: tuple[str, ...] = ()


# The roles a default route may be set for, strongest first: a person's route is that of
# the first of these they hold (supervisor: the flag on the person).
ROUTING_ROLES = (
    "supervisor",
    "first_responsible",
    "direct_responsible",
    "lead_chief",
    "commissioner",
)


@dataclass(frozen=True)
class SheetsConfig:
    """``[sheets]``: the progress sheets sent to the units (docs/ledger.md).

    ``return_days``: working days the units have to send a sheet back (the digest names
    the date); ``contacts``: unit name → the name of the person of that unit who gets it.
    """

    return_days: int = 5
    contacts: Mapping[str, str] = field(default_factory=dict)

    def return_by(self, calendar: WorkCalendar, sent_on: date) -> date:
        """The day a sheet sent on ``sent_on`` is due back: ``return_days`` working days on."""
        return calendar.deadline(sent_on, self.return_days).due

    def units_of(self, person: str) -> list[str]:
        """The units whose sheet ``person`` is the contact for."""
        return [unit for unit, contact in self.contacts.items() if contact == person]


@dataclass(frozen=True)
class Config:
    """Every setting of qy-landing.toml: reminders, channels, the scheduler, the red/black list."""

    source: str = "defaults"
    timezone: str = "Asia/Shanghai"
    monthly_at: time = time(9, 0)
    daily_at: time = time(9, 30)
    send_every_seconds: int = 60
    max_attempts: int = 5
    backoff_seconds: int = 60
    backoff_max_seconds: int = 6 * 3600
    claim_seconds: int = 300
    batch_size: int = 20
    supervisors: tuple[str, ...] = ()
    templates: Path | None = None
    standby_retry_seconds: float = 5.0
    lock_check_seconds: float = 10.0
    lease_seconds: float = 30.0
    misfire_grace_seconds: int = 7 * 86400
    email: EmailSettings = field(default_factory=EmailSettings)
    wecom: RobotSettings = field(default_factory=RobotSettings)
    dingtalk: RobotSettings = field(default_factory=lambda: RobotSettings(max_bytes=20000))
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    redblack: RedBlackConfig = field(default_factory=RedBlackConfig)
    unit_kinds: tuple[UnitKind, ...] = ()
    wecom_app: WeComAppSettings = field(default_factory=WeComAppSettings)
    dingtalk_work: DingTalkWorkSettings = field(default_factory=DingTalkWorkSettings)
    sms: SmsSettings = field(default_factory=SmsSettings)
    routing: RoutingSettings = field(default_factory=RoutingSettings)
    sheets: SheetsConfig = field(default_factory=SheetsConfig)
    # [codes.region_scope]: unit name -> county | city | province (see codes.RegionRule)
    region_scopes: Mapping[str, str] = field(default_factory=dict)
    corrections: CorrectionPolicy = field(default_factory=CorrectionPolicy)
    warnings: tuple[Msg, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    def secrets(self) -> list[str]:
        """Every secret value, longest first (for :meth:`redact`)."""
        found: list[Secret | None] = [self.email.password, self.webhook.url, self.webhook.token]
        found += [self.wecom_app.secret, self.dingtalk_work.app_secret]
        found += [self.sms.secret_id, self.sms.secret_key]
        for robots in (self.wecom, self.dingtalk):
            for robot in (robots.default, *robots.units.values()):
                if robot is not None:
                    found += [robot.url, robot.secret]
        values = {s.reveal() for s in found if s is not None and s.reveal()}
        return sorted(values, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every secret (and the query part of any robot URL) replaced by ``***``."""
        for value in self.secrets():
            text = text.replace(value, "***")
            # a robot URL's key alone (access_token=…, key=…) is a secret too
            if "?" in value:
                query = value.split("?", 1)[1]
                for part in query.split("&"):
                    secret_part = part.split("=", 1)[-1]
                    if len(secret_part) >= 8:
                        text = text.replace(secret_part, "***")
        return text


# --- loading ----------------------------------------------------------------------------------


def config_path(explicit: Path | str | None = None) -> tuple[Path | None, bool]:
    """The file to read and whether it must exist (given explicitly or by the environment)."""
    if explicit:
        return Path(explicit).expanduser(), True
    configured = env("QY_LANDING_CONFIG")
    if configured:
        return Path(configured).expanduser(), True
    local = Path.cwd() / FILE_NAME
    if local.is_file():
        return local, False
    from platformdirs import user_config_dir

    user = Path(user_config_dir("qy-landing", appauthor=False)) / FILE_NAME
    if user.is_file():
        return user, False
    return None, False


def load_config(
    path: Path | str | None = None, *, environ: Mapping[str, str] | None = None
) -> Config:
    """The settings from the file (see the module doc) and the environment.

    Raises :class:`~qy_landing.errors.ConfigError` naming the file, the key and what is
    allowed when a value is wrong; an unknown key is an error too (a typo must not pass).
    """
    import tomllib

    file, required = config_path(path)
    raw: dict[str, Any] = {}
    source = "defaults"
    warnings: list[Msg] = []
    if file is not None:
        source = str(file)
        if not file.is_file():
            if required:
                raise ConfigError(source, Msg("config.missing"))
        else:
            try:
                raw = tomllib.loads(file.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(source, Msg("config.syntax", reason=str(exc))) from None
            except (OSError, UnicodeDecodeError) as exc:
                problem = Msg("config.unreadable", reason=str(exc))
                raise ConfigError(source, problem) from None
            if _mentions_secret(raw) and _readable_by_others(file):
                warnings.append(Msg("config.world_readable", file=source))
    overridden = _apply_environment(raw, environ)
    if overridden:
        source = f"{source} + {', '.join(overridden)}"
    return _Reader(source).build(raw, tuple(warnings), base=file.parent if file else None)


def _apply_environment(raw: dict[str, Any], environ: Mapping[str, str] | None) -> list[str]:
    used = []
    for name, path in ENVIRONMENT.items():
        value = env(name, environ)
        if value is None:
            continue
        used.append(name)
        target = raw
        for part in path[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                child = target[part] = {}
            target = child
        key = path[-1]
        if key == "supervisors":
            target[key] = [v.strip() for v in value.split(",") if v.strip()]
        elif key == "port":
            target[key] = int(value) if value.strip().isdigit() else value
        else:
            target[key] = value
    return used


_SECRET_KEYS = ("password", "secret", "token", "url", "app_secret", "secret_key")


def _mentions_secret(raw: Any) -> bool:
    if isinstance(raw, dict):
        return any(
            (k in _SECRET_KEYS and isinstance(v, str) and v) or _mentions_secret(v)
            for k, v in raw.items()
        )
    return False


def _readable_by_others(file: Path) -> bool:
    try:
        return bool(file.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


_TOP = (
    "reminders",
    "scheduler",
    "channels",
    "routing",
    "redblack",
    "codes",
    "sheets",
    "units",
    "corrections",
)
_CODES = ("region_scope",)
_SHEETS = ("return_days", "contacts")
_CORRECTIONS = ("months_back", "who")
_REMINDERS = (
    "timezone",
    "monthly_at",
    "daily_at",
    "send_every_seconds",
    "max_attempts",
    "backoff_seconds",
    "backoff_max_seconds",
    "claim_seconds",
    "batch_size",
    "supervisors",
    "templates",
)
_SCHEDULER = (
    "standby_retry_seconds",
    "lock_check_seconds",
    "lease_seconds",
    "misfire_grace_seconds",
)
_CHANNELS = (
    "email",
    "wecom",
    "dingtalk",
    "webhook",
    "console",
    "wecom_app",
    "dingtalk_work",
    "sms",
)
_EMAIL = ("host", "port", "security", "username", "password", "from", "timeout", "ca_file")
_ROBOT = ("url", "secret", "units", "rate_per_minute", "max_bytes", "timeout")
_WEBHOOK = ("url", "token", "rate_per_minute", "timeout")
_REDBLACK = (
    "weights",
    "boards",
    "top",
    "min_projects",
    "min_indicators",
    "red_min_score",
    "reason_below",
)
_BOARD = ("kinds", "attribute", "weights", "top")
_WECOM_APP = (
    "corp_id",
    "agent_id",
    "secret",
    "secret_file",
    "base_url",
    "msgtype",
    "card_url",
    "max_bytes",
    "rate_per_minute",
    "timeout",
)
_DINGTALK_WORK = (
    "app_key",
    "app_secret",
    "app_secret_file",
    "agent_id",
    "base_url",
    "max_bytes",
    "rate_per_minute",
    "timeout",
    "receipt_after_seconds",
)
_SMS = (
    "provider",
    "endpoint",
    "region",
    "secret_id",
    "secret_key",
    "secret_key_file",
    "sdk_app_id",
    "sign_name",
    "templates",
    "where",
    "param_max_chars",
    "daily_limit",
    "rate_per_minute",
    "timeout",
)
_ROUTING = ("default", "roles")


def _unconfigured_routes(routing: RoutingSettings, configured: dict[str, bool]) -> list[Msg]:
    """A warning per private app channel a route names but the settings do not complete."""
    named = [*routing.default, *(c for route in routing.roles.values() for c in route)]
    return [
        Msg("config.route_unconfigured", channel=channel, setting=f"channels.{channel}")
        for channel in dict.fromkeys(named)
        if configured.get(channel) is False
    ]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[Msg] = []  # found while reading (a secret file others can read)

    def fail(self, key: str, problem: str, **fields: Any) -> ConfigError:
        return ConfigError(self.source, Msg(f"config.{problem}", setting=key, **fields))

    def table(self, value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "not_table")
        for name in value:
            if name not in allowed:
                full = f"{key}.{name}" if key else name
                raise self.fail(full, "unknown_key", allowed=list(allowed))
        return value

    def region_scopes(self, value: Any) -> dict[str, str]:
        """``[codes.region_scope]``: how wide each unit's project region codes may reach."""
        from qy_landing.codes import SCOPES

        codes = self.table(value, "codes", _CODES)
        raw = codes.get("region_scope")
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self.fail("codes.region_scope", "not_table")
        for unit, scope in raw.items():
            if scope not in SCOPES:
                key = f"codes.region_scope.{unit}"
                raise self.fail(key, "bad_choice", value=scope, allowed=list(SCOPES))
        return {str(k).strip(): str(v) for k, v in raw.items()}

    def number(self, value: Any, key: str, default: float, minimum: float = 0) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(key, "bad_number", value=value, minimum=minimum)
        return float(value)

    def integer(self, value: Any, key: str, default: int, minimum: int = 0) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, "bad_integer", value=value, minimum=minimum)
        return value

    def text(self, value: Any, key: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "bad_text", value=value)
        return value.strip() or None

    def secret(self, value: Any, key: str) -> Secret | None:
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "bad_secret")  # never echo a secret, whatever its type
        text = self.text(value, key)
        return Secret(text) if text else None

    def clock_time(self, value: Any, key: str, default: time) -> time:
        if value is None:
            return default
        if isinstance(value, time):
            return value
        if isinstance(value, str):
            hours, _, minutes = value.strip().partition(":")
            if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60:
                return time(int(hours), int(minutes))
        raise self.fail(key, "bad_time", value=value)

    def url(self, value: Any, key: str) -> Secret | None:
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "bad_secret")  # a robot URL carries its key
        text = self.text(value, key)
        if text is None:
            return None
        if not text.startswith(("http://", "https://")):
            # never echo the value: a robot URL carries its key
            raise self.fail(key, "bad_url")
        return Secret(text)

    def robot(self, value: Any, key: str) -> Robot:
        if isinstance(value, str):
            value = {"url": value}
        entry = self.table(value, key, ("url", "secret"))
        url = self.url(entry.get("url"), f"{key}.url")
        if url is None:
            raise self.fail(f"{key}.url", "required")
        return Robot(url, self.secret(entry.get("secret"), f"{key}.secret"))

    def robots(self, value: Any, key: str, max_bytes: int) -> RobotSettings:
        entry = self.table(value, key, _ROBOT)
        default = None
        if entry.get("url") is not None:
            default = self.robot({"url": entry["url"], "secret": entry.get("secret")}, key)
        elif entry.get("secret") is not None:
            raise self.fail(f"{key}.url", "required")
        units_raw = self.table(entry.get("units"), f"{key}.units", tuple(entry.get("units") or ()))
        units = {
            str(name): self.robot(robot, f"{key}.units.{name}") for name, robot in units_raw.items()
        }
        return RobotSettings(
            default=default,
            units=units,
            rate_per_minute=self.integer(
                entry.get("rate_per_minute"), f"{key}.rate_per_minute", 20, 1
            ),
            max_bytes=self.integer(entry.get("max_bytes"), f"{key}.max_bytes", max_bytes, 512),
            timeout=self.number(entry.get("timeout"), f"{key}.timeout", 10.0, 0.1),
        )

    def email(self, value: Any) -> EmailSettings:
        key = "channels.email"
        entry = self.table(value, key, _EMAIL)
        security = self.text(entry.get("security"), f"{key}.security") or "starttls"
        if security not in SECURITY_MODES:
            raise self.fail(
                f"{key}.security", "bad_choice", value=security, allowed=list(SECURITY_MODES)
            )
        port_value = entry.get("port")
        if isinstance(port_value, str) and port_value.strip().isdigit():
            port_value = int(port_value)
        port = self.integer(port_value, f"{key}.port", DEFAULT_PORTS[security], 1)
        return EmailSettings(
            host=self.text(entry.get("host"), f"{key}.host"),
            port=port,
            security=security,
            username=self.text(entry.get("username"), f"{key}.username"),
            password=self.secret(entry.get("password"), f"{key}.password"),
            sender=self.text(entry.get("from"), f"{key}.from"),
            timeout=self.number(entry.get("timeout"), f"{key}.timeout", 30.0, 0.1),
            ca_file=self.file(entry.get("ca_file"), f"{key}.ca_file"),
        )

    def file(self, value: Any, key: str) -> Path | None:
        text = self.text(value, key)
        if text is None:
            return None
        path = Path(text).expanduser()
        if not path.is_file():
            raise self.fail(key, "no_file", value=str(path))
        return path

    def weights(self, value: Any, key: str) -> dict[str, float] | None:
        """A weights table: the indicators it names, every other one 0; None if absent."""
        if value is None:
            return None
        given = self.table(value, key, INDICATORS)
        weights = dict.fromkeys(INDICATORS, 0.0)
        for name, weight in given.items():
            weights[name] = self.number(weight, f"{key}.{name}", 0.0, 0)
        if sum(weights.values()) <= 0:
            raise self.fail(key, "zero_weights")
        return weights

    def unit_kinds(self, value: Any) -> tuple[UnitKind, ...]:
        entry = self.table(value, "units", ("kinds",))
        kinds = self.table(entry.get("kinds"), "units.kinds", tuple(entry.get("kinds") or ()))
        found = []
        for key, names in kinds.items():
            where = f"units.kinds.{key}"
            if key in BUILTIN_UNIT_KINDS or not key.replace("_", "").isalnum():
                raise self.fail(where, "bad_kind", value=key)
            if isinstance(names, str):
                names = {"zh": names, "en": names}
            names = self.table(names, where, ("zh", "en"))
            zh = self.text(names.get("zh"), f"{where}.zh") or key
            en = self.text(names.get("en"), f"{where}.en") or key
            found.append(UnitKind(str(key), zh, en))
        return tuple(found)

    def redblack(self, value: Any, kinds: tuple[UnitKind, ...]) -> RedBlackConfig:
        entry = self.table(value, "redblack", _REDBLACK)
        top = self.integer(entry.get("top"), "redblack.top", 3, 0)
        weights = self.weights(entry.get("weights"), "redblack.weights")
        known = (*BUILTIN_UNIT_KINDS, *(k.key for k in kinds))
        boards: list[Board] = []
        taken: dict[str, str] = {}
        raw_boards = entry.get("boards")
        for name, board_value in self.table(
            raw_boards, "redblack.boards", tuple(raw_boards or ())
        ).items():
            where = f"redblack.boards.{name}"
            board = self.table(board_value, where, _BOARD)
            board_kinds = board.get("kinds", [name])
            if isinstance(board_kinds, str):
                board_kinds = [board_kinds]
            if not isinstance(board_kinds, list) or not board_kinds:
                raise self.fail(
                    f"{where}.kinds", "bad_choice", value=board_kinds, allowed=list(known)
                )
            for kind in board_kinds:
                if kind not in known:
                    raise self.fail(f"{where}.kinds", "bad_choice", value=kind, allowed=list(known))
                if kind in taken:
                    raise self.fail(f"{where}.kinds", "kind_twice", value=kind, other=taken[kind])
                taken[kind] = str(name)
            places = all(k in PLACE_KINDS for k in board_kinds)
            attribute = self.text(board.get("attribute"), f"{where}.attribute") or (
                "landing" if places else "introducing"
            )
            if attribute not in ATTRIBUTIONS:
                raise self.fail(
                    f"{where}.attribute", "bad_choice", value=attribute, allowed=list(ATTRIBUTIONS)
                )
            board_weights = self.weights(board.get("weights"), f"{where}.weights") or weights
            if board_weights is None:
                board_weights = PLACE_WEIGHTS if places else INTRODUCER_WEIGHTS
            boards.append(
                Board(
                    str(name),
                    tuple(board_kinds),
                    attribute,
                    dict(board_weights),
                    self.integer(board.get("top"), f"{where}.top", top, 0),
                )
            )
        if weights is not None:  # [redblack.weights] is every other board's weights
            named = set(taken)
            for kind in known:
                if kind not in named:
                    boards.append(default_board(kind, top, weights))
        return RedBlackConfig(
            boards=tuple(boards),
            top=top,
            min_projects=self.integer(entry.get("min_projects"), "redblack.min_projects", 1, 0),
            min_indicators=self.integer(
                entry.get("min_indicators"), "redblack.min_indicators", 2, 1
            ),
            red_min_score=self.number(entry.get("red_min_score"), "redblack.red_min_score", 0, 0),
            reason_below=self.number(entry.get("reason_below"), "redblack.reason_below", 60, 0),
            source=self.source,
            extra_kinds=tuple(k.key for k in kinds),
        )

    def sheets(self, value: Any) -> SheetsConfig:
        entry = self.table(value, "sheets", _SHEETS)
        given = entry.get("contacts") or {}
        if not isinstance(given, dict):
            raise self.fail("sheets.contacts", "not_table")
        contacts = {}
        for unit, name in given.items():
            text = self.text(name, f"sheets.contacts.{unit}")
            if text:
                contacts[str(unit)] = text
        return SheetsConfig(
            return_days=self.integer(entry.get("return_days"), "sheets.return_days", 5, 1),
            contacts=contacts,
        )

    # --- private channels and routing (issue 18) ------------------------------------------

    def secret_from(
        self, entry: dict[str, Any], key: str, name: str, file_name: str
    ) -> Secret | None:
        """A secret given inline (or by the environment), else read from ``file_name``'s file.

        The file's content is never echoed; a file other users can read gives a warning.
        """
        inline = self.secret(entry.get(name), f"{key}.{name}")
        if inline is not None:
            return inline
        path = self.file(entry.get(file_name), f"{key}.{file_name}")
        if path is None:
            return None
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise self.fail(
                f"{key}.{file_name}",
                "secret_unreadable",
                value=str(path),
                reason=type(exc).__name__,
            ) from None
        if not text:
            raise self.fail(f"{key}.{file_name}", "secret_empty", value=str(path))
        if _readable_by_others(path):
            self.warnings.append(Msg("config.world_readable", file=str(path)))
        return Secret(text)

    def base_url(self, value: Any, key: str, default: str) -> str:
        text = self.text(value, key)
        if text is None:
            return default
        if not text.startswith(("http://", "https://")):
            raise self.fail(key, "bad_url")
        return text.rstrip("/")

    def choice(self, value: Any, key: str, allowed: tuple[str, ...], default: str) -> str:
        text = self.text(value, key) or default
        if text not in allowed:
            raise self.fail(key, "bad_choice", value=text, allowed=list(allowed))
        return text

    def wecom_app(self, value: Any) -> WeComAppSettings:
        key = "channels.wecom_app"
        entry = self.table(value, key, _WECOM_APP)
        agent = entry.get("agent_id")
        if isinstance(agent, str) and agent.strip().isdigit():
            agent = int(agent)
        msgtype = self.choice(
            entry.get("msgtype"), f"{key}.msgtype", ("markdown", "textcard"), "markdown"
        )
        card_url = self.base_url(entry.get("card_url"), f"{key}.card_url", "") or None
        if msgtype == "textcard" and card_url is None:
            raise self.fail(f"{key}.card_url", "required")
        return WeComAppSettings(
            corp_id=self.text(entry.get("corp_id"), f"{key}.corp_id"),
            agent_id=self.integer(agent, f"{key}.agent_id", 0, 1) or None,
            secret=self.secret_from(entry, key, "secret", "secret_file"),
            base_url=self.base_url(
                entry.get("base_url"), f"{key}.base_url", WeComAppSettings.base_url
            ),
            msgtype=msgtype,
            card_url=card_url,
            max_bytes=self.integer(entry.get("max_bytes"), f"{key}.max_bytes", 2048, 256),
            rate_per_minute=self.integer(
                entry.get("rate_per_minute"), f"{key}.rate_per_minute", 600, 0
            ),
            timeout=self.number(entry.get("timeout"), f"{key}.timeout", 10.0, 0.1),
        )

    def dingtalk_work(self, value: Any) -> DingTalkWorkSettings:
        key = "channels.dingtalk_work"
        entry = self.table(value, key, _DINGTALK_WORK)
        agent = entry.get("agent_id")
        if isinstance(agent, str) and agent.strip().isdigit():
            agent = int(agent)
        return DingTalkWorkSettings(
            app_key=self.text(entry.get("app_key"), f"{key}.app_key"),
            app_secret=self.secret_from(entry, key, "app_secret", "app_secret_file"),
            agent_id=self.integer(agent, f"{key}.agent_id", 0, 1) or None,
            base_url=self.base_url(
                entry.get("base_url"), f"{key}.base_url", DingTalkWorkSettings.base_url
            ),
            max_bytes=self.integer(entry.get("max_bytes"), f"{key}.max_bytes", 5000, 256),
            rate_per_minute=self.integer(
                entry.get("rate_per_minute"), f"{key}.rate_per_minute", 600, 0
            ),
            timeout=self.number(entry.get("timeout"), f"{key}.timeout", 10.0, 0.1),
            receipt_after_seconds=self.integer(
                entry.get("receipt_after_seconds"), f"{key}.receipt_after_seconds", 300, 0
            ),
        )

    def sms(self, value: Any) -> SmsSettings:
        key = "channels.sms"
        entry = self.table(value, key, _SMS)
        raw = entry.get("templates")
        names = tuple(raw) if isinstance(raw, dict) else ()
        allowed_kinds = ("monthly", "overdue", "stall", "default")
        for name in names:
            if name not in allowed_kinds:
                raise self.fail(
                    f"{key}.templates.{name}", "unknown_key", allowed=list(allowed_kinds)
                )
        templates = {
            str(name): self.sms_template(template, f"{key}.templates.{name}")
            for name, template in self.table(raw, f"{key}.templates", names).items()
        }
        app_id = entry.get("sdk_app_id")
        if isinstance(app_id, int) and not isinstance(app_id, bool):
            app_id = str(app_id)
        return SmsSettings(
            provider=self.choice(
                entry.get("provider"), f"{key}.provider", SMS_PROVIDERS, "tencent"
            ),
            endpoint=self.base_url(entry.get("endpoint"), f"{key}.endpoint", SmsSettings.endpoint),
            region=self.text(entry.get("region"), f"{key}.region") or SmsSettings.region,
            secret_id=self.secret(entry.get("secret_id"), f"{key}.secret_id"),
            secret_key=self.secret_from(entry, key, "secret_key", "secret_key_file"),
            sdk_app_id=self.text(app_id, f"{key}.sdk_app_id"),
            sign_name=self.text(entry.get("sign_name"), f"{key}.sign_name"),
            templates=templates,
            where=self.text(entry.get("where"), f"{key}.where"),
            param_max_chars=self.integer(
                entry.get("param_max_chars"), f"{key}.param_max_chars", 20, 1
            ),
            daily_limit=self.integer(entry.get("daily_limit"), f"{key}.daily_limit", 5, 0),
            rate_per_minute=self.integer(
                entry.get("rate_per_minute"), f"{key}.rate_per_minute", 600, 0
            ),
            timeout=self.number(entry.get("timeout"), f"{key}.timeout", 10.0, 0.1),
        )

    def sms_template(self, value: Any, key: str) -> SmsTemplate:
        if isinstance(value, str | int) and not isinstance(value, bool):
            value = {"id": str(value)}
        entry = self.table(value, key, ("id", "params"))
        template_id = entry.get("id")
        if isinstance(template_id, int) and not isinstance(template_id, bool):
            template_id = str(template_id)
        ident = self.text(template_id, f"{key}.id")
        if ident is None:
            raise self.fail(f"{key}.id", "required")
        params = entry.get("params", [])
        if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
            raise self.fail(f"{key}.params", "bad_choice", value=params, allowed=list(SMS_FIELDS))
        for param in params:
            if param not in SMS_FIELDS:
                raise self.fail(
                    f"{key}.params", "bad_choice", value=param, allowed=list(SMS_FIELDS)
                )
        return SmsTemplate(ident, tuple(params))

    def route(self, value: Any, key: str) -> tuple[str, ...]:
        from qy_landing.vocabulary import CHANNELS

        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise self.fail(key, "bad_choice", value=value, allowed=list(CHANNELS))
        route: list[str] = []
        for channel in value:
            if channel not in CHANNELS:
                raise self.fail(key, "bad_choice", value=channel, allowed=list(CHANNELS))
            if channel not in route:
                route.append(channel)
        return tuple(route)

    def routing(self, value: Any) -> RoutingSettings:
        entry = self.table(value, "routing", _ROUTING)
        roles = self.table(entry.get("roles"), "routing.roles", ROUTING_ROLES)
        default = entry.get("default")
        return RoutingSettings(
            roles={
                name: self.route(route, f"routing.roles.{name}") for name, route in roles.items()
            },
            default=self.route(default, "routing.default") if default is not None else (),
        )

    def build(self, raw: dict[str, Any], warnings: tuple[Msg, ...], base: Path | None) -> Config:
        top = self.table(raw, "", _TOP)
        kinds = self.unit_kinds(top.get("units"))
        rem = self.table(top.get("reminders"), "reminders", _REMINDERS)
        sch = self.table(top.get("scheduler"), "scheduler", _SCHEDULER)
        channels = self.table(top.get("channels"), "channels", _CHANNELS)
        timezone = self.text(rem.get("timezone"), "reminders.timezone") or "Asia/Shanghai"
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail("reminders.timezone", "bad_timezone", value=timezone) from None
        supervisors = rem.get("supervisors", [])
        if isinstance(supervisors, str):
            supervisors = [supervisors]
        if not isinstance(supervisors, list) or not all(isinstance(s, str) for s in supervisors):
            raise self.fail("reminders.supervisors", "bad_names")
        templates = self.text(rem.get("templates"), "reminders.templates")
        templates_path = None
        if templates:
            templates_path = Path(templates).expanduser()
            if not templates_path.is_absolute() and base is not None:
                templates_path = base / templates_path
            if not templates_path.is_dir():
                raise self.fail("reminders.templates", "no_folder", value=str(templates_path))
        backoff = self.integer(rem.get("backoff_seconds"), "reminders.backoff_seconds", 60, 1)
        webhook = self.table(channels.get("webhook"), "channels.webhook", _WEBHOOK)
        self.table(channels.get("console"), "channels.console", ())
        return Config(
            region_scopes=self.region_scopes(top.get("codes")),
            source=self.source,
            timezone=timezone,
            monthly_at=self.clock_time(rem.get("monthly_at"), "reminders.monthly_at", time(9)),
            daily_at=self.clock_time(rem.get("daily_at"), "reminders.daily_at", time(9, 30)),
            send_every_seconds=self.integer(
                rem.get("send_every_seconds"), "reminders.send_every_seconds", 60, 5
            ),
            max_attempts=self.integer(rem.get("max_attempts"), "reminders.max_attempts", 5, 1),
            backoff_seconds=backoff,
            backoff_max_seconds=max(
                backoff,
                self.integer(
                    rem.get("backoff_max_seconds"), "reminders.backoff_max_seconds", 6 * 3600, 1
                ),
            ),
            claim_seconds=self.integer(rem.get("claim_seconds"), "reminders.claim_seconds", 300, 1),
            batch_size=self.integer(rem.get("batch_size"), "reminders.batch_size", 20, 1),
            supervisors=tuple(s.strip() for s in supervisors if s.strip()),
            templates=templates_path,
            standby_retry_seconds=self.number(
                sch.get("standby_retry_seconds"), "scheduler.standby_retry_seconds", 5.0, 0.1
            ),
            lock_check_seconds=self.number(
                sch.get("lock_check_seconds"), "scheduler.lock_check_seconds", 10.0, 0.1
            ),
            lease_seconds=self.number(
                sch.get("lease_seconds"), "scheduler.lease_seconds", 30.0, 0.5
            ),
            misfire_grace_seconds=self.integer(
                sch.get("misfire_grace_seconds"), "scheduler.misfire_grace_seconds", 7 * 86400, 1
            ),
            email=self.email(channels.get("email")),
            wecom=self.robots(channels.get("wecom"), "channels.wecom", 4096),
            dingtalk=self.robots(channels.get("dingtalk"), "channels.dingtalk", 20000),
            webhook=WebhookSettings(
                url=self.url(webhook.get("url"), "channels.webhook.url"),
                token=self.secret(webhook.get("token"), "channels.webhook.token"),
                rate_per_minute=self.integer(
                    webhook.get("rate_per_minute"), "channels.webhook.rate_per_minute", 0, 0
                ),
                timeout=self.number(webhook.get("timeout"), "channels.webhook.timeout", 10.0, 0.1),
            ),
            corrections=self.corrections(top.get("corrections")),
            redblack=self.redblack(top.get("redblack"), kinds),
            unit_kinds=kinds,
            sheets=self.sheets(top.get("sheets")),
            wecom_app=(wecom_app := self.wecom_app(channels.get("wecom_app"))),
            dingtalk_work=(dingtalk_work := self.dingtalk_work(channels.get("dingtalk_work"))),
            sms=(sms := self.sms(channels.get("sms"))),
            routing=(routing := self.routing(top.get("routing"))),
            warnings=(
                *warnings,
                *self.warnings,
                *_unconfigured_routes(
                    routing,
                    {
                        "wecom_app": wecom_app.configured,
                        "dingtalk_work": dingtalk_work.configured,
                        "sms": sms.configured,
                    },
                ),
            ),
        )

    def corrections(self, value: Any) -> CorrectionPolicy:
        table = self.table(value, "corrections", _CORRECTIONS)
        who = self.table(table.get("who"), "corrections.who", CORRECTION_KINDS)
        allowed: dict[str, tuple[str, ...]] = dict.fromkeys(CORRECTION_KINDS, ("*",))
        for kind, names in who.items():
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise self.fail(f"corrections.who.{kind}", "bad_names")
            allowed[kind] = tuple(n.strip() for n in names if n.strip())
        return CorrectionPolicy(
            months_back=self.integer(table.get("months_back"), "corrections.months_back", 1, 0),
            who=allowed,
        )
