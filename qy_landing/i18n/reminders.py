"""Reminders catalogue (``remind.*``, help texts under ``remind.help.*``). key: (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
