"""The SVG charts: valid, one axis or bar per dimension, points where the scores say, gaps, escaping, text."""

import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmaturity import brand
from cxmaturity.colours import contrast, contrast_with_white
from reports import charts
from reports.charts import ChartDimension, ChartLevel, TrendSeries, colours
from reports.charts.distribution import distribution_chart

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"
LEVELS = [
    ChartLevel(n, D(score)) for n, score in [(1, "1.0"), (2, "1.8"), (3, "2.6"), (4, "3.4"), (5, "4.2")]
]


def dimension(code, score, target=None, label=None):
    return ChartDimension(
        code=code,
        label=label or code.title(),
        score=None if score is None else D(score),
        target=None if target is None else D(target),
    )


FOUR = [
    dimension("strategy", "5.00", "4.2"),
    dimension("journey", "2.50", "2.6"),
    dimension("voc", "1.00", "1.8"),
    dimension("technology", "3.40", "4.2"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def find(root, tag, **attributes):
    return [
        element
        for element in root.iter(f"{SVG}{tag}")
        if all(element.get(name.replace("_", "-")) == value for name, value in attributes.items())
    ]


def with_attribute(root, tag, attribute):
    return [element for element in root.iter(f"{SVG}{tag}") if element.get(attribute) is not None]


def text_of(root) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


# Every chart


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.radar_chart(FOUR, LEVELS),
        lambda: charts.bar_chart(FOUR, LEVELS),
        lambda: charts.radar_chart(FOUR, LEVELS, layout=charts.COMPACT),
        lambda: charts.trend_chart(
            ["2025-04-01", "2026-04-01"],
            [TrendSeries("overall", "Overall", (D("2.1"), D("2.9")), overall=True)],
            LEVELS,
        ),
    ],
)
def test_a_chart_is_valid_svg_with_a_role_a_title_and_a_description(draw):
    root = parse(draw())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert len(root.get("viewBox").split()) == 4
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}style"))
    assert all(element.get("style") is None for element in root.iter())  # the CSP blocks inline styles


def test_output_is_deterministic():
    assert charts.radar_chart(FOUR, LEVELS) == charts.radar_chart(FOUR, LEVELS)
    assert charts.bar_chart(FOUR, LEVELS) == charts.bar_chart(FOUR, LEVELS)


def test_current_and_target_colours():
    root = parse(charts.radar_chart(FOUR, LEVELS))
    [current] = find(root, "polygon", data_series="current")
    [target] = find(root, "polygon", data_series="target")
    assert current.get("stroke") == "#0b5c6b"
    assert target.get("stroke") == "#b35900" and target.get("stroke-dasharray")


# Palettes

YELLOW = charts.Palette(current="#8e7200", band="#f7f5ed", target="#1f4e9c")  # from the accent #f5c400
ALL_CHARTS = {
    "radar": lambda palette: charts.radar_chart(FOUR, LEVELS, palette=palette),
    "bars": lambda palette: charts.bar_chart(FOUR, LEVELS, palette=palette),
    "peers": lambda palette: charts.peer_chart(
        [charts.ChartPeerRow(d.code, d.label, d.score, D("2"), D("3"), D("4"), 6) for d in FOUR],
        LEVELS,
        palette=palette,
    ),
    "trend": lambda palette: charts.trend_chart(
        ["2025", "2026"],
        [TrendSeries("", "Overall", (D("2"), D("3")), overall=True)],
        LEVELS,
        palette=palette,
    ),
    "distribution": lambda palette: distribution_chart(
        [("1", 2), ("2", 3)], None, kind="level", id_prefix="q", palette=palette
    ),
}


@pytest.mark.parametrize(
    ("accent", "palette"),
    [
        ("#0b5c6b", charts.BRAND),  # a consultancy's default accent is the brand's
        ("#f5c400", YELLOW),  # too light: a mustard of the same hue, and blue targets beside it
        ("#1b2a4a", charts.Palette(current="#1b2a4a", band="#eff0f2", target=brand.TARGET)),  # dark: kept
        ("#5b3a8c", charts.Palette(current="#5b3a8c", band="#f4f1f7", target=brand.TARGET)),
        ("#c0392b", charts.Palette(current="#c0392b", band="#fbf1f0", target="#1f4e9c")),  # red beside orange
    ],
)
def test_an_accent_gives_a_palette_to_draw_with(accent, palette):
    assert charts.Palette.for_accent(accent) == palette


