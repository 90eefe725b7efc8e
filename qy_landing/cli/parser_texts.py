"""The command-line parser's own texts in the user's language, and help wrapped by display width.

typer's bundled click writes ``Usage:``, ``Options:``, ``Show this message and exit.``,
``No such command …`` in English only. In Chinese mode this module translates them: the
help formatter (:class:`LandingFormatter`, used through :class:`LandingContext`) writes
Chinese headings and wraps help by display columns (a Chinese character takes two, and no
line starts with a closing mark such as ``、`` or ``）``); :func:`usage_error` renders a
usage error in Chinese with a close-match hint ("您是不是要找 …").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from qy_landing.i18n import display_width

# marks that must not start a line (they close a phrase) in Chinese text
_NO_LINE_START = set("、，。；：！？）」』》〉】,.;:!?)")

_HEADINGS = {"Usage": "用法", "Options": "选项", "Commands": "命令", "Arguments": "参数"}

# (pattern, Chinese) in order; applied to help rows and usage errors in Chinese mode
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"Show this message and exit\.", "显示此帮助并退出。"),
    (r"\[required\]", "［必填］"),
    (r"\[default: ([^\]]*)\]", r"［默认：\1］"),
    (r"\[env var: ([^\]]*)\]", r"［环境变量：\1］"),
    (r"No such command '([^']*)'\.", r"没有命令“\1”。"),
    (r"No such option: (\S+)", r"没有选项 \1。"),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", r"多余的参数：\1。"),
    (r"Missing option '([^']*)'\.?", r"缺少选项 \1。"),
    (r"Missing argument '([^']*)'\.?", r"缺少参数 \1。"),
    (r"Missing parameter: (\S+)", r"缺少参数 \1。"),
    (r"Missing command\.", "缺少命令。"),
    (r"Option '([^']*)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option '([^']*)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"Option '([^']*)' does not take a value\.", r"选项 \1 不接受值。"),
    (r"Invalid value for '([^']*)': ", r"\1 的值无效："),
    (r"Invalid value for ([^:]*): ", r"\1 的值无效："),
    (r"'([^']*)' is not a valid integer( range)?\.", r"“\1”不是整数。"),
    (r"'([^']*)' is not a valid float( range)?\.", r"“\1”不是数字。"),
    (r"'([^']*)' is not a valid boolean\.", r"“\1”不是是/否。"),
    (r"'([^']*)' is not one of (.*)\.", r"“\1”不在可选值之内：\2。"),
    (r"'([^']*)' is not (.*)\.", r"“\1”不是 \2。"),
    (r"\s*Did you mean ([^?]*)\?", r"您是不是要找 \1？"),
    (r"\(Possible options: ([^)]*)\)", r"（可选：\1）"),
    (r"Aborted!", "已中止。"),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
)
_COMPILED = tuple((re.compile(pattern), chinese) for pattern, chinese in _PHRASES)


def parser_lang() -> str:
    """The language of the parser's texts: ``--lang`` once parsed, else the early guess."""
    from qy_landing.cli.state import state
    from qy_landing.cli.texts import help_lang

    return state.lang if state.lang_given else help_lang()


def translate(text: str, lang: str) -> str:
    """click's English phrases in ``text`` in Chinese (``lang`` zh); otherwise unchanged."""
    if lang != "zh":
        return text
    for pattern, chinese in _COMPILED:
        text = pattern.sub(chinese, text)
    return re.sub(r"找 ([^？]*)？", lambda m: "找 " + m.group(1).replace("'", "") + "？", text)


# East Asian wide ranges: Hangul Jamo, CJK radicals … Yi, Hangul, compatibility ideographs,
# vertical forms, full-width forms
_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_TOKEN = re.compile(rf" +|[^\s{_WIDE}]+|\S")


