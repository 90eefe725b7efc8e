"""Fixtures for the reminder tests: an office with projects and a real HTTP receiver."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from qy_landing.clock import FixedClock
from qy_landing.services import problems, procedures, projects
from qy_landing.services.context import Context
from tests.builders import CODE, person, project

CODE2 = "2601-621022-04-01-223456"
CODE3 = "2601-621022-04-01-323456"
TODAY = date(2026, 10, 12)
_counter = itertools.count()


def build_office(ctx: Context, channel: str = "console") -> SimpleNamespace:
    """Three projects in 环县 as of 2026-10-12 (the ``ctx`` clock).

    - P1 (CODE): filing submitted 2026-09-01, due 2026-09-04 (22 working days overdue on
      10-12), a problem open since 09-01; 张伟 first-responsible, 李娜 (English) direct.
    - P2 (CODE2): suspended on 09-10; 张伟 first-responsible.
    - P3 (CODE3): terminated on 09-10; 孙七 first-responsible (so 孙七 gets no digest).
    - 王督办 is the city supervisor; 赵六 has no project.
    """
    person(
        ctx,
        "张伟",
        channel=channel,
        phone="13800000001",
        wecom="zhangwei",
        email="zhangwei@example.gov.cn",
    )
    person(
        ctx,
        "李娜",
        lang="en",
        channel=channel,
        phone="13800000002",
        wecom="lina",
        email="lina@example.gov.cn",
    )
    person(ctx, "孙七", channel=channel)
    person(ctx, "王督办", supervisor=True, channel=channel)
    person(ctx, "赵六", channel=channel)
    project(ctx)
    project(ctx, code=CODE2, name="环县数据中心项目")
    project(ctx, code=CODE3, name="环县光伏项目")
    on = date(2026, 9, 1)
    projects.assign(ctx, CODE, "first_responsible", "张伟", on=on)
    projects.assign(ctx, CODE, "direct_responsible", "李娜", on=on)
    projects.assign(ctx, CODE2, "first_responsible", "张伟", on=on)
    projects.assign(ctx, CODE3, "first_responsible", "孙七", on=on)
    projects.advance(ctx, CODE, on=on)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=on)
    problems.open_problem(ctx, CODE, "用地指标未落实", on=on)
    projects.suspend(ctx, CODE2, reason="投资方资金未到位", on=date(2026, 9, 10))
    projects.terminate(ctx, CODE3, reason="投资方撤资", on=date(2026, 9, 10))
    return SimpleNamespace(p1=CODE, p2=CODE2, p3=CODE3)


@pytest.fixture(scope="session")
def _office_sqlite(_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.db"
    shutil.copyfile(_sqlite_template, path)
    context = Context.open(f"sqlite:///{path}", actor="测试员", clock=FixedClock.on(TODAY))
    build_office(context)
    context.db.dispose()
    return path


@pytest.fixture(scope="session")
def _office_postgres(postgres: Any, _postgres_template: str) -> str:
    url = postgres.create_database("qy_office", template=_postgres_template)
    context = Context.open(url, actor="测试员", clock=FixedClock.on(TODAY))
    build_office(context)
    context.db.dispose()
    return "qy_office"


@pytest.fixture
def office_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database holding :func:`build_office` (copied from a template built once)."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_office_sqlite")
        target = tmp_path / "office.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("postgres")
    name = f"o{os.getpid()}_{next(_counter)}"
    return str(server.create_database(name, template=request.getfixturevalue("_office_postgres")))


@pytest.fixture
def octx(office_url: str, clock: FixedClock) -> Iterator[Context]:
    """The office of :func:`build_office` on each backend, clock at 2026-10-12 09:00."""
    context = Context.open(office_url, actor="测试员", clock=clock)
    yield context
    context.db.dispose()


# --- a real HTTP receiver on 127.0.0.1 -----------------------------------------------------------


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw: bytes
    at: float = field(default_factory=time.time)  # when it arrived (wall clock)


@dataclass
class Receiver:
    """Records every POST; answers with ``responses`` in turn (the last one repeats)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    responses: list[tuple[int, Any]] = field(
        default_factory=lambda: [(200, {"errcode": 0, "errmsg": "ok"})]
    )
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keys(self) -> list[str]:
        found = []
        for request in self.requests:
            body = request.body
            if isinstance(body, dict) and "key" in body:
                found.append(body["key"])
        return found

    def wait_for(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.requests)} of {count} requests arrived")
            time.sleep(0.01)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = None
            parts = urlsplit(self.path)
            item = Received(parts.path, parse_qs(parts.query), dict(self.headers), body, raw)
            with state.lock:
                state.requests.append(item)
                index = min(len(state.requests), len(state.responses)) - 1
                status, answer = state.responses[index]
            if state.delay:
                time.sleep(state.delay)
            data = json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def build_crowd(ctx: Context, count: int, channel: str = "console") -> list[str]:
    """One project with ``count`` direct-responsible persons: ``count`` monthly digests."""
    project(ctx)
    names = [f"专员{i:02d}" for i in range(count)]
    for name in names:
        person(ctx, name, channel=channel)
        projects.assign(ctx, CODE, "direct_responsible", name, on=date(2026, 9, 1))
    return names