@given(st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}"))
def test_any_accent_gives_a_palette_with_aa_contrast(accent):
    palette = charts.Palette.for_accent(accent)
    assert contrast_with_white(palette.current) >= 4.5  # white text is set on it in the report
    assert contrast(palette.current, palette.band) >= 3  # bars and lines over the bands
    assert contrast(palette.target, palette.band) >= 3
    assert contrast(colours.MUTED, palette.band) >= 4.5  # the level numbers and the axis in the bands


@pytest.mark.parametrize("draw", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_chart_draws_in_its_palette(draw):
    branded, plain = draw(YELLOW), draw(charts.BRAND)
    assert YELLOW.current in branded and brand.ACCENT in plain
    for colour in (brand.ACCENT, brand.ACCENT_TINT, brand.TARGET):
        assert colour not in branded
    for colour in (YELLOW.current, YELLOW.band, YELLOW.target):
        assert colour not in plain
    assert branded.replace(YELLOW.current, "").replace(YELLOW.band, "").replace(YELLOW.target, "") == (
        plain.replace(brand.ACCENT, "").replace(brand.ACCENT_TINT, "").replace(brand.TARGET, "")
    )


# Radar


def test_the_radar_has_one_axis_and_one_label_per_dimension():
    root = parse(charts.radar_chart(FOUR, LEVELS))
    assert [axis.get("data-axis") for axis in with_attribute(root, "line", "data-axis")] == [
        "strategy",
        "journey",
        "voc",
        "technology",
    ]
    assert [label.get("data-label") for label in with_attribute(root, "g", "data-label")] == [
        "strategy",
        "journey",
        "voc",
        "technology",
    ]


def test_the_radar_has_five_numbered_level_rings():
    root = parse(charts.radar_chart(FOUR, LEVELS))
    numbers = [
        element.text for element in root.iter(f"{SVG}text") if element.text in {"1", "2", "3", "4", "5"}
    ]
    assert numbers[:5] == ["1", "2", "3", "4", "5"]
    # The outer edge (score 5) and each level's lower threshold: 1.0, 1.8, 2.6, 3.4, 4.2.
    rings = [polygon for polygon in root.iter(f"{SVG}polygon") if polygon.get("data-series") is None]
    assert len(rings) == 6


def test_radar_points_sit_where_the_scores_say():
    # Wide layout: 460 wide, centre (230, 0), radius 108; the axis end is score 5.
    root = parse(charts.radar_chart(FOUR, LEVELS))
    points = {
        point.get("data-point"): (point.get("cx"), point.get("cy")) for point in root.iter(f"{SVG}circle")
    }
    assert points["strategy"] == ("230.0", "-108.0")  # axis 0 points up: 5 / 5 × 108
    assert points["journey"] == ("284.0", "0.0")  # axis 1 points right: 2.5 / 5 × 108 = 54
    assert points["voc"] == ("230.0", "21.6")  # axis 2 points down: 1 / 5 × 108
    assert points["technology"] == ("156.6", "0.0")  # axis 3 points left: 3.4 / 5 × 108 = 73.44
    [target] = find(root, "polygon", data_series="target")
    # Targets 4.2, 2.6, 1.8, 4.2 → 90.72, 56.16, 38.88, 90.72 from the centre.
    assert target.get("points") == "230.0,-90.7 286.2,0.0 230.0,38.9 139.3,0.0"


def test_radar_point_on_a_diagonal():
    x, y = charts.radar_point(1, 8, D("2.5"), cx=0, cy=0, radius=100)
    assert (round(x, 6), round(y, 6)) == (
        round(50 * math.sin(math.pi / 4), 6),
        round(-50 * math.cos(math.pi / 4), 6),
    )


def test_an_undefined_dimension_is_a_gap_in_the_radar_and_named_in_the_text():
    dimensions = [*FOUR[:2], dimension("voc", None), FOUR[3]]
    svg = charts.radar_chart(dimensions, LEVELS)
    root = parse(svg)
    # No closed shape: the current line runs technology → strategy → journey, around the missing voc.
    assert not find(root, "polygon", data_series="current")
    [current] = find(root, "polyline", data_series="current")
    assert current.get("points") == "156.6,0.0 230.0,-108.0 284.0,0.0"
    assert "voc" not in {point.get("data-point") for point in root.iter(f"{SVG}circle")}
    [axis] = [line for line in with_attribute(root, "line", "data-axis") if line.get("data-axis") == "voc"]
    assert axis.get("stroke-dasharray")
    description = root.find(f"{SVG}desc").text
    assert "Voc: not enough answers" in description
    assert "Strategy: 5.00 (target 4.20)" in description
    assert "not enough answers" in text_of(root)


def test_only_two_dimensions_still_draw_a_radar():
    root = parse(charts.radar_chart(FOUR[:2], LEVELS))
    assert len(with_attribute(root, "line", "data-axis")) == 2
    assert find(root, "polyline", data_series="current")


# Bars


def test_one_bar_and_one_target_marker_per_dimension():
    root = parse(charts.bar_chart(FOUR, LEVELS))
    assert [row.get("data-row") for row in with_attribute(root, "g", "data-row")] == [
        "strategy",
        "journey",
        "voc",
        "technology",
    ]
    assert len(with_attribute(root, "rect", "data-bar")) == 4
    assert len(with_attribute(root, "line", "data-target")) == 4


def test_bar_lengths_and_target_positions_follow_the_scores():
    # Wide layout: the 1–5 scale runs from x 12 to 448 (436 units, 109 per point).
    root = parse(charts.bar_chart(FOUR, LEVELS))
    bars = {bar.get("data-bar"): bar for bar in with_attribute(root, "rect", "data-bar")}
    assert bars["strategy"].get("x") == "12.0"
    assert bars["strategy"].get("width") == "436.0"  # 5.00
    assert bars["journey"].get("width") == "163.5"  # 2.50: 1.5 × 109
    assert bars["voc"].get("width") == "2.0"  # 1.00: nothing to draw, a sliver stays visible
    targets = {
        line.get("data-target"): line.get("x1") for line in with_attribute(root, "line", "data-target")
    }
    assert targets["technology"] == "360.8"  # 4.2: 12 + 3.2 × 109
    assert "3.40" in text_of(root)


def test_an_undefined_dimension_has_no_bar_and_says_so():
    root = parse(charts.bar_chart([FOUR[0], dimension("voc", None)], LEVELS))
    assert [bar.get("data-bar") for bar in with_attribute(root, "rect", "data-bar")] == ["strategy"]
    assert "Not enough answers" in text_of(root)
    assert "Voc: not enough answers" in root.find(f"{SVG}desc").text


# Text


def test_labels_are_escaped():
    label = 'R&D <Team> "one"'
    for svg in (
        charts.radar_chart([dimension("rd", "3", "3.4", label=label), *FOUR[1:]], LEVELS),
        charts.bar_chart([dimension("rd", "3", "3.4", label=label)], LEVELS),
        charts.trend_chart(["<2026>"], [TrendSeries("rd", label, (D("3"),))], LEVELS),
    ):
        assert "<Team>" not in svg and "&lt;Team&gt;" in svg and "&amp;" in svg
        root = parse(svg)
        assert "R&D" in text_of(root) or "R&D" in root.find(f"{SVG}desc").text


def test_japanese_labels_are_drawn_as_given():
    svg = charts.bar_chart([dimension("voc", "3.3", "3.4", label="顧客の声（VoC）")], LEVELS)
    assert "顧客の声（VoC）" in text_of(parse(svg))


@pytest.mark.parametrize(
    "label",
    [
        "体験デザインとパーソナライゼーション",
        "顧客理解とジャーニーマッピング",
        "Customer journey mapping and understanding",
        "テクノロジーとデータ",
    ],
)
@pytest.mark.parametrize("layout", [charts.WIDE, charts.COMPACT])
def test_long_labels_are_wrapped_inside_the_chart(label, layout):
    dimensions = [dimension(f"d{n}", "3", "3.4", label=label) for n in range(8)]
    for svg in (
        charts.radar_chart(dimensions, LEVELS, layout=layout),
        charts.bar_chart(dimensions, LEVELS, layout=layout),
    ):
        root = parse(svg)
        left, top, width, height = (float(value) for value in root.get("viewBox").split())
        # Legend swatches are drawn in their own coordinates.
        moved = {text for group in root.iter(f"{SVG}g") if group.get("transform") for text in group.iter()}
        for element in root.iter(f"{SVG}text"):
            if element in moved:
                continue
            text, size = element.text or "", float(element.get("font-size"))
            x, y = float(element.get("x")), float(element.get("y"))
            extent = charts.text_width(text, size)
            start = {"start": x, "middle": x - extent / 2, "end": x - extent}[
                element.get("text-anchor", "start")
            ]
            assert left <= start and start + extent <= left + width, text
            assert top <= y - 0.8 * size and y <= top + height, text


def test_wrapping_keeps_japanese_line_breaking_rules():
    lines = charts.wrap("顧客の声（VoC）とジャーニーマッピング", 70, 15, max_lines=6)
    assert all(not line.startswith(("ー", "）", "ッ", "ャ")) for line in lines)
    assert all(not line.endswith("（") for line in lines)
    assert "".join(lines) == "顧客の声（VoC）とジャーニーマッピング"
    assert all(charts.text_width(line, 15) <= 70 for line in lines)


def test_wrapping_english_breaks_between_words_and_balances_lines():
    assert charts.wrap("CX strategy and leadership", 160, 15) == ["CX strategy", "and leadership"]
    assert charts.wrap("Voice of the customer", 400, 15) == ["Voice of the customer"]


def test_text_beyond_the_last_line_ends_with_an_ellipsis():
    lines = charts.wrap("one two three four five six seven eight nine ten", 60, 15, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert charts.text_width(lines[-1], 15) <= 60


# Trend


def test_a_single_assessment_shows_points_only_and_says_so():
    root = parse(
        charts.trend_chart(
            ["2026-04-01"],
            [
                TrendSeries("overall", "Overall", (D("2.5"),), overall=True),
                TrendSeries("strategy", "Strategy", (D("3"),)),
            ],
            LEVELS,
        )
    )
    assert not list(root.iter(f"{SVG}polyline"))
    assert len(with_attribute(root, "g", "data-series")) == 2
    assert "points only" in root.find(f"{SVG}desc").text


def test_a_trend_draws_one_line_per_series_broken_where_a_score_is_missing():
    dates = ["2024-04-01", "2025-04-01", "2026-04-01"]
    root = parse(
        charts.trend_chart(
            dates,
            [
                TrendSeries("overall", "Overall", (D("1"), D("3"), D("5")), overall=True),
                TrendSeries("voc", "Voice", (D("2"), None, D("4"))),
            ],
            LEVELS,
        )
    )
    series = {group.get("data-series"): group for group in with_attribute(root, "g", "data-series")}
    [overall] = series["overall"].iter(f"{SVG}polyline")
    # Plot from x 38 to 430 and y 200 (score 1) to 0 (score 5).
    assert overall.get("points") == "38.0,200.0 234.0,100.0 430.0,0.0"
    assert not list(series["voc"].iter(f"{SVG}polyline"))  # two points with a gap between: no line
    assert len(list(series["voc"])) == 2  # its two markers
    description = root.find(f"{SVG}desc").text
    assert "Overall: from 1.00 (2024-04-01) to 5.00 (2026-04-01)" in description
    legend = text_of(root)
    assert "Overall" in legend and "Voice" in legend


def test_series_differ_by_more_than_colour():
    series = [TrendSeries(f"d{n}", f"D{n}", (D("2"), D("3"))) for n in range(4)]
    root = parse(charts.trend_chart(["a", "b"], series, LEVELS))
    lines = [group.find(f"{SVG}polyline") for group in with_attribute(root, "g", "data-series")]
    assert len({line.get("stroke-dasharray") for line in lines}) == 4


def test_a_word_too_long_for_a_line_is_hyphenated():
    lines = charts.wrap("personalization", 60, 14, max_lines=4)
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == "personalization"
    assert all(charts.text_width(line, 14) <= 60 for line in lines)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.bar_chart(FOUR, LEVELS),
        lambda: charts.peer_chart(
            [charts.ChartPeerRow(d.code, d.label, d.score, D("2"), D("3"), D("4"), 6) for d in FOUR], LEVELS
        ),
    ],
)
def test_row_names_sit_on_a_white_plate_wide_enough_for_them(draw):
    """The level bands' lines would otherwise run through the names (1.8, 2.6, 3.4 and 4.2 are lines)."""
    rows = with_attribute(parse(draw()), "g", "data-row")
    assert len(rows) == len(FOUR)
    for row in rows:
        plate, name = row.find(f"{SVG}rect"), row.find(f"{SVG}text")
        assert plate.get("fill") == "#ffffff"
        assert float(plate.get("x")) <= float(name.get("x"))
        size = float(name.get("font-size"))
        assert float(plate.get("width")) >= charts.text_width(name.text, size)
        assert (
            float(plate.get("y"))
            <= float(name.get("y")) - size * 0.8
            < float(plate.get("y")) + float(plate.get("height"))
        )
