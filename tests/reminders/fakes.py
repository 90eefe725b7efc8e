"""Local stand-ins for the platforms' servers, on 127.0.0.1, answering as their docs say.

- :class:`FakeWeCom`: ``GET /cgi-bin/gettoken``, ``POST /cgi-bin/message/send`` (WeCom /
  政务微信 under any path prefix).
- :class:`FakeDingTalk`: ``GET /gettoken``, ``POST /topapi/message/corpconversation/
  asyncsend_v2`` and ``…/getsendresult``.
- :class:`FakeTencentSms`: ``POST /`` with ``X-TC-Action: SendSms`` or
  ``PullSmsSendStatus``; it checks the TC3-HMAC-SHA256 signature by recomputing it from
  the request it received (its own implementation, written from Tencent Cloud's "签名方法
  v3" page, not the code under test) and answers ``AuthFailure.SignatureFailure`` when it
  does not match.

Each server keeps what it received and can be told to answer an error next (``fail``).
Tokens are the servers' own: they expire when told (``expire_tokens``).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Handler = Callable[["Request"], tuple[int, Any]]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw.decode("utf-8")) if self.raw else None


@contextmanager
def serve(handle: Handler) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every request with ``handle``; its base URL."""

    class _Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer = handle(Request(self.command, parts.path, query, headers, raw))
            data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class _TokenServer:
    """What WeCom and DingTalk share: tokens issued for an id and secret, errors on demand."""

    app_id: str = ""
    secret: str = ""
    expires_in: int = 7200
    tokens: list[str] = field(default_factory=list)
    valid: set[str] = field(default_factory=set)
    token_calls: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)  # next answers to a send
    sent: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def issue(self) -> dict[str, Any]:
        self.token_calls += 1
        token = f"TOKEN-{next(self._numbers)}"
        self.tokens.append(token)
        self.valid.add(token)
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.expires_in}

    def expire_tokens(self) -> None:
        """The platform ends every token early (the docs say it may)."""
        with self.lock:
            self.valid.clear()

    def fail(self, *answers: dict[str, Any]) -> None:
        """Answer these (errcode …) to the next sends, in turn."""
        self.failures.extend(answers)

    def next_failure(self) -> dict[str, Any] | None:
        with self.lock:
            return self.failures.pop(0) if self.failures else None


@dataclass
class FakeWeCom(_TokenServer):
    prefix: str = ""  # a 政务微信 deployment's own path
    unreachable: set[str] = field(default_factory=set)  # user ids outside the app's range
    msgids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def __call__(self, request: Request) -> tuple[int, Any]:
        path = request.path.removeprefix(self.prefix)
        if path == "/cgi-bin/gettoken":
            if request.query.get("corpid") != self.app_id:
                return 200, {"errcode": 40013, "errmsg": "invalid corpid"}
            if request.query.get("corpsecret") != self.secret:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            with self.lock:
                return 200, self.issue()
        if path == "/cgi-bin/message/send" and request.method == "POST":
            token = request.query.get("access_token")
            if not token:
                return 200, {"errcode": 41001, "errmsg": "access_token missing"}
            if token not in self.valid:
                code = 42001 if token in self.tokens else 40014
                return 200, {"errcode": code, "errmsg": "access_token expired or invalid"}
            failure = self.next_failure()
            if failure is not None:
                return 200, failure
            with self.lock:
                self.sent.append(request)
            user = request.body.get("touser", "")
            invalid = user if user in self.unreachable else ""
            if invalid and "|" not in user:
                return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
            return 200, {
                "errcode": 0,
                "errmsg": "ok",
                "invaliduser": invalid,
                "unlicenseduser": "",
                "msgid": f"msg-{next(self.msgids)}",
            }
        return 404, {"errcode": 404, "errmsg": "no such path"}


