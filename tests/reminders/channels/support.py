"""What the channel tests share: a recipient, a message, a clock that sleeps instantly."""

from __future__ import annotations

from qy_landing.config import Robot, RobotSettings, Secret
from qy_landing.reminders.channels import Outgoing, Recipient

LI = Recipient(
    id=2,
    name="李娜",
    unit="环县",
    email="lina@example.gov.cn",
    phone="13800000002",
    wecom="lina",
    dingtalk="dt-lina",
)


def message(
    body: str = "项目备案已逾期 3 个工作日",
    lang: str = "zh",
    key: str = "overdue:1:2026-09-04:0:2",
    recipient: Recipient = LI,
) -> Outgoing:
    return Outgoing(
        id=1,
        key=key,
        kind="overdue",
        period="2026-10",
        channel="wecom",
        lang=lang,
        title="【逾期督办】环县风电：项目备案已逾期 3 个工作日",
        body=body,
        recipient=recipient,
    )


class FakeTime:
    """A clock whose sleep moves it forward: rate limits without waiting real minutes."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def robots(receiver, path: str, secret: str | None = None, **extra) -> RobotSettings:
    robot = Robot(Secret(f"{receiver.url}{path}"), Secret(secret) if secret else None)
    return RobotSettings(default=robot, **extra)
