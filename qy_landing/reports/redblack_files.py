"""The red/black boards as files and page sections, with target progress and growth.

:func:`write_redblack` is what ``report redblack -o`` calls (xlsx with a sheet per board,
csv, html, json); the monthly pack adds the same board sheets and a targets sheet to its
workbook, and the boards, target progress and year-on-year growth as sections of its page. Red
rows are light red and black rows dark grey, in the workbook and on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from html import escape
from pathlib import Path
from typing import IO, Any

from qy_landing import i18n
from qy_landing.reports.redblack import INDICATOR_ORDER, BoardResult, RedBlack, UnitScore
from qy_landing.reports.stats import Stats
from qy_landing.reports.target_progress import TargetProgress
from qy_landing.reports.writers import Column, CsvTable, PrintTitle, XlsxBook, open_target

FORMATS = ("xlsx", "csv", "html", "json")

BOARD_COLUMNS = (
    Column("rank", "int", 6),
    Column("list", "text", 8),
    Column("unit", "text", 22),
    Column("unit_kind", "text", 12),
    Column("score", "float", 8),
    *(Column(f"ind_{k}", "float", 10) for k in INDICATOR_ORDER),
    Column("signed_ytd", "int", 10),
    Column("started_ytd", "int", 10),
    Column("overdue_count", "int", 10),
    Column("longest_overdue", "int", 12),
    Column("board_reasons", "text", 60),
)
TARGET_COLUMNS = (
    Column("rank", "int", 6),
    Column("unit", "text", 22),
    Column("unit_kind", "text", 12),
    Column("indicator", "text", 26),
    Column("target", "float", 12),
    Column("done", "float", 12),
    Column("rate", "float", 10),
    Column("completion", "float", 12),
)
GROWTH_COLUMNS = (
    Column("growth_figure", "text", 30),
    Column("growth_now", "float", 14),
    Column("growth_before", "float", 14),
    Column("growth_rate_pct", "float", 10),
    Column("growth_period", "text", 24),
    Column("growth_period_before", "text", 24),
)


def board_name(result: BoardResult, lang: str) -> str:
    """``县区`` or ``places: 县区、园区`` — the board's kinds (and its key when configured)."""
    from qy_landing.services.units import unit_kinds

    names = {k.key: (k.zh if lang == "zh" else k.en) for k in unit_kinds(())}
    kinds = ("、" if lang == "zh" else ", ").join(names.get(k, k) for k in result.board.kinds)
    return kinds if result.board.key in result.board.kinds else f"{result.board.key}: {kinds}"


def board_title(result: BoardResult, lang: str) -> str:
    """``县区（按落地单位计）`` — the board's name and how its projects are counted."""
    title = board_name(result, lang)
    return i18n.t(
        "report.board.title",
        lang,
        board=title,
        attribute=i18n.term("group_by", result.board.attribute, lang),
    )


def _kind(kind: str, lang: str) -> str:
    return i18n.term("unit_kind", kind, lang)


def board_rows(result: BoardResult, lang: str) -> Iterator[tuple[list[Any], str | None]]:
    """The rows of a board (judged units in rank order, then those listed apart) and each
    row's colour: ``red``, ``black`` or None."""
    for entry in result.ranking:
        mark = result.mark(entry)
        yield _row(entry, mark, lang), mark or None
    for entry in result.apart:
        yield _row(entry, "apart", lang), None


def _row(entry: UnitScore, mark: str, lang: str) -> list[Any]:
    data = entry.as_dict(lang)
    label = i18n.text(f"report.board.mark.{mark}", lang) if mark else ""
    separator = "；" if lang == "zh" else "; "
    return [
        data["rank"],
        label,
        entry.unit,
        _kind(entry.kind, lang),
        data["score"],
        *(data[k] for k in INDICATOR_ORDER),
        entry.signed,
        entry.started,
        entry.overdue,
        entry.longest_overdue,
        separator.join(data["reasons"]),
    ]


def add_board_sheets(book: XlsxBook, result: RedBlack, lang: str) -> None:
    """A sheet per board, red and black rows coloured."""
    for board in result.boards:
        title = i18n.t("report.board.sheet", lang, board=board_name(board, lang))
        sheet = book.sheet(title, list(BOARD_COLUMNS))
        for values, fill in board_rows(board, lang):
            sheet.append(values, fill=fill)


