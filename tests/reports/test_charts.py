"""Inline SVG charts of the monthly pack: accessible, escaped, scaled to the data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qy_landing.reports.charts import funnel, grouped_bars, standalone

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
