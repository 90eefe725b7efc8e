"""Settings from ``qy-landing.toml`` and environment variables: reminders, channels, scheduler.

Where the file is looked for, first found wins:

1. the path given by the caller (``--config``),
2. ``QY_LANDING_CONFIG`` (then the file must exist),
3. ``./qy-landing.toml``,
4. ``qy-landing.toml`` in the user's configuration directory (platformdirs).

No file at all is fine: every setting has a default and the ``console`` channel needs
nothing. Environment variables (table :data:`ENVIRONMENT`) override the file, so secrets
can stay out of it. Secrets (passwords, robot URLs with their keys, signing secrets,
tokens) are :class:`Secret` values: they never print, and :meth:`Config.redact` removes
them from any text before it reaches a log or the database.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from qy_landing.errors import ConfigError, Msg

FILE_NAME = "qy-landing.toml"
SECURITY_MODES = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}

# environment variable -> key path in the file; applied over the file's values.
ENVIRONMENT: dict[str, tuple[str, ...]] = {
    "QY_LANDING_TIMEZONE": ("reminders", "timezone"),
    "QY_LANDING_SUPERVISORS": ("reminders", "supervisors"),  # comma-separated names
    "QY_LANDING_SMTP_HOST": ("channels", "email", "host"),
    "QY_LANDING_SMTP_PORT": ("channels", "email", "port"),
    "QY_LANDING_SMTP_SECURITY": ("channels", "email", "security"),
    "QY_LANDING_SMTP_USER": ("channels", "email", "username"),
    "QY_LANDING_SMTP_PASSWORD": ("channels", "email", "password"),
    "QY_LANDING_SMTP_FROM": ("channels", "email", "from"),
    "QY_LANDING_WECOM_URL": ("channels", "wecom", "url"),
    "QY_LANDING_DINGTALK_URL": ("channels", "dingtalk", "url"),
    "QY_LANDING_DINGTALK_SECRET": ("channels", "dingtalk", "secret"),
    "QY_LANDING_WEBHOOK_URL": ("channels", "webhook", "url"),
    "QY_LANDING_WEBHOOK_TOKEN": ("channels", "webhook", "token"),
}


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


@dataclass(frozen=True)
class Config:
    """Every setting of reminders, their channels and the scheduler daemon."""

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
    misfire_grace_seconds: int = 7 * 86400
    email: EmailSettings = field(default_factory=EmailSettings)
    wecom: RobotSettings = field(default_factory=RobotSettings)
    dingtalk: RobotSettings = field(default_factory=lambda: RobotSettings(max_bytes=20000))
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    corrections: CorrectionPolicy = field(default_factory=CorrectionPolicy)
    warnings: tuple[Msg, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def secrets(self) -> list[str]:
        """Every secret value, longest first (for :meth:`redact`)."""
        found: list[Secret | None] = [self.email.password, self.webhook.url, self.webhook.token]
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
    configured = os.environ.get("QY_LANDING_CONFIG")
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
    env = os.environ if environ is None else environ
    file, required = config_path(path)
    raw: dict[str, Any] = {}
    source = "defaults"
    warnings: list[Msg] = []
    if file is not None:
        source = str(file)
        if not file.is_file():
            if required:
                raise ConfigError(source, Msg("remind.config.missing"))
        else:
            try:
                raw = tomllib.loads(file.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(source, Msg("remind.config.syntax", reason=str(exc))) from None
            except (OSError, UnicodeDecodeError) as exc:
                problem = Msg("remind.config.unreadable", reason=str(exc))
                raise ConfigError(source, problem) from None
            if _mentions_secret(raw) and _readable_by_others(file):
                warnings.append(Msg("remind.config.world_readable", file=source))
    overridden = _apply_environment(raw, env)
    if overridden:
        source = f"{source} + {', '.join(overridden)}"
    return _Reader(source).build(raw, tuple(warnings), base=file.parent if file else None)


def _apply_environment(raw: dict[str, Any], env: Mapping[str, str]) -> list[str]:
    used = []
    for name, path in ENVIRONMENT.items():
        value = env.get(name)
        if value is None or value == "":
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


_SECRET_KEYS = ("password", "secret", "token", "url")


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


_TOP = ("reminders", "scheduler", "channels", "corrections")
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
_SCHEDULER = ("standby_retry_seconds", "lock_check_seconds", "misfire_grace_seconds")
_CHANNELS = ("email", "wecom", "dingtalk", "webhook", "console")
_EMAIL = ("host", "port", "security", "username", "password", "from", "timeout", "ca_file")
_ROBOT = ("url", "secret", "units", "rate_per_minute", "max_bytes", "timeout")
_WEBHOOK = ("url", "token", "rate_per_minute", "timeout")


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str, **fields: Any) -> ConfigError:
        return ConfigError(self.source, Msg(f"remind.config.{problem}", setting=key, **fields))

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

    def build(self, raw: dict[str, Any], warnings: tuple[Msg, ...], base: Path | None) -> Config:
        top = self.table(raw, "", _TOP)
        rem = self.table(top.get("reminders"), "reminders", _REMINDERS)
        sch = self.table(top.get("scheduler"), "scheduler", _SCHEDULER)
        channels = self.table(top.get("channels"), "channels", _CHANNELS)
        timezone = self.text(rem.get("timezone"), "reminders.timezone") or "Asia/Shanghai"
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
            warnings=warnings,
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