def use_channel(ctx: Context, channel: str) -> None:
    """Every person prefers ``channel`` (reminders take it when they are generated)."""
    from sqlalchemy import update

    from qy_landing.store.models import Person

    with ctx.db.write() as session:
        session.execute(update(Person).values(channel=channel))


def refusing_robot(office_url: str, receiver: Any, folder: Path, token: str) -> Path:
    """Every person on DingTalk, whose robot (``receiver``) refuses with errcode 310000; the
    configuration naming the robot, written into ``folder``, is returned."""
    context = Context.open(office_url)
    use_channel(context, "dingtalk")
    context.db.dispose()
    receiver.responses = [(200, {"errcode": 310000, "errmsg": "keywords not in content"})]
    config = folder / "qy-landing.toml"
    config.write_text(
        f'[channels.dingtalk]\nurl = "{receiver.url}/robot/send?access_token={token}"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    return config


# --- the private channels' platforms, on 127.0.0.1 ---------------------------------------------

WECOM_SECRET = "wecom-app-secret-0123456789"
DINGTALK_SECRET = "dingtalk-app-secret-0123456789"
SMS_SECRET_ID = "AKIDtestsecretid0123456789"
SMS_SECRET_KEY = "sms-secret-key-0123456789abcdef"


@pytest.fixture
def platforms(clock: FixedClock) -> Iterator[SimpleNamespace]:
    """Fake WeCom, DingTalk and Tencent Cloud SMS servers, and a Config that uses them."""
    from contextlib import ExitStack

    from qy_landing.config import (
        Config,
        DingTalkWorkSettings,
        Secret,
        SmsSettings,
        SmsTemplate,
        WeComAppSettings,
    )
    from tests.reminders.fakes import FakeDingTalk, FakeTencentSms, FakeWeCom, serve

    wecom = FakeWeCom(app_id="ww0123456789", secret=WECOM_SECRET)
    dingtalk = FakeDingTalk(app_id="dingappkey01", secret=DINGTALK_SECRET, agent_id=2950001)
    sms = FakeTencentSms(SMS_SECRET_ID, SMS_SECRET_KEY, "1400006666", now=clock.now)
    with ExitStack() as stack:
        wecom_url = stack.enter_context(serve(wecom))
        dingtalk_url = stack.enter_context(serve(dingtalk))
        sms_url = stack.enter_context(serve(sms))

        def config(**settings: Any) -> Config:
            return Config(
                wecom_app=WeComAppSettings(
                    corp_id="ww0123456789",
                    agent_id=1000002,
                    secret=Secret(WECOM_SECRET),
                    base_url=wecom_url,
                ),
                dingtalk_work=DingTalkWorkSettings(
                    app_key="dingappkey01",
                    app_secret=Secret(DINGTALK_SECRET),
                    agent_id=2950001,
                    base_url=dingtalk_url,
                ),
                sms=SmsSettings(
                    endpoint=sms_url,
                    secret_id=Secret(SMS_SECRET_ID),
                    secret_key=Secret(SMS_SECRET_KEY),
                    sdk_app_id="1400006666",
                    templates={"default": SmsTemplate("2100001", ("person", "kind", "key"))},
                ),
                **settings,
            )

        yield SimpleNamespace(wecom=wecom, dingtalk=dingtalk, sms=sms, config=config)


def set_route(
    ctx: Context,
    name: str,
    channel: str = "console",
    fallback: str | None = None,
    **ids: str | None,
) -> None:
    """Give person ``name`` a channel and fallbacks (None: the office's route) and ids."""
    from sqlalchemy import update

    from qy_landing.store.models import Person

    with ctx.db.write() as session:
        session.execute(
            update(Person)
            .where(Person.name == name)  # type: ignore[arg-type]
            .values(channel=channel, fallback=fallback, **ids)
        )
