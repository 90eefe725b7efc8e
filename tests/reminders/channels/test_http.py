"""HTTP posting shared by the channels: server errors are failed deliveries."""

from __future__ import annotations

import pytest

from qy_landing.config import Config, Secret, WebhookSettings
from qy_landing.errors import DeliveryError
from qy_landing.reminders.channels import Channels
from tests.reminders.channels.support import message


def test_http_500_is_a_failed_delivery(receiver):
    receiver.responses = [(500, {"error": "boom"})]
    config = Config(webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook")))
    with pytest.raises(DeliveryError, match="HTTP 500"):
        Channels(config).get("webhook").send(message())