@dataclass
class FakeDingTalk(_TokenServer):
    agent_id: int = 0
    results: dict[int, dict[str, list[str]]] = field(default_factory=dict)  # task → send_result
    result_calls: int = 0
    task_ids: Iterator[int] = field(default_factory=lambda: itertools.count(256271667526))

    def report(self, task_id: int, userid: str, outcome: str) -> None:
        """The send result of ``task_id`` lists ``userid`` under ``outcome`` (read, unread …)."""
        self.results[task_id] = {f"{outcome}_user_id_list": [userid]}

    def __call__(self, request: Request) -> tuple[int, Any]:
        if request.path == "/gettoken":
            if (request.query.get("appkey"), request.query.get("appsecret")) != (
                self.app_id,
                self.secret,
            ):
                return 200, {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
            with self.lock:
                return 200, self.issue()
        token = request.query.get("access_token")
        if token not in self.valid:  # topapi wraps it: errcode 88 with the sub-code
            return 200, {
                "errcode": 88,
                "errmsg": "ding talk error[subcode=40014,submsg=不合法的access_token]",
                "sub_code": "40014",
                "sub_msg": "不合法的access_token",
            }
        body = request.body
        if body.get("agent_id") != self.agent_id:
            return 200, {"errcode": 40056, "errmsg": "不合法的agentid"}
        if request.path == "/topapi/message/corpconversation/asyncsend_v2":
            failure = self.next_failure()
            if failure is not None:
                return 200, failure
            with self.lock:
                self.sent.append(request)
                task = next(self.task_ids)
            return 200, {"errcode": 0, "task_id": task, "request_id": "req"}
        if request.path == "/topapi/message/corpconversation/getsendresult":
            self.result_calls += 1
            lists = self.results.get(body.get("task_id"), {})
            result = {
                name: lists.get(name, [])
                for name in (
                    "invalid_user_id_list",
                    "forbidden_user_id_list",
                    "failed_user_id_list",
                    "read_user_id_list",
                    "unread_user_id_list",
                )
            }
            result["forbidden_list"] = []
            return 200, {"errcode": 0, "errmsg": "ok", "send_result": result, "request_id": "r"}
        return 404, {"errcode": 404, "errmsg": "no such path"}


# --- Tencent Cloud SMS ------------------------------------------------------------------------


def _sign(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def expected_signature(request: Request, secret_key: str) -> tuple[str, str]:
    """(credential scope, signature) the server computes for ``request`` (签名方法 v3).

    1. CanonicalRequest: method, URI ``/``, query (empty for POST), the signed headers
       (names from the Authorization header) as ``name:value``, names and values
       lower-cased and trimmed, each followed by ``\\n``; the signed header names; hex SHA-256 of
       the body.
    2. StringToSign: ``TC3-HMAC-SHA256``, the X-TC-Timestamp, ``<date>/<service>/
       tc3_request`` with date the UTC date of the timestamp, hex SHA-256 of step 1.
    3. SecretDate = HMAC("TC3" + key, date); SecretService = HMAC(SecretDate, service);
       SecretSigning = HMAC(SecretService, "tc3_request"); signature = hex HMAC of step 2.
    """
    authorization = request.headers["authorization"]
    fields = dict(part.strip().split("=", 1) for part in authorization.split(" ", 1)[1].split(","))
    signed = fields["SignedHeaders"].split(";")
    scope = fields["Credential"].split("/", 1)[1]
    day, service, _ = scope.split("/")
    timestamp = request.headers["x-tc-timestamp"]
    canonical_headers = "".join(
        f"{name}:{request.headers[name].strip().lower()}\n" for name in signed
    )
    canonical = (
        f"POST\n/\n\n{canonical_headers}\n{';'.join(signed)}\n"
        f"{hashlib.sha256(request.raw).hexdigest()}"
    )
    to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{day}/{service}/tc3_request\n"
        f"{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"
    )
    secret_date = _sign(("TC3" + secret_key).encode("utf-8"), day)
    secret_service = _sign(secret_date, service)
    secret_signing = _sign(secret_service, "tc3_request")
    return scope, hmac.new(secret_signing, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass
class FakeTencentSms:
    secret_id: str = ""
    secret_key: str = ""
    sdk_app_id: str = ""
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    sent: list[Request] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)  # Error or SendStatus
    receipts: list[dict[str, Any]] = field(default_factory=list)  # pulled once each
    signature_checks: int = 0
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def fail(self, *answers: dict[str, Any]) -> None:
        self.failures.extend(answers)

    def _error(self, code: str, message: str) -> tuple[int, Any]:
        return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "r"}}

    def __call__(self, request: Request) -> tuple[int, Any]:
        if request.method != "POST" or request.path != "/":
            return 404, {}
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("TC3-HMAC-SHA256 "):
            return self._error("AuthFailure.InvalidAuthorization", "not TC3")
        timestamp = int(request.headers.get("x-tc-timestamp", "0"))
        if abs(self.now().timestamp() - timestamp) > 300:
            return self._error("AuthFailure.SignatureExpire", "signature expired")
        scope, signature = expected_signature(request, self.secret_key)
        self.signature_checks += 1
        if f"Credential={self.secret_id}/{scope}" not in authorization:
            return self._error("AuthFailure.SecretIdNotFound", "secret id not found")
        day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        if not scope.startswith(f"{day}/sms/") or f"Signature={signature}" not in authorization:
            return self._error("AuthFailure.SignatureFailure", "signature does not match")
        if request.headers.get("x-tc-version") != "2021-01-11":
            return self._error("NoSuchVersion", "version")
        body = request.body
        if body.get("SmsSdkAppId") != self.sdk_app_id:
            return self._error("InvalidParameterValue.SdkAppIdNotExist", "no such app")
        action = request.headers.get("x-tc-action")
        if action == "SendSms":
            failure = self.failures.pop(0) if self.failures else None
            if failure is not None and "Error" in failure:
                return 200, {"Response": {**failure, "RequestId": "r"}}
            self.sent.append(request)
            statuses = []
            for number in body["PhoneNumberSet"]:
                status = {
                    "SerialNo": f"2433:{next(self.serials):08d}",
                    "PhoneNumber": number,
                    "Fee": 1,
                    "SessionContext": body.get("SessionContext", ""),
                    "Code": "Ok",
                    "Message": "send success",
                    "IsoCode": "CN",
                }
                if failure is not None:
                    status.update(failure)
                statuses.append(status)
            return 200, {"Response": {"SendStatusSet": statuses, "RequestId": "r"}}
        if action == "PullSmsSendStatus":
            limit = int(body.get("Limit", 100))
            taken, self.receipts = self.receipts[:limit], self.receipts[limit:]
            return 200, {"Response": {"PullSmsSendStatusSet": taken, "RequestId": "r"}}
        return self._error("InvalidAction", "no such action")

    def deliver(self, serial: str, ok: bool = True) -> None:
        """Queue a receipt for ``serial`` (SUCCESS or FAIL), as the carrier reports it."""
        self.receipts.append(
            {
                "UserReceiveTime": "2026-10-12 09:00:05",
                "CountryCode": "86",
                "SubscriberNumber": "13800000001",
                "PhoneNumber": "+8613800000001",
                "SerialNo": serial,
                "ReportStatus": "SUCCESS" if ok else "FAIL",
                "Description": "用户短信送达成功" if ok else "用户关机",
                "SessionContext": "",
            }
        )
