"""Reports catalogue (``report.*``, help texts under ``report.help.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
