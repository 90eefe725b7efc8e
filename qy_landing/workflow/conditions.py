"""Applicability conditions of workflow steps: a tiny, safe expression language.

    when: new_land and energy_tce >= 10000
    when: not approval_listed
    when: hazardous or (energy_tce >= 1000 and energy_tce < 10000)

Facts are the project's fields listed in :data:`FACTS`; nothing else can be named, and
nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from qy_landing.errors import ConditionSyntaxError

# fact name -> kind ("bool" or "number")
FACTS: dict[str, str] = {
    "new_land": "bool",  # needs new construction land (新增建设用地)
    "hazardous": "bool",  # hazardous chemicals (危险化学品)
    "approval_listed": "bool",  # listed for approval (核准) rather than filing (备案)
    "eia_full": "bool",  # full environmental report (环评报告书) rather than a form (报告表)
    "major": "bool",  # a major project (重大项目)
    "energy_tce": "number",  # yearly energy use, tonnes of coal equivalent
    "amount": "number",  # contract amount, 亿元
}

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(>=|<=|==|!=|>|<|\(|\))|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True)
class Condition:
    """A parsed condition; ``source`` is the text as written."""

    source: str
    tree: tuple[Any, ...]

    def facts(self) -> set[str]:
        found: set[str] = set()

        def walk(node: tuple[Any, ...]) -> None:
            if node[0] in ("fact", "cmp"):
                found.add(node[1])
            else:
                for child in node[1:]:
                    walk(child)

        walk(self.tree)
        return found

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        return bool(_evaluate(self.tree, facts))


def _evaluate(node: tuple[Any, ...], facts: Mapping[str, Any]) -> bool:
    kind = node[0]
    if kind == "fact":
        return bool(facts.get(node[1]))
    if kind == "cmp":
        value = facts.get(node[1])
        if value is None:
            return False
        return _COMPARISONS[node[2]](Decimal(str(value)), node[3])
    if kind == "not":
        return not _evaluate(node[1], facts)
    if kind == "and":
        return _evaluate(node[1], facts) and _evaluate(node[2], facts)
    return _evaluate(node[1], facts) or _evaluate(node[2], facts)


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if not match:
            raise ConditionSyntaxError("unreadable", text=stripped[position:].lstrip())
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
    return tokens


def parse_condition(text: str) -> Condition:
    """Parse ``text``; raises ConditionSyntaxError naming the unknown fact or the bad token."""
    tokens = _tokenize(str(text))
    if not tokens:
        raise ConditionSyntaxError("empty")
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        if position >= len(tokens):
            raise ConditionSyntaxError("ends_early")
        position += 1
        return tokens[position - 1]

    def parse_or() -> tuple[Any, ...]:
        node = parse_and()
        while peek() == "or":
            take()
            node = ("or", node, parse_and())
        return node

    def parse_and() -> tuple[Any, ...]:
        node = parse_not()
        while peek() == "and":
            take()
            node = ("and", node, parse_not())
        return node

    def parse_not() -> tuple[Any, ...]:
        if peek() == "not":
            take()
            return ("not", parse_not())
        return parse_atom()

    def parse_atom() -> tuple[Any, ...]:
        token = take()
        if token == "(":
            node = parse_or()
            if take() != ")":
                raise ConditionSyntaxError("missing_paren")
            return node
        if token not in FACTS:
            raise ConditionSyntaxError("unknown_fact", fact=token, allowed=list(FACTS))
        if peek() in _COMPARISONS:
            op = take()
            number = take()
            if not re.fullmatch(r"\d+(?:\.\d+)?", number):
                raise ConditionSyntaxError("needs_number", fact=token, op=op, value=number)
            if FACTS[token] != "number":
                raise ConditionSyntaxError("bool_compared", fact=token)
            return ("cmp", token, op, Decimal(number))
        if FACTS[token] == "number":
            raise ConditionSyntaxError("number_alone", fact=token)
        return ("fact", token)

    tree = parse_or()
    if position != len(tokens):
        raise ConditionSyntaxError("unexpected", token=tokens[position])
    return Condition(str(text), tree)
