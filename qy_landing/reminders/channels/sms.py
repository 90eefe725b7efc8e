"""SMS through Tencent Cloud SMS (腾讯云短信), API 3.0, signed HTTP requests, no SDK.

Why Tencent Cloud and its HTTP API: one JSON ``POST`` per call with the documented
TC3-HMAC-SHA256 signature (cloud.tencent.com/document/api/382/52072), the same scheme for
sending (``SendSms``) and for pulling delivery receipts (``PullSmsSendStatus``); the
official SDK would add a large dependency for two calls. The endpoint is configurable
(``channels.sms.endpoint``: a regional or private endpoint, or the tests' local server).

SMS content must be a template the provider approved, so a reminder never goes as its
text: ``channels.sms.templates`` names a template per reminder kind (or ``default``) and
which reminder fields fill its parameters (``person``, ``unit``, ``kind``, ``title``,
``period``, ``key``, ``where``), each cut to ``param_max_chars``. A long digest thus
becomes a short notice that says where the full message is (``where``) and its key.

``SendSms`` (Version 2021-01-11) body: ``{"PhoneNumberSet": ["+8613800000001"],
"SmsSdkAppId": "1400006666", "SignName": "…", "TemplateId": "…", "TemplateParamSet":
[…], "SessionContext": "<reminder key>"}`` → ``{"Response": {"SendStatusSet":
[{"SerialNo": "…", "PhoneNumber": "+86…", "Code": "Ok", "Message": "send success"}],
"RequestId": "…"}}`` or ``{"Response": {"Error": {"Code": "…", "Message": "…"}}}``.

Error codes (短信 API 3.0 错误码, cloud.tencent.com/document/api/382/52075):
rate-limited — ``RequestLimitExceeded*``, ``LimitExceeded.DeliveryFrequencyLimit``,
``LimitExceeded.PhoneNumberThirtySecondLimit`` / ``…OneHourLimit``: tried again later;
permanent (falls through to the next channel) — ``AuthFailure.*`` except an expired
signature, ``UnauthorizedOperation.*``, ``InvalidParameter*``, ``MissingParameter``,
``FailedOperation.TemplateIncorrectOrUnapproved`` / ``SignatureIncorrectOrUnapproved`` /
``PhoneNumberInBlacklist`` / ``InsufficientBalanceInSmsPackage`` / ``ContainSensitiveWord``,
``LimitExceeded.PhoneNumberDailyLimit`` / ``PhoneNumberSameContentDailyLimit`` /
``AppDailyLimit``; anything else (``InternalError.*``) is an ordinary failed attempt.
Our own per-number daily limit (``daily_limit``) is checked before sending and also
falls through: the person is reached another way rather than sent more SMS.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from qy_landing import i18n
from qy_landing.config import Config, SmsSettings
from qy_landing.errors import DeliveryError, Msg, PermanentDeliveryError, RateLimitedError
from qy_landing.reminders.channels.answers import detail, unreadable, who
from qy_landing.reminders.channels.base import Delivered, Outgoing
from qy_landing.reminders.channels.http import json_object, post_bytes
from qy_landing.reminders.channels.shared import Shared
from qy_landing.reminders.ratelimit import Limiters

NAME = "sms"
SERVICE = "sms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = "content-type;host;x-tc-action"

RATE_LIMITED_PREFIXES = ("RequestLimitExceeded",)
RATE_LIMITED = {
    "LimitExceeded.DeliveryFrequencyLimit": 60.0,
    "LimitExceeded.PhoneNumberThirtySecondLimit": 30.0,
    "LimitExceeded.PhoneNumberOneHourLimit": 3600.0,
}
PERMANENT_PREFIXES = (
    "AuthFailure.",
    "UnauthorizedOperation",
    "InvalidParameter",
    "MissingParameter",
)
PERMANENT = frozenset(
    {
        "FailedOperation.TemplateIncorrectOrUnapproved",
        "FailedOperation.SignatureIncorrectOrUnapproved",
        "FailedOperation.PhoneNumberInBlacklist",
        "FailedOperation.InsufficientBalanceInSmsPackage",
        "FailedOperation.ContainSensitiveWord",
        "LimitExceeded.PhoneNumberDailyLimit",
        "LimitExceeded.PhoneNumberSameContentDailyLimit",
        "LimitExceeded.AppDailyLimit",
    }
)
RETRYABLE = frozenset({"AuthFailure.SignatureExpire"})  # our clock or a slow network

_MOBILE = re.compile(r"^1\d{10}$")


# --- TC3-HMAC-SHA256 ---------------------------------------------------------------------------


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def tc3_authorization(
    secret_id: str,
    secret_key: str,
    *,
    host: str,
    action: str,
    payload: bytes,
    timestamp: int,
    service: str = SERVICE,
) -> str:
    """The ``Authorization`` header of a POST of ``payload`` (JSON) to ``host``.

    CanonicalRequest = ``POST\\n/\\n\\n`` + the canonical headers (content-type, host,
    x-tc-action; names and values lower-cased, each ``name:value\\n``) + ``\\n`` +
    the signed header names + ``\\n`` + hex(SHA256(payload)).
    StringToSign = ``TC3-HMAC-SHA256\\n<timestamp>\\n<date>/<service>/tc3_request\\n``
    + hex(SHA256(CanonicalRequest)). The key: HMAC("TC3" + SecretKey, date) → HMAC(·,
    service) → HMAC(·, "tc3_request"); date is the UTC date of the timestamp.
    """
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical_headers = (
        f"content-type:{CONTENT_TYPE}\nhost:{host.lower()}\nx-tc-action:{action.lower()}\n"
    )
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            canonical_headers,
            SIGNED_HEADERS,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{day}/{service}/tc3_request"
    string_to_sign = "\n".join(
        [
            ALGORITHM,
            str(timestamp),
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), day), service), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
    )


def call(
    settings: SmsSettings, action: str, body: dict[str, Any], timestamp: int
) -> dict[str, Any]:
    """One signed API call; the ``Response`` object (its ``Error`` is the caller's to read)."""
    secret_id = settings.secret_id.reveal() if settings.secret_id else ""
    secret_key = settings.secret_key.reveal() if settings.secret_key else ""
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    host = urlsplit(settings.endpoint).netloc
    headers = {
        "Content-Type": CONTENT_TYPE,
        "Host": host,
        "X-TC-Action": action,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Version": VERSION,
        "X-TC-Region": settings.region,
        "Authorization": tc3_authorization(
            secret_id, secret_key, host=host, action=action, payload=payload, timestamp=timestamp
        ),
    }
    answer = json_object(
        post_bytes(f"{settings.endpoint}/", payload, timeout=settings.timeout, headers=headers),
        NAME,
    )
    response = answer.get("Response")
    if not isinstance(response, dict):
        raise unreadable(NAME, "no_response")
    return response


def _fail(code: str, message: str) -> DeliveryError:
    text = Msg("remind.delivery.refused_unknown", who=who(NAME), code=code, detail=detail(message))
    if code in RATE_LIMITED:
        return RateLimitedError(text, RATE_LIMITED[code])
    if code.startswith(RATE_LIMITED_PREFIXES):
        return RateLimitedError(text)
    if code in RETRYABLE:
        return DeliveryError(text)
    if code in PERMANENT or code.startswith(PERMANENT_PREFIXES):
        return PermanentDeliveryError(text)
    return DeliveryError(text)


# --- the message -------------------------------------------------------------------------------


def e164(phone: str) -> str | None:
    """A mainland mobile number as ``+86…``; an E.164 number as given; else None."""
    digits = re.sub(r"[\s\-()]", "", phone)
    if digits.startswith("+") and digits[1:].isdigit() and len(digits) > 8:
        return digits
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return f"+86{digits}" if _MOBILE.match(digits) else None


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "…"


def template_params(message: Outgoing, settings: SmsSettings) -> tuple[str, list[str]]:
    """The template id for ``message``'s kind and its parameters, in the template's order."""
    template = settings.template_for(message.kind)
    if template is None:
        raise PermanentDeliveryError(
            Msg("remind.delivery.no_sms_template", channel=NAME, kind=message.kind)
        )
    person = message.recipient
    values = {
        "person": person.name,
        "unit": person.unit,
        "kind": i18n.text(f"remind.kind.{message.kind}", message.lang, message.kind),
        "title": message.title,
        "period": message.period,
        "key": message.key,
        "where": settings.where or "",
    }
    return template.id, [_cut(values[name], settings.param_max_chars) for name in template.params]


class SmsChannel:
    name = NAME

    def __init__(self, config: Config, limiters: Limiters, shared: Shared) -> None:
        self.config = config
        self.settings = config.sms
        self.limiters = limiters
        self.shared = shared

    def _timestamp(self) -> int:
        return int(self.shared.now().timestamp())

    def _check(self) -> None:
        if not self.settings.configured:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.not_configured",
                    channel=NAME,
                    keys=["channels.sms secret_id", "secret_key", "sdk_app_id", "templates"],
                )
            )

    def send(self, message: Outgoing) -> Delivered:
        settings = self.settings
        self._check()
        person = message.recipient
        number = e164(person.phone or "")
        if not person.phone or number is None:
            raise PermanentDeliveryError(
                Msg("remind.delivery.no_mobile", channel=NAME, person=person.name)
            )
        day = self.shared.now().astimezone(self.config.tz).date()
        if settings.daily_limit and self.shared.sms_sent(person.phone, day) >= settings.daily_limit:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.sms_daily_limit",
                    channel=NAME,
                    count=settings.daily_limit,
                    person=person.name,
                )
            )
        template_id, params = template_params(message, settings)
        body: dict[str, Any] = {
            "PhoneNumberSet": [number],
            "SmsSdkAppId": settings.sdk_app_id,
            "TemplateId": template_id,
            "TemplateParamSet": params,
            "SessionContext": message.key[:500],
        }
        if settings.sign_name:
            body["SignName"] = settings.sign_name
        limiter = self.limiters.for_url(
            f"sms:{settings.endpoint}:{settings.sdk_app_id}", settings.rate_per_minute
        )
        if limiter is not None:
            limiter.acquire()
        response = call(settings, "SendSms", body, self._timestamp())
        error = response.get("Error")
        if isinstance(error, dict):
            raise _fail(str(error.get("Code", "")), str(error.get("Message", "")))
        statuses = response.get("SendStatusSet") or []
        status = statuses[0] if statuses and isinstance(statuses[0], dict) else {}
        if status.get("Code") != "Ok":
            raise _fail(str(status.get("Code", "no status")), str(status.get("Message", "")))
        self.shared.count_sms(person.phone, day)
        serial = status.get("SerialNo")
        return Delivered(external_id=str(serial)[:100] if serial else None, receipt="pending")

    def pull_receipts(self, limit: int = 100) -> list[tuple[str, str, str]]:
        """Delivery receipts not pulled before: ``(serial number, delivered|failed, description)``.

        ``PullSmsSendStatus`` answers each receipt once (it must be enabled for the SMS
        application first; see docs/reminders.md).
        """
        settings = self.settings
        self._check()
        body = {"Limit": limit, "SmsSdkAppId": settings.sdk_app_id}
        response = call(settings, "PullSmsSendStatus", body, self._timestamp())
        error = response.get("Error")
        if isinstance(error, dict):
            raise _fail(str(error.get("Code", "")), str(error.get("Message", "")))
        found = []
        for item in response.get("PullSmsSendStatusSet") or []:
            if not isinstance(item, dict) or not item.get("SerialNo"):
                continue
            receipt = "delivered" if item.get("ReportStatus") == "SUCCESS" else "failed"
            found.append((str(item["SerialNo"]), receipt, str(item.get("Description", ""))[:120]))
        return found