def target_rows(progress: TargetProgress, lang: str) -> Iterator[list[Any]]:
    for unit in progress.units:
        completion = unit.completion()
        for line in unit.lines:
            rate = line.rate
            yield [
                unit.rank or None,
                unit.unit,
                _kind(unit.kind, lang),
                i18n.term("indicator", line.indicator, lang),
                float(line.target),
                float(line.done),
                None if rate is None else round(100 * rate, 1),
                None if completion is None else round(100 * completion, 1),
            ]


def add_targets_sheet(book: XlsxBook, progress: TargetProgress, lang: str) -> None:
    sheet = book.sheet(i18n.text("report.sheet.targets", lang), list(TARGET_COLUMNS))
    for row in target_rows(progress, lang):
        sheet.append(row)


def write_redblack_xlsx(
    result: RedBlack, stream: IO[bytes], lang: str, generated_at: datetime | None = None
) -> None:
    """A sheet per board; it prints by itself (title row with the month, 截至 date and
    ``generated_at``, A4 landscape, repeated header, page numbers)."""
    name = i18n.text("report.sheet.redblack", lang)
    month = f"{result.month.year:04d}-{result.month.month:02d}"
    book = XlsxBook(lang, PrintTitle(f"{name} {month}", None, result.as_of, generated_at))
    add_board_sheets(book, result, lang)
    book.save(stream)


def write_redblack_csv(result: RedBlack, stream: IO[bytes], lang: str) -> None:
    """Every board in one table, a board column first."""
    columns = [Column("board", "text", 16), *BOARD_COLUMNS]
    table = CsvTable(stream, columns, lang)
    for board in result.boards:
        for values, _fill in board_rows(board, lang):
            table.append([board.board.key, *values])
    table.close()


# --- html ------------------------------------------------------------------------------------

