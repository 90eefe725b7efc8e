"""SMS through Tencent Cloud SMS: the signed request checked by a local server, templates."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.config import Config, Secret, SmsSettings, SmsTemplate
from qy_landing.reminders.channels import (
    Channels,
    DeliveryError,
    Outgoing,
    PermanentDeliveryError,
    RateLimitedError,
    Recipient,
)
from qy_landing.reminders.channels.shared import MemoryShared
from qy_landing.reminders.channels.sms import e164, tc3_authorization
from tests.reminders.fakes import FakeTencentSms, serve

SECRET_ID = "AKIDtestsecretid0123456789"
SECRET_KEY = "sms-secret-key-0123456789abcdef"
ZHANG = Recipient(id=1, name="张伟同志", unit="环县", phone="138 0000 0001")
TEMPLATES = {
    "monthly": SmsTemplate("2100001", ("person", "kind", "period", "where")),
    "default": SmsTemplate("2100002", ("person", "title", "key")),
}


def message(kind: str = "monthly", body: str = "长长的月度调度清单……" * 200) -> Outgoing:
    return Outgoing(
        id=1,
        key=f"{kind}:1:2026-10",
        kind=kind,
        period="2026-10",
        channel="sms",
        lang="zh",
        title="【逾期督办】环县 100MW 风电项目：项目备案已逾期 22 个工作日",
        body=body,
        recipient=ZHANG,
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(date(2026, 10, 12))


@pytest.fixture
def gateway(clock):
    fake = FakeTencentSms(SECRET_ID, SECRET_KEY, "1400006666", now=clock.now)
    with serve(fake) as url:
        fake.url = url
        yield fake


def sms(fake, clock, shared=None, **settings):
    values = {
        "endpoint": fake.url,
        "secret_id": Secret(SECRET_ID),
        "secret_key": Secret(SECRET_KEY),
        "sdk_app_id": "1400006666",
        "sign_name": "庆阳市落地办",
        "templates": TEMPLATES,
        "where": "政务微信或邮箱",
        "param_max_chars": 12,
        **settings,
    }
    config = Config(sms=SmsSettings(**values))
    return Channels(config, shared=shared or MemoryShared(clock.now)).get("sms")


def test_a_digest_goes_as_its_kinds_template_with_short_parameters(gateway, clock):
    """SendSms: +86 number, the monthly template, parameters ≤ 12 characters, key as context."""
    delivered = sms(gateway, clock).send(message())
    assert gateway.signature_checks == 1
    (request,) = gateway.sent
    assert request.headers["x-tc-action"] == "SendSms"
    assert request.headers["x-tc-version"] == "2021-01-11"
    assert request.headers["x-tc-region"] == "ap-guangzhou"
    assert request.headers["x-tc-timestamp"] == str(int(clock.now().timestamp()))
    assert request.body == {
        "PhoneNumberSet": ["+8613800000001"],
        "SmsSdkAppId": "1400006666",
        "TemplateId": "2100001",
        "TemplateParamSet": ["张伟同志", "月度调度", "2026-10", "政务微信或邮箱"],
        "SessionContext": "monthly:1:2026-10",
        "SignName": "庆阳市落地办",
    }
    assert delivered.external_id == "2433:00000001" and delivered.receipt == "pending"


def test_other_kinds_use_the_default_template_and_long_values_are_cut(gateway, clock):
    """An overdue reminder has no own template: the default one, its title cut with "…"."""
    sms(gateway, clock).send(message(kind="overdue"))
    assert gateway.sent[0].body["TemplateId"] == "2100002"
    assert gateway.sent[0].body["TemplateParamSet"] == [
        "张伟同志",
        "【逾期督办】环县 10…",
        "overdue:1:2…",
    ]


def test_the_server_refuses_a_request_signed_with_another_key(gateway, clock):
    """A wrong secret key: the server's own TC3 computation differs → permanent failure."""
    with pytest.raises(PermanentDeliveryError, match=r"AuthFailure\.SignatureFailure"):
        sms(gateway, clock, secret_key=Secret("another-key-0000000000")).send(message())
    assert gateway.sent == []


