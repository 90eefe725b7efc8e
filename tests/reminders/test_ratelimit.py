"""The robots' rate limit kept in the database: shared by processes, surviving restarts."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from qy_landing.config import Config, Robot, RobotSettings, Secret
from qy_landing.reminders.channels import Channels, Outgoing, Recipient
from qy_landing.reminders.ratelimit import RateLimiter, SharedRateLimiter, receiver_key
from qy_landing.store.database import Database


class FakeTime:
    """A clock whose sleep moves it forward (shared by the 'processes' of one test)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _message(index: int) -> Outgoing:
    return Outgoing(
        id=index,
        key=f"k{index}",
        kind="overdue",
        period="2026-10",
        channel="wecom",
        lang="zh",
        title="【逾期督办】",
        body="项目备案已逾期",
        recipient=Recipient(id=1, name="李娜", unit="环县", wecom="lina"),
    )


def _most_in_window(times: list[float], period: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + period) for start in times)


def test_two_senders_share_one_robot_limit(ctx, receiver):
    """Two senders on one database: 20 messages go at once, the next waits a full minute."""
    fake = FakeTime()
    config = Config(wecom=RobotSettings(default=Robot(Secret(f"{receiver.url}/send?key=K"))))
    first = Channels(config, db=ctx.db, clock=fake.clock, sleep=fake.sleep).get("wecom")
    second = Channels(config, db=ctx.db, clock=fake.clock, sleep=fake.sleep).get("wecom")
    sent_at = []
    for index in range(22):
        (first if index % 2 else second).send(_message(index))
        sent_at.append(fake.now)
    assert len(receiver.requests) == 22
    assert fake.slept == [60.0]
    assert _most_in_window(sent_at, 60.0) == 20


def test_the_limit_survives_a_restart(ctx):
    """A new limiter (a restarted sender) still sees the slots the last one took."""
    fake = FakeTime()
    key = receiver_key("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
    before = SharedRateLimiter(ctx.db, key, 3, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        with before.slot():
            fake.now += 1
    after = SharedRateLimiter(Database(ctx.db.url), key, 3, clock=fake.clock, sleep=fake.sleep)
    try:
        assert after.acquire() == pytest.approx(58.0)  # the first send ended at +1 s
    finally:
        after.db.dispose()


def test_an_unfinished_send_holds_its_slot(ctx):
    """A sender that died mid-send keeps its slot busy until ``hold`` + ``period`` passed."""
    fake = FakeTime()
    limiter = SharedRateLimiter(ctx.db, "r", 1, 60.0, hold=30.0, clock=fake.clock, sleep=fake.sleep)
    limiter.take()  # never done: the process "died"
    assert limiter.acquire() == pytest.approx(90.0)


def test_robot_keys_never_hold_the_url(ctx):
    """The stored key is a digest: the robot's secret key is not in the database."""
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY"
    key = receiver_key(url)
    assert "SECRET" not in key and len(key) == 64


SENDER = textwrap.dedent(
    """
    import sys
    from qy_landing.reminders.channels.http import post_json
    from qy_landing.reminders.ratelimit import SharedRateLimiter
    from qy_landing.store.database import Database

    url, target, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    limiter = SharedRateLimiter(Database(url), "robot-1", 3, 1.5)
    for index in range(count):
        with limiter.slot():
            post_json(target, {"key": f"{name}-{index}"}, timeout=10)
    """
)


@pytest.mark.slow
def test_sender_processes_never_exceed_the_limit_together(db_url, receiver, tmp_path):
    """Three processes at once, then a restarted one: never more than 3 in any 1.5 s."""
    script = tmp_path / "sender.py"
    script.write_text(SENDER, encoding="utf-8")

    def spawn(name: str, count: int) -> subprocess.Popen[bytes]:
        command = [sys.executable, str(script), db_url, f"{receiver.url}/r", name, str(count)]
        return subprocess.Popen(command)

    processes = [spawn(f"p{i}", 3) for i in range(3)]
    assert [p.wait(60) for p in processes] == [0, 0, 0]
    assert spawn("restarted", 3).wait(60) == 0
    assert sorted(receiver.keys()) == sorted(
        [f"p{i}-{j}" for i in range(3) for j in range(3)] + [f"restarted-{j}" for j in range(3)]
    )
    assert _most_in_window([r.at for r in receiver.requests], 1.5) <= 3


def test_acquire_counts_a_slot_from_now(ctx):
    """acquire() (a caller that sends at once) counts from now: the next waits one period."""
    fake = FakeTime()
    limiter = SharedRateLimiter(ctx.db, "app", 1, 60.0, clock=fake.clock, sleep=fake.sleep)
    assert limiter.acquire() == 0
    assert limiter.acquire() == pytest.approx(60.0)


def test_rate_limiter_counts_a_sliding_minute():
    """After a burst, one more message waits until the oldest is a minute old."""
    fake = FakeTime()
    limiter = RateLimiter(3, 60, clock=fake.clock, sleep=fake.sleep)
    for moment in (0, 10, 20):
        fake.now = moment
        assert limiter.acquire() == 0
    fake.now = 30
    assert limiter.acquire() == 30  # waits until 60, when the first leaves the window
