"""Small SVG charts drawn by hand: no JavaScript, no external file, readable offline.

Each function returns one ``<svg>`` element with an ``id``, a ``<title>`` and a
``<desc>``, plain shapes and text, sized in CSS pixels. Colours are a fixed palette that
prints well in grey too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#4e79a7", "#59a14f", "#f28e2b", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
# Chinese fonts as each desktop names them: Linux (Noto/Source Han, WenQuanYi), Windows
# (Microsoft YaHei, SimHei, DengXian), macOS (PingFang, Hiragino, Heiti); the first found wins
FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "微软雅黑",
    "DengXian",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "SimHei",
    "SimSun",
    "sans-serif",
)
FONT_STACK = ", ".join(name if name == "sans-serif" else f'"{name}"' for name in FONT_FAMILIES)
FONT = 'font-family="' + FONT_STACK.replace('"', "'") + '"'


def nice_ticks(peak: float, count: int = 5) -> list[int]:
    """Axis ticks from 0 in round steps (1, 2, 5 × 10ⁿ) reaching at least ``peak``.

    83 → 0, 20, 40, 60, 80, 100; 7 → 0, 2, 4, 6, 8; 0 → 0, 1.
    """
    if peak <= 0:
        return [0, 1]
    raw = peak / count
    magnitude = 10 ** max(0, len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    top = -(-int(peak) // step) * step
    if top < peak:
        top += step
    return list(range(0, top + 1, step))


def _text(
    x: float,
    y: float,
    value: str,
    *,
    size: int = 12,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#333",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(value)}</text>'
    )


def _open(chart_id: str, width: float, height: float, title: str, desc: str) -> str:
    return (
        f'<svg id="{escape(chart_id)}" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'{FONT} aria-labelledby="{escape(chart_id)}-title">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f"<desc>{escape(desc)}</desc>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )


def standalone(svg: str) -> str:
    """An inline chart as a file of its own (an ``.svg`` file needs the SVG namespace)."""
    namespace = "http://www.w3.org/2000/svg"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg.replace(
        "<svg ", f'<svg xmlns="{namespace}" ', 1
    )


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for index, name in enumerate(names):
        left = x + index * 110
        parts.append(
            f'<rect x="{left:.1f}" y="{y - 10:.1f}" width="12" height="12" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
        )
        parts.append(_text(left + 16, y, name, size=11))
    return parts


def grouped_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    *,
    desc: str = "",
) -> str:
    """Horizontal bars: one group per row (a unit), one bar per series (a funnel stage)."""
    bar, gap, label_width, plot = 11, 10, 150, 500
    group = bar * len(series) + gap
    height = 60 + group * max(1, len(rows)) + 20
    width = label_width + plot + 70
    top = nice_ticks(max([max(values, default=0) for _, values in rows] or [0]))[-1]
    parts = [_open(chart_id, width, height, title, desc or title)]
    parts.append(_text(10, 20, title, size=14, weight="bold"))
    parts.extend(_legend(series, label_width, 42))
    y = 56.0
    for name, values in rows:
        parts.append(_text(label_width - 8, y + group / 2, name, anchor="end"))
        for index, value in enumerate(values):
            length = plot * value / top
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{label_width}" y="{y + index * bar:.1f}" width="{length:.1f}" '
                f'height="{bar - 1}" fill="{colour}"><title>{escape(name)} · '
                f"{escape(series[index])}: {value}</title></rect>"
            )
            parts.append(
                _text(  # beside the bar's end, never on it
                    label_width + length + 4,
                    y + index * bar + bar - 2,
                    str(value),
                    size=9,
                    fill="#555",
                )
            )
        y += group
    if not rows:
        parts.append(_text(label_width, y + 10, "—"))
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    desc: str = "",
    line: tuple[str, Sequence[int]] | None = None,
) -> str:
    """Vertical columns, one per category, stacked by series; optionally a line on top."""
    width, height = 680, 320
    left, right, top_margin, bottom = 50, 20, 60, 50
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    ticks = nice_ticks(max([*totals, *(line[1] if line else [])] or [0]))
    peak = ticks[-1]
    step = plot_w / max(1, len(categories))
    column = step * 0.6
    parts = [_open(chart_id, width, height, title, desc or title)]
    parts.append(_text(10, 20, title, size=14, weight="bold"))
    parts.extend(_legend([name for name, _ in series] + ([line[0]] if line else []), left, 42))
    base = top_margin + plot_h
    for value in ticks:
        y = base - plot_h * value / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e5e5e5"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{value:,}", size=10, anchor="end", fill="#777"))
    for index, category in enumerate(categories):
        x = left + index * step + (step - column) / 2
        y = base
        for position, (name, values) in enumerate(series):
            value = values[index]
            size = plot_h * value / peak
            y -= size
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{size:.1f}" '
                f'fill="{PALETTE[position % len(PALETTE)]}"><title>{escape(category)} · '
                f"{escape(name)}: {value}</title></rect>"
            )
        if totals[index]:
            parts.append(_text(x + column / 2, y - 4, str(totals[index]), size=10, anchor="middle"))
        parts.append(_text(x + column / 2, base + 16, category, size=10, anchor="middle"))
    if line:
        colour = PALETTE[len(series) % len(PALETTE)]
        points = " ".join(
            f"{left + i * step + step / 2:.1f},{base - plot_h * v / peak:.1f}"
            for i, v in enumerate(line[1])
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for i, v in enumerate(line[1]):
            cx, cy = left + i * step + step / 2, base - plot_h * v / peak
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(categories[i])} · {escape(line[0])}: {v}</title>"
                "</circle>"
            )
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def funnel(chart_id: str, title: str, stages: Sequence[tuple[str, int]], *, desc: str = "") -> str:
    """A centred funnel: one bar per stage, width by count, with the share of the first."""
    width, row = 620, 34
    height = 40 + row * len(stages) + 10
    first = stages[0][1] if stages else 0
    peak = max([v for _, v in stages] or [0]) or 1
    parts = [_open(chart_id, width, height, title, desc or title)]
    parts.append(_text(10, 20, title, size=14, weight="bold"))
    for index, (name, value) in enumerate(stages):
        size = 360 * value / peak
        x = 140 + (360 - size) / 2
        y = 34 + index * row
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{max(size, 1):.1f}" height="{row - 6}" '
            f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(name)}: {value}</title></rect>'
        )
        parts.append(_text(130, y + row / 2, name, anchor="end"))
        share = f" ({100 * value / first:.0f}%)" if first else ""
        # right of the widest bar (which ends at 500): a label never sits on a bar
        parts.append(_text(512, y + row / 2 + 1, f"{value}{share}", size=11))
    parts.append("</svg>")
    return "".join(parts)
