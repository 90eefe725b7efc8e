"""Settings of the private channels and the routing: secrets from env or file, never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from qy_landing.config import SmsTemplate, load_config
from qy_landing.errors import ConfigError

SAMPLE = """
[channels.wecom_app]
corp_id = "ww0123456789"
agent_id = 1000002
base_url = "https://zwwx.gansu.gov.cn/"
msgtype = "textcard"
card_url = "https://oa.qingyang.gov.cn/luodi"

[channels.dingtalk_work]
app_key = "dingappkey01"
agent_id = "2950001"

[channels.sms]
secret_id = "AKIDtestsecretid0123456789"
sdk_app_id = 1400006666
sign_name = "庆阳市落地办"
where = "政务微信"
daily_limit = 3

[channels.sms.templates]
monthly = { id = "2100001", params = ["person", "kind", "where"] }
default = "2100002"

[routing]
default = ["email"]

[routing.roles]
first_responsible = ["wecom_app", "sms", "email"]
supervisor = ["sms"]
"""


def write(tmp_path: Path, text: str, name: str = "qy-landing.toml", mode: int = 0o600) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_sections_are_read_and_typed(tmp_path):
    """Ids, base URL (trailing / dropped), message type, templates and routes as written."""
    config = load_config(write(tmp_path, SAMPLE), environ={})
    assert config.wecom_app.corp_id == "ww0123456789" and config.wecom_app.agent_id == 1000002
    assert config.wecom_app.base_url == "https://zwwx.gansu.gov.cn"
    assert config.wecom_app.msgtype == "textcard"
    assert config.dingtalk_work.agent_id == 2950001
    assert config.sms.sdk_app_id == "1400006666" and config.sms.daily_limit == 3
    assert config.sms.templates == {
        "monthly": SmsTemplate("2100001", ("person", "kind", "where")),
        "default": SmsTemplate("2100002", ()),
    }
    assert config.sms.template_for("stall") == SmsTemplate("2100002", ())
    assert config.routing.roles["first_responsible"] == ("wecom_app", "sms", "email")
    assert config.routing.default == ("email",)
    assert not config.wecom_app.configured  # no secret yet


def test_secrets_come_from_the_environment_and_never_print(tmp_path):
    """QY_LANDING_WECOM_APP_SECRET, _DINGTALK_APP_SECRET, _SMS_SECRET_KEY: set, hidden, redacted."""
    env = {
        "QY_LANDING_WECOM_APP_SECRET": "wecom-secret-abcdef123456",
        "QY_LANDING_DINGTALK_APP_SECRET": "dingtalk-secret-abcdef123456",
        "QY_LANDING_SMS_SECRET_KEY": "sms-secret-abcdef123456",
    }
    config = load_config(write(tmp_path, SAMPLE), environ=env)
    assert config.wecom_app.configured and config.dingtalk_work.configured
    assert config.sms.configured
    shown = repr(config)
    assert all(value not in shown for value in env.values())
    assert config.redact("corpsecret=wecom-secret-abcdef123456 and sms-secret-abcdef123456") == (
        "corpsecret=*** and ***"
    )
    assert "QY_LANDING_WECOM_APP_SECRET" in config.source


def test_a_secret_may_be_read_from_a_file(tmp_path):
    """secret_file: the file's content (stripped); a file others can read gives a warning."""
    secret = write(tmp_path, "wecom-secret-from-file-0001\n", "wecom.secret")
    text = SAMPLE.replace("agent_id = 1000002", f'agent_id = 1000002\nsecret_file = "{secret}"')
    config = load_config(write(tmp_path, text), environ={})
    assert config.wecom_app.secret.reveal() == "wecom-secret-from-file-0001"
    readable = "config.world_readable"
    assert [w.key for w in config.warnings if w.key == readable] == []
    secret.chmod(0o644)
    warned = load_config(write(tmp_path, text), environ={})
    assert [w.key for w in warned.warnings if w.key == readable] == [readable]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[channels.wecom_app]\nmsgtype = "news"\n', "markdown, textcard"),
        ('[channels.wecom_app]\nmsgtype = "textcard"\n', "channels.wecom_app.card_url"),
        ('[channels.wecom_app]\nbase_url = "zwwx.gansu.gov.cn"\n', "https://"),
        ('[channels.wecom_app]\nsecret_file = "/nonexistent/wecom.secret"\n', "/nonexistent"),
        ('[channels.sms]\nprovider = "aliyun"\n', "tencent"),
        ('[channels.sms.templates]\nweekly = "1"\n', "channels.sms.templates.weekly"),
        ('[channels.sms.templates]\nmonthly = { id = "1", params = ["body"] }\n', "person"),
        ('[routing.roles]\nfirst_responsible = ["fax"]\n', "wecom_app"),
        ('[routing.roles]\nmayor = ["sms"]\n', "first_responsible"),
    ],
)
def test_bad_values_are_refused_with_what_is_allowed(tmp_path, text, fragment):
    """Each mistake is one error naming the key and what is allowed."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    assert fragment in caught.value.render("en")


def test_an_empty_secret_file_is_refused_without_showing_anything(tmp_path):
    """An empty secret file is an error naming the file."""
    empty = write(tmp_path, "\n", "empty.secret")
    text = f'[channels.dingtalk_work]\napp_secret_file = "{empty}"\n'
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    assert "channels.dingtalk_work.app_secret_file" in caught.value.render("en")
    assert "empty" in caught.value.render("en")


def test_a_route_naming_an_incomplete_app_channel_gives_a_warning(tmp_path):
    """[routing] uses wecom_app and sms without their secrets: one warning each."""
    config = load_config(write(tmp_path, SAMPLE), environ={"QY_LANDING_SMS_SECRET_KEY": "k" * 20})
    warnings = [(w.key, w.fields["channel"]) for w in config.warnings]
    assert warnings == [("config.route_unconfigured", "wecom_app")]
    assert "reminders will fall through" in config.warnings[0].render("en")
