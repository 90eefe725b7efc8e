"""Settings from qy-landing.toml and the environment; secrets never shown."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from qy_landing.config import Config, Secret, load_config
from qy_landing.errors import ConfigError

SAMPLE = """
[reminders]
timezone = "Asia/Shanghai"
monthly_at = "08:30"
max_attempts = 7
supervisors = ["王督办", "李华@市招商促进中心"]

[scheduler]
standby_retry_seconds = 3

[channels.email]
host = "smtp.qingyang.gov.cn"
security = "ssl"
username = "luodiban"
password = "mail-password-123"
from = "落地办 <luodiban@qingyang.gov.cn>"

[channels.wecom]
url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-default-key"

[channels.wecom.units]
"环县" = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=huanxian-key-0001"

[channels.dingtalk]
url = "https://oapi.dingtalk.com/robot/send?access_token=dingtalk-token-01"
secret = "SEC-dingtalk-secret"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "qy-landing.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_no_file_means_defaults():
    """Nothing configured: console works, 09:00 Asia/Shanghai, five attempts."""
    config = load_config(environ={})
    assert config.source == "defaults"
    assert (config.monthly_at, config.daily_at, config.max_attempts) == (time(9), time(9, 30), 5)
    assert config.timezone == "Asia/Shanghai" and config.wecom.default is None


def test_file_values_are_read_and_typed(tmp_path):
    config = load_config(write(tmp_path, SAMPLE), environ={})
    assert config.monthly_at == time(8, 30) and config.max_attempts == 7
    assert config.supervisors == ("王督办", "李华@市招商促进中心")
    assert config.email.port == 465 and config.email.sender == "落地办 <luodiban@qingyang.gov.cn>"
    assert config.wecom.robot_for("环县").url.reveal().endswith("huanxian-key-0001")
    assert config.wecom.robot_for("庆城县").url.reveal().endswith("wecom-default-key")
    assert config.dingtalk.robot_for(None).secret == Secret("SEC-dingtalk-secret")
    assert config.standby_retry_seconds == 3


def test_file_is_found_through_the_environment_then_the_working_directory(tmp_path, monkeypatch):
    path = write(tmp_path, "[reminders]\nmax_attempts = 2\n")
    monkeypatch.setenv("QY_LANDING_CONFIG", str(path))
    assert load_config().max_attempts == 2
    monkeypatch.delenv("QY_LANDING_CONFIG")
    monkeypatch.chdir(tmp_path)
    assert load_config().max_attempts == 2


def test_environment_overrides_the_file_for_secrets(tmp_path):
    """QY_LANDING_SMTP_PASSWORD etc. keep secrets out of the file."""
    config = load_config(
        write(tmp_path, SAMPLE),
        environ={"QY_LANDING_SMTP_PASSWORD": "from-env-pass", "QY_LANDING_SUPERVISORS": "甲, 乙"},
    )
    assert config.email.password == Secret("from-env-pass")
    assert config.supervisors == ("甲", "乙")
    assert "QY_LANDING_SMTP_PASSWORD" in config.source


def test_secrets_never_print_and_are_redacted_from_text(tmp_path):
    """repr() shows *** and redact() removes every secret, also a robot key alone."""
    config = load_config(write(tmp_path, SAMPLE), environ={})
    shown = repr(config)
    for secret in (
        "mail-password-123",
        "wecom-default-key",
        "SEC-dingtalk-secret",
        "dingtalk-token-01",
    ):
        assert secret not in shown
    text = (
        "POST https://oapi.dingtalk.com/robot/send?access_token=dingtalk-token-01 failed; "
        "key=huanxian-key-0001, pass mail-password-123"
    )
    assert config.redact(text) == "POST *** failed; key=***, pass ***"


def test_unknown_key_is_an_error_naming_it_and_the_known_ones(tmp_path):
    """A typo must not pass silently."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[reminders]\nmonthly_time = "09:00"\n'), environ={})
    message = caught.value.render("zh")
    assert "reminders.monthly_time" in message and "monthly_at" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[reminders]\nmonthly_at = "9点"\n', "HH:MM"),
        ('[reminders]\ntimezone = "Mars/Olympus"\n', "Mars/Olympus"),
        ("[reminders]\nmax_attempts = 0\n", "max_attempts"),
        ('[channels.email]\nsecurity = "tls"\n', "starttls"),
        ('[channels.wecom]\nurl = "qyapi.weixin.qq.com/send?key=abc"\n', "https://"),
        ("[reminders\n", "TOML"),
    ],
)
def test_bad_values_are_refused_with_what_is_allowed(tmp_path, text, fragment):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    assert fragment in caught.value.render("en")


def test_bad_robot_url_is_refused_without_echoing_it(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(
            write(tmp_path, '[channels.wecom]\nurl = "ftp://x?key=topsecret"\n'), environ={}
        )
    assert "topsecret" not in caught.value.render("en")


def test_missing_file_named_explicitly_is_an_error(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path / "nope.toml", environ={})


def test_file_with_secrets_readable_by_others_gives_a_warning(tmp_path):
    path = write(tmp_path, SAMPLE)
    path.chmod(0o644)
    config = load_config(path, environ={})
    assert [w.key for w in config.warnings] == ["config.world_readable"]
    assert load_config(write(tmp_path, SAMPLE), environ={}).warnings == ()


def test_office_templates_override_single_entries(tmp_path):
    """reminders.templates: an office rewords the digest title; unknown fields are refused."""
    from qy_landing.reminders.messages import templates

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "zh.toml").write_text(
        '[monthly]\ntitle = "{month}调度：{person}"\n', encoding="utf-8"
    )
    config = load_config(write(tmp_path, f'[reminders]\ntemplates = "{folder}"\n'), environ={})
    assert (
        templates("zh", config.templates).render(
            "monthly.title", month="10月", person="张伟", count=1
        )
        == "10月调度：张伟"
    )
    (folder / "en.toml").write_text('[monthly]\ntitle = "{secret_field}"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        templates("en", config.templates)


def test_default_config_object_matches_an_empty_file(tmp_path):
    assert load_config(write(tmp_path, ""), environ={}).max_attempts == Config().max_attempts
