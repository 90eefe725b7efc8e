"""``qy-landing person add | edit | list``."""

from __future__ import annotations

import json

import pytest

from qy_landing.cli.docgen import JSON_SHAPES


@pytest.mark.backends
def test_add_with_contacts_channel_language_and_supervisor(cli):
    """A person gets contacts, a reminder channel and language; --supervisor is said."""
    result = cli("person", "add", "王强", "--unit", "西峰区", "--title", "副区长",
                 "--phone", "13900000000", "--email", "wq@example.cn", "--wecom", "wangqiang",
                 "--channel", "企业微信", "--lang", "en", "--supervisor", lang="zh")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "已登记 王强（西峰区），提醒经企业微信，语言 en",
        "已设为市级督办人（逾期督办的最后一级）",
    ]
    listed = cli("person", "list", lang="zh")
    assert "王强 ★" in listed.stdout
    assert "副区长" in listed.stdout
    assert "13900000000" in listed.stdout
    assert listed.stdout.rstrip().endswith("★ 市级督办人")


def test_list_json_and_unit_filter(cli):
    """--unit filters; --json has the documented keys."""
    cli("person", "add", "张伟", "--unit", "环县")
    cli("person", "add", "李娜", "--unit", "西峰区", "--channel", "email", "--email", "ln@x.cn")
    people = json.loads(cli("person", "list", "--unit", "西峰区", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["person list --json"]] == list(people[0])
    assert [(p["name"], p["channel"]) for p in people] == [("李娜", "email")]


def test_bad_email_says_the_form(cli):
    """A malformed e-mail address is refused with the expected form."""
    result = cli("person", "add", "张伟", "--unit", "环县", "--email", "zhangwei", lang="zh")
    assert result.exit_code == 1
    assert result.stderr == "电子邮箱「zhangwei」无效，应为形如 name@example.com 的邮箱\n"


def test_unknown_unit_and_channel_list_what_is_allowed(cli):
    """An unknown unit names the units; an unknown channel names the channels."""
    unit = cli("person", "add", "张伟", "--unit", "火星县")
    assert unit.exit_code == 1
    assert "No unit '火星县'; known: 西峰区, 庆城县, 环县" in unit.stderr
    channel = cli("person", "add", "张伟", "--unit", "环县", "--channel", "fax")
    assert channel.exit_code == 1
    assert "Unknown reminder channel 'fax'; allowed: console, e-mail, WeCom" in channel.stderr


@pytest.mark.backends
def test_same_name_twice_in_one_unit_is_refused(cli):
    """Two persons of one name in one unit would be indistinguishable: refused."""
    assert cli("person", "add", "张伟", "--unit", "环县").exit_code == 0
    again = cli("person", "add", "张伟", "--unit", "环县")
    assert again.exit_code == 1
    assert again.stderr == "person '张伟@环县' already exists\n"


def test_empty_list_says_so(cli):
    """No person yet: a sentence in the chosen language."""
    assert cli("person", "list", lang="zh").stdout == "没有登记人员\n"


def test_add_with_a_preferred_channel_and_fallbacks_shows_the_route(cli):
    """--channel wecom_app --fallback 短信,email: the route is said in order."""
    result = cli("person", "add", "张伟", "--unit", "环县", "--wecom", "zhangwei",
                 "--channel", "wecom_app", "--fallback", "短信，email", lang="zh")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout == "已登记 张伟（环县），提醒经企业微信应用消息 → 短信 → 电子邮件，语言 zh\n"
    )
    default = cli("person", "add", "李娜", "--unit", "环县")
    assert default.stdout == (
        "Registered 李娜 (环县); reminders by console (or the office's route for the role) in zh\n"
    )
    people = json.loads(cli("person", "list", "--json").stdout)
    assert [(p["name"], p["route"], p["fallback"]) for p in people] == [
        ("张伟", ["wecom_app", "sms", "email"], "sms,email"),
        ("李娜", None, None),
    ]


def test_edit_changes_ids_and_route_and_says_what_changed(cli):
    """person edit: new DingTalk id, channel and fallbacks; unchanged values are not listed."""
    cli("person", "add", "张伟", "--unit", "环县", "--phone", "13800000001")
    result = cli("person", "edit", "张伟@环县", "--phone", "13800000001", "--dingtalk",
                 "zhangwei-dt", "--channel", "dingtalk_work", "--fallback", "sms")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Changed 张伟@环县: dingtalk, channel, fallback",
        "Reminder route: DingTalk work notice → SMS",
    ]
    again = cli("person", "edit", "张伟", "--fallback", "default", lang="zh")
    assert again.stdout.splitlines() == [
        "已修改 张伟@环县：fallback",
        "提醒路线：钉钉工作通知（或按角色的默认路线）",
    ]
    same = cli("person", "edit", "张伟", "--dingtalk", "zhangwei-dt")
    assert same.stdout == "Nothing changed for 张伟@环县\n"


def test_edit_refuses_unknown_channels_and_persons_in_one_line(cli):
    """A bad fallback names the channels; an unknown person names similar ones; nothing changes."""
    cli("person", "add", "张伟", "--unit", "环县")
    bad = cli("person", "edit", "张伟", "--email", "zw@example.cn", "--fallback", "fax")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Unknown reminder channel 'fax'; allowed: console, e-mail")
    assert bad.stderr.count("\n") == 1
    people = json.loads(cli("person", "list", "--json").stdout)
    assert people[0]["email"] is None  # one transaction: nothing half-written
    unknown = cli("person", "edit", "王五", "--phone", "1")
    assert unknown.exit_code == 1 and unknown.stderr.count("\n") == 1
