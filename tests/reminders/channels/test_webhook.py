"""The generic webhook: one JSON document per reminder, with a bearer token."""

from __future__ import annotations

from qy_landing.config import Config, Secret, WebhookSettings
from qy_landing.reminders.channels import Channels
from tests.reminders.channels.support import message


def test_webhook_posts_key_kind_person_title_body_period_with_bearer_token(receiver):
    """The generic webhook: a JSON document any receiver can deduplicate by key."""
    config = Config(
        webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook"), token=Secret("tok-123456"))
    )
    Channels(config).get("webhook").send(message())
    (request,) = receiver.requests
    assert request.headers["Authorization"] == "Bearer tok-123456"
    assert request.body == {
        "key": "overdue:1:2026-09-04:0:2",
        "kind": "overdue",
        "period": "2026-10",
        "lang": "zh",
        "person": {"id": 2, "name": "李娜", "unit": "环县"},
        "title": "【逾期督办】环县风电：项目备案已逾期 3 个工作日",
        "body": "项目备案已逾期 3 个工作日",
    }
