"""The hand-drawn SVG charts: round axis ticks, labels beside the bars, the CJK font stack."""

from __future__ import annotations

import re

from qy_landing.reports.charts import (
    FONT_FAMILIES,
    funnel,
    grouped_bars,
    nice_ticks,
    stacked_columns,
)


def test_axis_ticks_are_round_numbers():
    """Ticks step by 1, 2 or 5 times a power of ten and reach the peak: never 0/21/42/62/83."""
    assert nice_ticks(83) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(5000) == [0, 1000, 2000, 3000, 4000, 5000]
    assert nice_ticks(0) == [0, 1]


def test_stacked_columns_label_the_axis_with_round_ticks():
    """The column chart's axis labels are the round ticks, with thousands separators."""
    svg = stacked_columns("c", "标题", ["10月", "11月"], [("开工", [83, 40])])
    labels = re.findall(r'text-anchor="end" font-weight="normal" fill="#777">([^<]+)<', svg)
    assert labels == ["0", "20", "40", "60", "80", "100"]


def test_funnel_values_sit_right_of_the_widest_bar():
    """Every value label of the funnel starts right of where the widest bar ends."""
    svg = funnel("f", "漏斗", [("签约", 10), ("开工", 4)])
    bars = [
        float(x) + float(w)
        for x, w in re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    ]
    labels = [float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*>\d+ \(\d+%\)<', svg)]
    assert labels and min(labels) > max(bars)


def test_bar_values_start_after_their_bar():
    """A grouped bar's value label begins right of the bar's end, not on it."""
    svg = grouped_bars("g", "各县", [("环县", [9, 3])], ["签约", "开工"])
    bars = re.findall(r'<rect x="150" y="[\d.]+" width="([\d.]+)"', svg)
    values = re.findall(r'<text x="([\d.]+)"[^>]*>(\d)</text>', svg)
    for width, (x, _value) in zip(bars, values, strict=True):
        assert float(x) > 150 + float(width)


def test_font_stack_names_the_desktops_chinese_fonts():
    """Linux, Windows and macOS each have a Chinese font in the stack, with a generic last."""
    assert {"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"} <= set(FONT_FAMILIES)
    assert FONT_FAMILIES[-1] == "sans-serif"
