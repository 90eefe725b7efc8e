"""Inline SVG charts of the monthly pack: accessible, escaped, scaled to the data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from qy_landing.reports.charts import (
    FONT_FAMILIES,
    funnel,
    grouped_bars,
    nice_ticks,
    stacked_columns,
    standalone,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(standalone(svg).split("?>", 1)[-1])


def bars(root: ET.Element) -> list[ET.Element]:
    """The data bars (legend swatches have no title)."""
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def test_grouped_bars_draw_one_bar_per_value_scaled_to_the_largest():
    """Each unit gets a bar per stage; the largest value spans the plot; titles name both."""
    svg = grouped_bars("c1", "各县区漏斗", [("环县", [4, 2]), ("庆城县", [1, 0])], ["签约", "开工"])
    root = parse(svg)
    drawn = bars(root)
    assert len(drawn) == 4
    widths = [float(b.get("width") or 0) for b in drawn]
    assert widths[0] == max(widths) and widths[3] == 0
    assert [b.findtext(f"{SVG}title") for b in drawn][:2] == ["环县 · 签约: 4", "环县 · 开工: 2"]


def test_names_are_escaped_and_an_empty_chart_says_so():
    """A name with markup cannot break the SVG; no rows draws a dash, not an error."""
    root = parse(grouped_bars("c2", "A<B", [("<x&y>", [1])], ["s"]))
    assert bars(root)[0].findtext(f"{SVG}title") == "<x&y> · s: 1"
    empty = grouped_bars("c3", "空", [], ["s"])
    assert "—" in empty and empty.endswith("</svg>")


def test_the_funnel_shows_each_stage_with_its_share_of_the_first():
    """Stage counts with their percentage of the signed projects."""
    svg = funnel("f", "落地漏斗", [("签约", 200), ("开工", 50)])
    assert "200 (100%)" in svg and "50 (25%)" in svg
    assert "(" not in funnel("g", "空", [("签约", 0)]).split("签约")[-1].split("</svg>")[0]


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
