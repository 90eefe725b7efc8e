"""A generic webhook: the reminder as a JSON POST (``key`` lets the receiver drop repeats).

Body: ``{"key", "kind", "period", "lang", "person": {"id", "name", "unit"}, "title",
"body"}``; with a token, an ``Authorization: Bearer <token>`` header. Any 2xx is success.
"""

from __future__ import annotations

from qy_landing.config import Config
from qy_landing.errors import Msg, PermanentDeliveryError
from qy_landing.reminders.channels.base import Outgoing
from qy_landing.reminders.channels.http import post_json
from qy_landing.reminders.ratelimit import Limiters, slot_of


def payload(message: Outgoing) -> dict[str, object]:
    person = message.recipient
    return {
        "key": message.key,
        "kind": message.kind,
        "period": message.period,
        "lang": message.lang,
        "person": {"id": person.id, "name": person.name, "unit": person.unit},
        "title": message.title,
        "body": message.body,
    }


class WebhookChannel:
    name = "webhook"

    def __init__(self, config: Config, limiters: Limiters) -> None:
        self.settings = config.webhook
        self.limiters = limiters

    def send(self, message: Outgoing) -> None:
        if self.settings.url is None:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.not_configured", channel="webhook", keys="channels.webhook.url"
                )
            )
        url = self.settings.url.reveal()
        headers = {}
        if self.settings.token is not None:
            headers["Authorization"] = f"Bearer {self.settings.token.reveal()}"
        limiter = self.limiters.for_url(url, self.settings.rate_per_minute)
        with slot_of(limiter):
            post_json(url, payload(message), timeout=self.settings.timeout, headers=headers)
