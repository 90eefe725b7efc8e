"""Which channels a reminder tries, in order (its route), and where it goes after a failure.

A person's route is, first found:

1. their own: the preferred channel and then their fallbacks (``person add/edit
   --channel … --fallback sms,email``); a person who chose a channel without fallbacks
   has the route of that one channel;
2. the office's default for the strongest role they hold (``[routing.roles]``: supervisor,
   first-responsible, direct-responsible, lead section chief, commissioner);
3. ``routing.default``;
4. their preferred channel alone (what every reminder did before routes existed).

The route is fixed when the reminder is first claimed for sending and stored with it
(``reminder.route``), so later changes to the person or the configuration do not move a
reminder already on its way. A reminder that cannot be delivered on one channel (a
permanent error, its attempts used up, or the platform reporting it undelivered) moves
to the next channel of its route exactly once; after the last one it is ``failed``.
"""

from __future__ import annotations

from collections.abc import Iterable

from qy_landing.config import ROUTING_ROLES, RoutingSettings


def parse(text: str | None) -> tuple[str, ...]:
    """A stored route or fallback list (``"sms,email"``) as a tuple."""
    return tuple(c.strip() for c in (text or "").split(",") if c.strip())


def join(route: Iterable[str]) -> str:
    return ",".join(route)


def _unique(channels: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for channel in channels:
        if channel not in seen:
            seen.append(channel)
    return tuple(seen)


def route_for(
    channel: str,
    fallback: str | None,
    roles: Iterable[str],
    supervisor: bool,
    routing: RoutingSettings,
) -> tuple[str, ...]:
    """The route of a reminder to a person (see the module doc)."""
    if fallback is not None:
        return _unique((channel, *parse(fallback)))
    held = set(roles) | ({"supervisor"} if supervisor else set())
    for role in ROUTING_ROLES:
        if role in held and routing.roles.get(role):
            return routing.roles[role]
    if routing.default:
        return routing.default
    return (channel,)


def next_channel(route: tuple[str, ...], current: str) -> str | None:
    """The channel after ``current`` in ``route``, or None after the last one."""
    if current not in route:
        return None
    index = route.index(current)
    return route[index + 1] if index + 1 < len(route) else None