def test_a_stale_timestamp_is_refused_by_the_server_and_retried_later(gateway, clock):
    """Timestamp more than 5 minutes off: AuthFailure.SignatureExpire, an ordinary retry."""
    gateway.now = lambda: clock.now().replace(hour=10)
    with pytest.raises(DeliveryError, match="SignatureExpire") as caught:
        sms(gateway, clock).send(message())
    assert type(caught.value) is DeliveryError


def test_the_signature_follows_the_documented_steps():
    """tc3_authorization names the credential scope and signed headers as documented."""
    value = tc3_authorization(
        "AKIDEXAMPLE",
        "KEY",
        host="sms.tencentcloudapi.com",
        action="SendSms",
        payload=b"{}",
        timestamp=1551113065,
    )
    assert value.startswith(
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/sms/tc3_request, "
        "SignedHeaders=content-type;host;x-tc-action, Signature="
    )
    assert len(value.rsplit("=", 1)[1]) == 64


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            {"Code": "LimitExceeded.PhoneNumberDailyLimit", "Message": "日上限"},
            PermanentDeliveryError,
        ),
        (
            {"Code": "LimitExceeded.PhoneNumberThirtySecondLimit", "Message": "30s"},
            RateLimitedError,
        ),
        (
            {"Error": {"Code": "RequestLimitExceeded", "Message": "too many requests"}},
            RateLimitedError,
        ),
        (
            {"Error": {"Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": "x"}},
            PermanentDeliveryError,
        ),
        ({"Error": {"Code": "InternalError.Timeout", "Message": "timeout"}}, DeliveryError),
    ],
)
def test_gateway_codes_map_to_rate_limit_permanent_or_retry(gateway, clock, answer, error):
    """Per-number codes in SendStatusSet and request errors in Error are both classified."""
    gateway.fail(answer)
    with pytest.raises(error) as caught:
        sms(gateway, clock).send(message())
    assert type(caught.value) is error


def test_the_daily_limit_per_number_is_kept_before_asking_the_gateway(gateway, clock):
    """daily_limit 2: the third SMS to the number today falls through; tomorrow it goes."""
    shared = MemoryShared(clock.now)
    sender = sms(gateway, clock, shared, daily_limit=2)
    sender.send(message())
    sender.send(message())
    with pytest.raises(PermanentDeliveryError, match="2 SMS already went"):
        sender.send(message())
    assert len(gateway.sent) == 2
    clock.advance(days=1)
    sender.send(message())
    assert len(gateway.sent) == 3


def test_receipts_are_pulled_once_each(gateway, clock):
    """PullSmsSendStatus: SUCCESS → delivered, FAIL → failed; a second pull has none."""
    sender = sms(gateway, clock)
    gateway.deliver("2433:00000001")
    gateway.deliver("2433:00000002", ok=False)
    assert sender.pull_receipts() == [
        ("2433:00000001", "delivered", "用户短信送达成功"),
        ("2433:00000002", "failed", "用户关机"),
    ]
    assert sender.pull_receipts() == []


def test_mobile_numbers_are_written_in_e164():
    """11-digit mainland numbers get +86; +86/0086/86 prefixes and spaces are handled."""
    assert e164("138 0000 0001") == "+8613800000001"
    assert e164("+86 138-0000-0001") == "+8613800000001"
    assert e164("008613800000001") == "+8613800000001"
    assert e164("8613800000001") == "+8613800000001"
    assert e164("0934-8212345") is None  # a landline cannot take SMS


def test_without_a_mobile_number_or_template_the_channel_cannot_deliver(gateway, clock):
    """No number or no configuration: permanent (the next channel of the route is tried)."""
    no_phone = Recipient(id=3, name="孙七", unit="环县")
    with pytest.raises(PermanentDeliveryError, match="no mobile number"):
        sms(gateway, clock).send(
            Outgoing(1, "k", "monthly", "2026-10", "sms", "zh", "t", "b", no_phone)
        )
    with pytest.raises(PermanentDeliveryError, match="not configured"):
        sms(gateway, clock, templates={}).send(message())