# The page of ``report redblack -o FILE.html`` (the monthly pack's page has its own style).
PAGE_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px; color: #222; font-size: 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; }
th { background: #eef2f7; }
td.n, th.n { text-align: right; white-space: nowrap; }
"""
CSS = """
tr.red td { background: #ffc7ce; }
tr.black td { background: #404040; color: #fff; }
tr.apart td { color: #777; }
"""


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return '<td class="n"></td>' if kind != "text" else "<td></td>"
    css = ' class="n"' if kind != "text" else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _table(
    columns: tuple[Column, ...], rows: Iterator[tuple[list[Any], str | None]], lang: str
) -> str:
    number = ' class="n"'
    head = "".join(
        f"<th{number if c.kind != 'text' else ''}>{escape(c.header(lang))}</th>" for c in columns
    )
    body = []
    for values, css in rows:
        cls = f' class="{css}"' if css else ""
        cells = "".join(_cell(v, c.kind) for v, c in zip(values, columns, strict=True))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def redblack_html(result: RedBlack, lang: str) -> str:
    """The boards as a page section (``<section id="redblack">``)."""
    parts = [f'<section id="redblack"><h2>{escape(i18n.text("report.board.section", lang))}</h2>']
    if result.limited_to is not None:
        note = i18n.t("report.limited", lang, unit=result.limited_to or "-")
        parts.append(f'<p class="limited">{escape(note)}</p>')
    for board in result.boards:
        parts.append(f"<h3>{escape(board_title(board, lang))}</h3>")
        if not board.ranking and not board.apart:
            parts.append(f"<p>{escape(i18n.text('report.board.empty', lang))}</p>")
            continue
        rows = (
            (values, fill or ("apart" if values[1] and not values[0] else None))
            for values, fill in board_rows(board, lang)
        )
        parts.append(_table(BOARD_COLUMNS, rows, lang))
    parts.append("</section>")
    return "".join(parts)


def targets_html(progress: TargetProgress, lang: str) -> str:
    title = i18n.t("report.board.progress_title", lang, year=progress.year, as_of=progress.as_of)
    parts = [f'<section id="targets"><h2>{escape(title)}</h2>']
    if not progress.units:
        parts.append(f"<p>{escape(i18n.text('report.board.no_targets', lang))}</p>")
    else:
        rows = ((row, None) for row in target_rows(progress, lang))
        parts.append(_table(TARGET_COLUMNS, rows, lang))
    parts.append("</section>")
    return "".join(parts)


GROWTH_KEYS = ("signed_count", "signed_amount", "started", "funds", "funds_out_of_province")


def growth_values(figures: Stats) -> list[tuple[str, Any, Any, float | None]]:
    """(figure key, this period, a year earlier, growth %) for the compared figures, as
    numbers (counts, amounts in 亿元); empty when the figures were not compared."""
    before = figures.previous
    if before is None:
        return []
    growth = figures.growth()
    values = {
        "signed_count": (figures.signed.count, before.signed.count),
        "signed_amount": (figures.signed.amount, before.signed.amount),
        "started": (figures.started, before.started),
        "funds": (figures.funds, before.funds),
        "funds_out_of_province": (figures.funds_out_of_province, before.funds_out_of_province),
    }
    return [(k, values[k][0], values[k][1], growth[k]) for k in GROWTH_KEYS]


def growth_lines(figures: Stats) -> list[tuple[str, str, str, float | None]]:
    """:func:`growth_values` with the figures as text (amounts with two decimals)."""
    return [(k, _fmt(now), _fmt(then), rate) for k, now, then, rate in growth_values(figures)]


def add_growth_sheet(book: XlsxBook, figures: Stats, lang: str) -> None:
    """The year-on-year comparison as a sheet (nothing when the figures were not compared)."""
    before = figures.previous
    if before is None:
        return
    sheet = book.sheet(i18n.text("report.sheet.growth", lang), list(GROWTH_COLUMNS))
    period = f"{figures.start} – {figures.end}"
    earlier = f"{before.start} – {before.end}"
    for key, now, then, rate in growth_values(figures):
        sheet.append(
            [
                i18n.text(f"report.growth.{key}", lang),
                float(now),
                float(then),
                rate,
                period,
                earlier,
            ]
        )


def _fmt(value: Any) -> str:
    from decimal import Decimal

    return f"{value:,.2f}" if isinstance(value, Decimal) else str(value)


def growth_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:+.2f} %"


def growth_html(figures: Stats, lang: str) -> str:
    before = figures.previous
    if before is None:
        return ""
    title = i18n.t(
        "report.board.growth_title",
        lang,
        start=figures.start,
        end=figures.end,
        before_start=before.start,
        before_end=before.end,
    )
    columns = ("growth_figure", "growth_now", "growth_before", "growth_rate")
    head = "".join(f"<th>{escape(i18n.text(f'report.col.{c}', lang))}</th>" for c in columns)
    body = "".join(
        f"<tr><td>{escape(i18n.text(f'report.growth.{key}', lang))}</td>"
        f'<td class="n">{now}</td><td class="n">{then}</td>'
        f'<td class="n">{escape(growth_text(rate))}</td></tr>'
        for key, now, then, rate in growth_lines(figures)
    )
    return (
        f'<section id="growth"><h2>{escape(title)}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
    )


def write_redblack_html(result: RedBlack, stream: IO[bytes], lang: str) -> None:
    """The boards as one self-contained page (the monthly pack's html carries them too)."""
    month = f"{result.month.year:04d}-{result.month.month:02d}"
    title = i18n.t("report.redblack.title", lang, month=month, as_of=result.as_of)
    text = (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{PAGE_CSS}{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>{redblack_html(result, lang)}</body></html>\n"
    )
    stream.write(text.encode("utf-8"))


def write_redblack(
    result: RedBlack,
    target: str | Path,
    fmt: str,
    lang: str,
    generated_at: datetime | None = None,
) -> int:
    """Write the boards to ``target`` (``-`` for stdout) as xlsx, csv, html or json
    (``generated_at`` goes into the workbook's printed title).

    The file appears only when complete (see :func:`~qy_landing.reports.writers.open_target`).
    Returns the number of units written (ranked and apart).
    """
    from qy_landing.errors import ChoiceError

    if fmt not in FORMATS:
        raise ChoiceError("format", fmt, list(FORMATS))
    with open_target(target) as stream:
        if fmt == "json":
            from qy_landing.jsonable import dumps

            stream.write(dumps(result.as_dict(lang)).encode("utf-8"))
        elif fmt == "xlsx":
            write_redblack_xlsx(result, stream, lang, generated_at)
        elif fmt == "csv":
            write_redblack_csv(result, stream, lang)
        else:
            write_redblack_html(result, stream, lang)
    return sum(len(b.ranking) + len(b.apart) for b in result.boards)