def _tokens(text: str) -> list[str]:
    """Units a line may break between: a word of narrow characters, a wide char, a space."""
    return _TOKEN.findall(text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display columns.

    English words stay whole; Chinese breaks between characters; a closing mark (、，）…)
    never starts a line: the character before it moves down with it. Paragraph breaks
    (blank lines) are kept.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _tokens(" ".join(paragraph.split())):
            size = display_width(token)
            if token.startswith(" "):
                if line:
                    line.append(" ")
                    used += 1
                continue
            lone = len(line) <= 1 and token[0] in _NO_LINE_START  # a mark after a long word
            if used + size > width and "".join(line).strip() and not lone:
                carried: list[str] = []
                # the mark keeps the character it closes (and any marks in between)
                while len(line) > 1 and (carried or [token])[0][0] in _NO_LINE_START:
                    carried.insert(0, line.pop())
                lines.append("".join(line).rstrip())
                line, used = carried, sum(display_width(t) for t in carried)
            line.append(token)
            used += size
        lines.append("".join(line).rstrip())
    return lines


class LandingFormatter(HelpFormatter):
    """Help in the user's language, wrapped by display width."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = parser_lang()

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and self.lang == "zh":
            prefix = "用法："
        super().write_usage(prog, translate(args, self.lang), prefix)

    def write_heading(self, heading: str) -> None:
        if self.lang == "zh":
            heading = _HEADINGS.get(heading, heading)
            self.write(f"{'':>{self.current_indent}}{heading}：\n")
            return
        super().write_heading(heading)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(first, translate(second, self.lang)) for first, second in rows]
        widest = max((display_width(first) for first, _ in rows), default=0)
        first_col = min(widest, col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - self.current_indent - 2, 10))
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class LandingContext(Context):
    """A click context whose help formatter is :class:`LandingFormatter`, and whose
    command's flags and text values are taken as given (:func:`plain_params`)."""

    formatter_class = LandingFormatter

    def __init__(self, command: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        plain_params(command, self)


def plain_params(command: Any, ctx: Context) -> None:
    """The flags (``bool``) and text parameters (``str``, ``str | None``) of ``command``
    pass a value of their own type through unchanged, as typer's coercion would.

    typer builds a pydantic validator for each parameter a command is invoked with (the
    help flag included): importing its adapters and building them cost a read command
    ~0.1 s. Every parameter of ours is text or a flag, which the command parses itself;
    anything else still goes through typer's coercion."""
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is not None
            and descriptor.annotation in (str, bool)
            and descriptor.file_annotation is None
            and descriptor.parameter_info.parser is None
            and not param.multiple
            and param.nargs == 1
            and getattr(param, "_runtime_param", False) is None
        ):
            param._runtime_param = _as_given(descriptor)


def _as_given(descriptor: Any) -> Any:
    """typer's runtime parameter for ``descriptor``, returning a value of its type as it
    is (anything else is coerced by typer's own)."""
    global _AsGiven
    if _AsGiven is None:
        from typer._coercion import RuntimeParam, build_runtime_param

        class AsGiven(RuntimeParam):
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                if value.__class__ is self.annotation:
                    return value
                typer_own = build_runtime_param(param.type_descriptor)
                return typer_own._coerce_value(value, param=param, ctx=ctx)

        _AsGiven = AsGiven
    return _AsGiven(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)


_AsGiven: Any = None  # the class, made on first use (typer's coercion module is imported then)


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    """The choices a typo most likely meant (at most three, best first)."""
    return get_close_matches(word, list(choices), n=3, cutoff=0.6)


def usage_error(error: Any, lang: str) -> str:
    """A click usage error as the lines a person reads, in ``lang``."""
    ctx = getattr(error, "ctx", None)
    lines = []
    message = error.format_message()
    hint = ""
    found = re.match(r"No such command '([^']*)'", message)
    if found and ctx is not None and not re.search("Did you mean", message):
        names = ctx.command.list_commands(ctx)
        matches = close_matches(found.group(1), names)
        if matches:
            hint = (
                ("您是不是要找 " if lang == "zh" else " Did you mean ")
                + ("、".join(matches) if lang == "zh" else ", ".join(matches))
                + ("？" if lang == "zh" else "?")
            )
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(usage if lang != "zh" else translate(usage, lang))
        help_names = ctx.help_option_names
        if ctx.command.get_help_option(ctx) is not None and help_names:
            command = ctx.command_path
            if lang == "zh":
                lines.append(f"运行 “{command} {help_names[0]}” 查看帮助。")
            else:
                lines.append(f"Try '{command} {help_names[0]}' for help.")
        lines.append("")
    text = translate(message, lang) + hint
    lines.append(("错误：" if lang == "zh" else "Error: ") + text)
    return "\n".join(lines)
