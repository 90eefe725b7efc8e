"""Amounts in 亿元 (100 million yuan): parsed exactly, shown without trailing zeros.

Light on imports so the CLI can parse options before any database library loads.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from qy_landing.errors import InvalidValueError, Msg

FOUR_PLACES = Decimal("0.0001")


def parse_amount(value: object, what: str = "amount") -> Decimal:
    """An amount in 亿元: exact, not negative, at most 4 decimals (1 万元)."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise InvalidValueError(what, value, Msg("expect.amount")) from None
    try:  # quantize raises for more digits than the context holds (1e30)
        exact = amount.is_finite() and amount >= 0 and amount == amount.quantize(FOUR_PLACES)
    except InvalidOperation:
        exact = False
    if not exact:
        raise InvalidValueError(what, value, Msg("expect.amount"))
    return amount


def format_amount(amount: Decimal) -> str:
    """``12.5`` rather than ``12.5000``; never scientific notation."""
    text = format(amount.quantize(FOUR_PLACES), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
