"""Server-rendered SVG charts: pure functions from plain values to an SVG string.

The same SVG goes into the HTML page and, later, into the WeasyPrint PDF, so a chart carries everything it
needs as presentation attributes (no CSS classes, no script) and its own legend. Output is deterministic:
coordinates are written with one decimal. Texts arrive in the active language (dimension names are passed in,
the few fixed words go through gettext); every text is escaped.

Conventions shared by the charts: scores run from 1 to 5; the lines of the grid are the bank's level
thresholds (where each maturity level begins), labelled with the level number; current scores are drawn in
the accent colour, targets dashed in orange.
"""

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

CURRENT = "#0b5c6b"
TARGET = "#b35900"
TEXT = "#212529"
MUTED = "#495057"  # 8.6:1 on white
PEER = "#6c757d"  # peers' figures: 4.7:1 on white, 4.2:1 on the bands
PEER_BOX = "#d5dadf"  # the middle half of the peers, outlined in PEER
GRID = "#adb5bd"
BAND = "#eef3f4"
FONT = "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', 'IPAexGothic', sans-serif"
MAX_SCORE = Decimal(5)
MIN_SCORE = Decimal(1)

# Trend series after the overall one: colours with at least 3:1 against white, each with its own dash
# pattern and marker so that no series is told apart by colour alone.
SERIES_COLOURS = ("#1f4e9c", "#2e7d32", "#8e24aa", "#c2185b", "#5d4037", "#8a6d00", "#37474f", "#d84315")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3")
SERIES_MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class ChartLevel:
    level: int
    min_score: Decimal


@dataclass(frozen=True)
class ChartDimension:
    code: str
    label: str
    score: Decimal | None  # None = not enough answers
    target: Decimal | None = None  # the target level's minimum score
    peer_median: Decimal | None = None  # the peer group's median, when there is a benchmark


@dataclass(frozen=True)
class TrendSeries:
    code: str
    label: str
    values: tuple[Decimal | None, ...]  # one per date; None = no score that time
    overall: bool = False


# Text measurement and wrapping. Fonts are not known here, so widths are estimated generously: a wide
# (East Asian) character takes one em, a Latin one about 0.6 em.

_NO_LINE_START = set("ー、。，．・：；！？)）]」』〕】ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("（「『〔【")
_NARROW = set("il.,:;'|!()[]{} ")
_WIDE_LATIN = set("mwMW@%")


def _char_width(char: str) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in _NARROW:
        return 0.32
    if char in _WIDE_LATIN or char.isupper():
        return 0.75
    return 0.58


def text_width(text: str, size: float) -> float:
    return sum(_char_width(char) for char in text) * size


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _script(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff" or char == "々":
        return "kanji"
    if "\u30a1" <= char <= "\u30fa" or char == "ー":
        return "katakana"
    if "\u3041" <= char <= "\u309f":
        return "hiragana"
    return "wide" if _is_wide(char) else "latin"


def _joins(char: str, kind: str, previous: str, glue: bool) -> bool:
    """Whether ``char`` (of script ``kind``) continues the token before it (of script ``previous``)."""
    return (
        glue
        or char in _NO_LINE_START
        or (kind == previous and kind in ("latin", "kanji", "katakana"))
        or (kind == "latin" and previous == "space")
        or (kind == "hiragana" and previous in ("kanji", "katakana"))
    )


def _tokens(text: str) -> list[str]:
    """Units not to break inside: Latin words (with the space before them), runs of kanji or of katakana with
    the particle that follows them (と, の…), and what may not end or start a line kept with its neighbour."""
    tokens: list[str] = []
    previous = ""  # the script of the last token
    glue = False  # the last token may not end a line
    for char in text:
        kind = "space" if char == " " else _script(char)
        if tokens and kind != "space" and _joins(char, kind, previous, glue):
            tokens[-1] += char
            if kind == "hiragana" and previous in ("kanji", "katakana"):
                previous = "particle"  # it ends the word
            elif char not in _NO_LINE_START:
                previous = kind
        else:
            tokens.append(char)
            previous = kind
        glue = char in _NO_LINE_END
    return tokens


def _break_long(token: str, max_width: float, size: float) -> list[str]:
    """A token too long for a line, in pieces that fit; a Latin word is hyphenated."""
    hyphen = "-" if not any(_is_wide(char) for char in token) else ""
    pieces, piece = [], ""
    for char in token:
        if piece and text_width(piece + char + hyphen, size) > max_width:
            if char in _NO_LINE_START and len(piece) > 1:
                pieces.append(piece[:-1])
                piece = piece[-1] + char
            else:
                pieces.append(piece + hyphen)
                piece = char
        else:
            piece += char
    return [*pieces, piece] if piece else pieces


def _greedy(tokens: Sequence[str], max_width: float, size: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = line + token if line else token.lstrip()
        if text_width(candidate, size) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        token = token.lstrip()
        pieces = _break_long(token, max_width, size) if text_width(token, size) > max_width else [token]
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def wrap(text: str, max_width: float, size: float, max_lines: int = 3) -> list[str]:
    """Lines of at most ``max_width`` (estimated), balanced in length; the last line ends with … if the
    text does not fit in ``max_lines``."""
    tokens = _tokens(" ".join(text.split()))
    lines = _greedy(tokens, max_width, size)
    if 1 < len(lines) <= max_lines:
        # The narrowest width that needs no more lines, so that no line is left with a word or two.
        width = max_width
        widest_token = max(text_width(token.strip(), size) for token in tokens)
        # Tokens that fit stay whole; a token too long for any line is broken anyway, evenly.
        floor = widest_token if widest_token <= max_width else size * 2
        while width - size / 2 >= floor:
            narrower = _greedy(tokens, width - size / 2, size)
            if len(narrower) > len(lines):
                break
            width, lines = width - size / 2, narrower
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


# SVG helpers


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _attrs(attributes: dict) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None and value != ""
    )


def _text(x: float, y: float, content: str, *, size: float = 15, **attributes) -> str:
    attributes.setdefault("fill", TEXT)
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"{_attrs(attributes)}>{escape(content)}</text>'
    )


def _lines(
    x: float, top: float, lines: Sequence[str], *, size: float, line_height: float, **attributes
) -> str:
    """Lines of text whose first line's top is at ``top`` (the baseline is about 0.8 em lower)."""
    return "".join(
        _text(x, top + size * 0.8 + index * line_height, line, size=size, **attributes)
        for index, line in enumerate(lines)
    )


def _row_label(
    x: float, top: float, lines: Sequence[str], *, size: float, line_height: float, **attributes
) -> str:
    """A row's name over a white plate, so that the level bands' lines do not run through its letters."""
    width = max(text_width(line, size) for line in lines) + size * 0.4
    plate = (
        f'<rect x="{_n(x - 2)}" y="{_n(top - 1)}" width="{_n(width + 4)}" '
        f'height="{_n(len(lines) * line_height + 2)}" fill="#ffffff" fill-opacity="0.92" rx="2"/>'
    )
    return plate + _lines(x, top, lines, size=size, line_height=line_height, **attributes)


def _svg(
    view_box: tuple[float, float, float, float], title: str, description: str, id_prefix: str, body: str
):
    x, y, width, height = view_box
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x)} {_n(y)} {_n(width)} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{escape(FONT)}" class="chart">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def _score(value: Decimal) -> str:
    return f"{value:.2f}"


def _polyline_runs(points: Sequence[tuple[float, float] | None], closed: bool) -> list[list[tuple]]:
    """Consecutive defined points; with ``closed`` the run through the last and first points is joined."""
    runs, run = [], []
    for point in points:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    if run:
        runs.append(run)
    if closed and len(runs) > 1 and points[0] is not None and points[-1] is not None:
        runs[0] = runs.pop() + runs[0]
    return runs


def _marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    if shape == "square":
        return (
            f'<rect x="{_n(x - size)}" y="{_n(y - size)}" width="{_n(2 * size)}" height="{_n(2 * size)}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        points = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)]
        return f'<polygon points="{_points(points)}" fill="{colour}"/>'
    if shape == "diamond":
        points = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
        return f'<polygon points="{_points(points)}" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}"/>'


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _legend(items: Sequence[tuple[str, str]], *, left: float, top: float, width: float, size: float = 14):
    """Legend entries (a swatch drawn around 0..24 × -8..8, a label) flowing in rows.

    Returns the SVG and its height."""
    parts, x, y, line_height = [], left, top, size * 1.6
    for swatch, label in items:
        lines = wrap(label, width - 32, size, max_lines=2)
        item_width = 32 + max(text_width(line, size) for line in lines)
        if x > left and x + item_width > left + width:
            x, y = left, y + line_height
        parts.append(f'<g transform="translate({_n(x)} {_n(y + size * 0.5)})">{swatch}</g>')
        parts.append(_lines(x + 30, y, lines, size=size, line_height=size * 1.25))
        if len(lines) > 1:
            x, y = left, y + line_height + (len(lines) - 1) * size * 1.25
        else:
            x += item_width + 18
    return "".join(parts), y + line_height - top


def _badge(x: float, y: float, number: int) -> str:
    """A level number in a small circle: how every chart names its level bands."""
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="8" fill="#ffffff" stroke="{GRID}" stroke-width="1"/>'
        + _text(x, y + 4, str(number), size=11, fill=MUTED, text_anchor="middle", font_weight="600")
    )


def _bands(levels: Sequence[ChartLevel]) -> list[tuple[int, Decimal, Decimal]]:
    """(level, lowest score, highest score) of each level's band, from level 1 up."""
    ordered = sorted(levels, key=lambda level: level.min_score)
    ends = [level.min_score for level in ordered[1:]] + [MAX_SCORE]
    return [(level.level, level.min_score, end) for level, end in zip(ordered, ends, strict=True)]


def _bands_legend() -> tuple[str, str]:
    return (
        f'<rect x="0" y="-8" width="24" height="16" fill="{BAND}" stroke="{GRID}"/>'
        + _text(12, 4, "1", size=11, fill=MUTED, text_anchor="middle", font_weight="600"),
        _("Bands: maturity levels 1–5"),
    )


def _current_swatch() -> str:
    return (
        f'<line x1="0" y1="0" x2="24" y2="0" stroke="{CURRENT}" stroke-width="3"/>'
        f'<circle cx="12" cy="0" r="4" fill="{CURRENT}"/>'
    )


def _target_swatch() -> str:
    return f'<line x1="0" y1="0" x2="24" y2="0" stroke="{TARGET}" stroke-width="3" stroke-dasharray="6 3"/>'


def _describe(dimensions: Sequence[ChartDimension]) -> str:
    parts = []
    for dimension in dimensions:
        if dimension.score is None:
            parts.append(_("%(name)s: not enough answers") % {"name": dimension.label})
        elif dimension.target is None:
            parts.append(
                _("%(name)s: %(score)s") % {"name": dimension.label, "score": _score(dimension.score)}
            )
        else:
            parts.append(
                _("%(name)s: %(score)s (target %(target)s)")
                % {
                    "name": dimension.label,
                    "score": _score(dimension.score),
                    "target": _score(dimension.target),
                }
            )
    return "; ".join(parts) + "."


# Radar chart


# Sizes in SVG units. Charts are drawn at 100 % of their container: a page shows the wide layout on large
# screens and the compact one (larger text for its width) on phones, where 320 px leave about 296 for it.
@dataclass(frozen=True)
class Layout:
    width: float
    font_size: float
    radar_radius: float  # leaves room on each side for labels of about seven Japanese characters


WIDE = Layout(width=460, font_size=15, radar_radius=108)
COMPACT = Layout(width=340, font_size=14, radar_radius=72)


def radar_angle(index: int, count: int) -> float:
    """The angle of axis ``index`` in radians, clockwise from the top."""
    return 2 * math.pi * index / count


def radar_point(index: int, count: int, score: Decimal, *, cx: float, cy: float, radius: float):
    """Where a score sits on its axis: the centre is 0, the end of the axis is the top score 5."""
    distance = float(score) / float(MAX_SCORE) * radius
    angle = radar_angle(index, count)
    return cx + distance * math.sin(angle), cy - distance * math.cos(angle)


def radar_chart(
    dimensions: Sequence[ChartDimension],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "radar",
    layout: Layout = WIDE,
) -> str:
    """Current scores and targets on one axis per dimension, over the level bands as shaded rings."""
    count = len(dimensions)
    width = layout.width
    cx, cy, radius = width / 2, 0.0, layout.radar_radius
    size, line_height, margin = layout.font_size, layout.font_size * 1.2, 4.0
    body, top, bottom = [], -radius, radius

    def ring_shape(distance: float, **attributes) -> str:
        if count >= 3:
            points = [
                (
                    cx + distance * math.sin(radar_angle(i, count)),
                    cy - distance * math.cos(radar_angle(i, count)),
                )
                for i in range(count)
            ]
            return f'<polygon points="{_points(points)}"{_attrs(attributes)}/>'
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(distance)}"{_attrs(attributes)}/>'

    # Level bands as shaded rings (levels 1, 3 and 5), painted from the outside in; the outer edge is the
    # top score, inside level 1 nothing can score.
    bands = _bands(levels)
    for position, (_level, _low, high) in enumerate(reversed(bands)):
        shaded = (len(bands) - 1 - position) % 2 == 0
        body.append(
            ring_shape(
                float(high) / float(MAX_SCORE) * radius,
                fill=BAND if shaded else "#ffffff",
                stroke=GRID,
                stroke_width=1,
                stroke_dasharray="" if high == MAX_SCORE else "3 3",
            )
        )
    if bands:
        body.append(
            ring_shape(
                float(bands[0][1]) / float(MAX_SCORE) * radius,
                fill="#ffffff",
                stroke=GRID,
                stroke_width=1,
                stroke_dasharray="3 3",
            )
        )
    for index, dimension in enumerate(dimensions):
        x, y = radar_point(index, count, MAX_SCORE, cx=cx, cy=cy, radius=radius)
        attributes = {"stroke": GRID, "stroke_width": 1}
        if dimension.score is None:
            attributes["stroke_dasharray"] = "2 4"
        body.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}"{_attrs(attributes)}'
            f' data-axis="{escape(dimension.code)}"/>'
        )

    # Target and current shapes, broken where a dimension has no score.
    def shape(values: Sequence[Decimal | None], **attributes) -> None:
        points = [
            None if value is None else radar_point(index, count, value, cx=cx, cy=cy, radius=radius)
            for index, value in enumerate(values)
        ]
        for run in _polyline_runs(points, closed=True):
            if len(run) == count and count >= 3:
                body.append(f'<polygon points="{_points(run)}"{_attrs(attributes)}/>')
            elif len(run) > 1:
                body.append(f'<polyline points="{_points(run)}"{_attrs({**attributes, "fill": "none"})}/>')

    shape(
        [dimension.target if dimension.score is not None else None for dimension in dimensions],
        fill="none",
        stroke=TARGET,
        stroke_width=2.5,
        stroke_dasharray="7 4",
        data_series="target",
    )
    with_peers = any(dimension.peer_median is not None for dimension in dimensions)
    if with_peers:
        shape(
            [dimension.peer_median for dimension in dimensions],
            fill="none",
            stroke=PEER,
            stroke_width=2.5,
            stroke_dasharray="0.5 5",
            stroke_linecap="round",
            stroke_linejoin="round",
            data_series="peer-median",
        )
    shape(
        [dimension.score for dimension in dimensions],
        fill=CURRENT,
        fill_opacity="0.14",
        stroke=CURRENT,
        stroke_width=3,
        stroke_linejoin="round",
        data_series="current",
    )
    for index, dimension in enumerate(dimensions):
        if dimension.score is not None:
            x, y = radar_point(index, count, dimension.score, cx=cx, cy=cy, radius=radius)
            body.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{CURRENT}" '
                f'stroke="#ffffff" stroke-width="1.5"'
                f' data-point="{escape(dimension.code)}"/>'
            )

    # Level numbers in their bands, between the first two axes, above the data.
    label_angle = radar_angle(1, 2 * count) if count >= 2 else 0.5
    for level, low, high in bands:
        distance = float(low + high) / 2 / float(MAX_SCORE) * radius
        body.append(
            _badge(cx + distance * math.sin(label_angle), cy - distance * math.cos(label_angle), level)
        )

    # Axis labels outside the outer ring, wrapped to the room left on their side.
    for index, dimension in enumerate(dimensions):
        angle = radar_angle(index, count)
        sin, cos = math.sin(angle), math.cos(angle)
        x = cx + (radius + 12) * sin
        y = cy - (radius + 12) * cos
        if sin > 0.3:
            anchor, room = "start", width - margin - x
        elif sin < -0.3:
            anchor, room = "end", x - margin
        else:
            # As wide as the gap between the neighbouring labels allows.
            between = 2 * (radius + 12) * abs(math.sin(radar_angle(1, count))) - 16 if count > 2 else 220
            anchor, room = "middle", min(2 * min(x - margin, width - margin - x), max(between, 90))
        lines = wrap(dimension.label, room, size, max_lines=4)
        note = (
            wrap(_("not enough answers"), room, size * 0.85, max_lines=2) if dimension.score is None else []
        )
        height = len(lines) * line_height + len(note) * size
        if cos > 0.3:
            block_top = y - height
        elif cos < -0.3:
            block_top = y
        else:
            block_top = y - height / 2
        body.append(
            f'<g data-label="{escape(dimension.code)}">'
            + _lines(x, block_top, lines, size=size, line_height=line_height, text_anchor=anchor)
            + _lines(
                x,
                block_top + len(lines) * line_height,
                note,
                size=size * 0.85,
                line_height=size,
                text_anchor=anchor,
                fill=MUTED,
                font_style="italic",
            )
            + "</g>"
        )
        top, bottom = min(top, block_top), max(bottom, block_top + height)

    legend, legend_height = _legend(
        [
            (_current_swatch(), _("Current score")),
            (_target_swatch(), _("Target level")),
            *([(_peer_median_swatch(), _("Peer median"))] if with_peers else []),
            _bands_legend(),
        ],
        left=margin,
        top=bottom + 18,
        width=width - 2 * margin,
    )
    body.append(legend)
    view_top = top - 8
    view_height = bottom + 18 + legend_height - view_top
    if with_peers:
        title = _("Radar chart of the current score, the target level and the peer median per dimension")
        description = f"{_describe(dimensions)} {_describe_peer_medians(dimensions)}"
    else:
        title = _("Radar chart of the current score and the target level per dimension")
        description = _describe(dimensions)
    return _svg((0, view_top, width, view_height), title, description, id_prefix, "".join(body))


def _peer_median_swatch() -> str:
    return (
        f'<line x1="1" y1="0" x2="24" y2="0" stroke="{PEER}" stroke-width="2.5" stroke-dasharray="0.5 5" '
        'stroke-linecap="round"/>'
    )


def _describe_peer_medians(dimensions: Sequence[ChartDimension]) -> str:
    medians = "; ".join(
        _("%(name)s: %(score)s") % {"name": dimension.label, "score": _score(dimension.peer_median)}
        for dimension in dimensions
        if dimension.peer_median is not None
    )
    return _("Peer median: %(medians)s.") % {"medians": medians}


# Horizontal bar chart

BAR_HEIGHT = 18


def bar_x(score: Decimal, *, left: float, right: float) -> float:
    """The horizontal position of a score on the 1–5 scale between ``left`` and ``right``."""
    return left + float((score - MIN_SCORE) / (MAX_SCORE - MIN_SCORE)) * (right - left)


def _band_columns(levels: Sequence[ChartLevel], *, left: float, right: float, bottom: float) -> list[str]:
    """The level bands of a horizontal score chart (levels 1, 3 and 5 shaded), numbered on top."""
    parts = []
    for position, (level, low, high) in enumerate(_bands(levels)):
        start, end = bar_x(low, left=left, right=right), bar_x(high, left=left, right=right)
        if position % 2 == 0:
            parts.append(
                f'<rect x="{_n(start)}" y="0" width="{_n(end - start)}" height="{_n(bottom)}" fill="{BAND}"/>'
            )
        parts.append(
            f'<line x1="{_n(start)}" y1="0" x2="{_n(start)}" y2="{_n(bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_badge((start + end) / 2, 11, level))
    return parts


def _score_axis(*, left: float, right: float, bottom: float) -> list[str]:
    """The 1–5 score axis under a horizontal score chart."""
    parts = [
        f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for score in range(int(MIN_SCORE), int(MAX_SCORE) + 1):
        x = bar_x(Decimal(score), left=left, right=right)
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 5)}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        anchor = "start" if score == MIN_SCORE else "end" if score == MAX_SCORE else "middle"
        parts.append(_text(x, bottom + 19, str(score), size=13, fill=MUTED, text_anchor=anchor))
    return parts


def _empty_track(message: str, *, left: float, right: float, top: float, size: float) -> list[str]:
    """A dashed, empty row of a horizontal score chart, saying why it has no bar."""
    return [
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" height="{BAR_HEIGHT}" '
        f'fill="#ffffff" stroke="{GRID}" stroke-dasharray="4 3"/>',
        _text(left + 8, top + BAR_HEIGHT - 4.5, message, size=size * 0.85, fill=MUTED, font_style="italic"),
    ]


def _score_chart(
    body: list[str],
    legend: list[tuple[str, str]],
    *,
    left: float,
    right: float,
    bottom: float,
    margin: float,
    layout: Layout,
    title: str,
    description: str,
    id_prefix: str,
) -> str:
    """A horizontal score chart finished: its rows (``body``), the 1–5 axis under them, the legend (the
    chart's own entries, then the level bands) and the <svg> around it all."""
    body = [*body, *_score_axis(left=left, right=right, bottom=bottom)]
    drawn, legend_height = _legend(
        [*legend, _bands_legend()], left=margin, top=bottom + 34, width=layout.width - 2 * margin
    )
    body.append(drawn)
    view_box = (0, 0, layout.width, bottom + 34 + legend_height)
    return _svg(view_box, title, description, id_prefix, "".join(body))


def bar_chart(
    dimensions: Sequence[ChartDimension],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "bars",
    layout: Layout = WIDE,
) -> str:
    """One row per dimension: its name and score, a bar from 1 to the score and a dashed target marker,
    over the level bands; a score axis from 1 to 5 below."""
    width, margin, size = layout.width, 8.0, layout.font_size
    left, right = margin + 4, width - margin - 4
    value_room = 52
    line_height = size * 1.2
    body, rows = [], []
    y = 26.0  # below the band numbers
    for dimension in dimensions:
        lines = wrap(dimension.label, right - left - value_room, size, max_lines=2)
        label_top = y
        bar_top = y + len(lines) * line_height + 6
        rows.append((dimension, lines, label_top, bar_top))
        y = bar_top + BAR_HEIGHT + 16
    chart_bottom = y - 10

    body.extend(_band_columns(levels, left=left, right=right, bottom=chart_bottom))

    for dimension, lines, label_top, bar_top in rows:
        body.append(f'<g data-row="{escape(dimension.code)}">')
        body.append(_row_label(left, label_top, lines, size=size, line_height=line_height))
        if dimension.score is None:
            body.append(_text(right, label_top + size * 0.8, "—", size=size, text_anchor="end", fill=MUTED))
            body.extend(_empty_track(_("Not enough answers"), left=left, right=right, top=bar_top, size=size))
        else:
            end = bar_x(dimension.score, left=left, right=right)
            body.append(
                _text(
                    right,
                    label_top + size * 0.8,
                    _score(dimension.score),
                    size=size,
                    text_anchor="end",
                    font_weight="700",
                )
            )
            body.append(
                f'<rect x="{_n(left)}" y="{_n(bar_top)}" width="{_n(max(end - left, 2))}" '
                f'height="{BAR_HEIGHT}" fill="{CURRENT}" data-bar="{escape(dimension.code)}"/>'
            )
            if dimension.target is not None:
                x = bar_x(dimension.target, left=left, right=right)
                body.append(
                    f'<line x1="{_n(x)}" y1="{_n(bar_top - 5)}" '
                    f'x2="{_n(x)}" y2="{_n(bar_top + BAR_HEIGHT + 5)}" '
                    f'stroke="{TARGET}" stroke-width="3" stroke-dasharray="5 2" '
                    f'data-target="{escape(dimension.code)}"/>'
                )
        body.append("</g>")

    legend = [
        (f'<rect x="0" y="-6" width="24" height="12" fill="{CURRENT}"/>', _("Current score")),
        (
            f'<line x1="12" y1="-8" x2="12" y2="8" stroke="{TARGET}" stroke-width="3" '
            f'stroke-dasharray="5 2"/>',
            _("Target level"),
        ),
    ]
    return _score_chart(
        body,
        legend,
        left=left,
        right=right,
        bottom=chart_bottom,
        margin=margin,
        layout=layout,
        title=_("Bar chart of the current score per dimension, with its target level"),
        description=_describe(dimensions),
        id_prefix=id_prefix,
    )


# Peer comparison


@dataclass(frozen=True)
class ChartPeerRow:
    code: str
    label: str
    score: Decimal | None  # the organization's own; None = not enough answers
    p25: Decimal | None = None  # the peers' quartiles; None = no comparison for this row
    median: Decimal | None = None
    p75: Decimal | None = None
    n: int = 0  # peers with a score
    overall: bool = False  # the overall score's row, set in bold


def _peer_box_swatch() -> str:
    return f'<rect x="0" y="-7" width="24" height="14" fill="{PEER_BOX}" stroke="{PEER}" stroke-width="1.5"/>'


def _median_swatch() -> str:
    return f'<line x1="12" y1="-9" x2="12" y2="9" stroke="{TEXT}" stroke-width="3"/>'


def _own_marker(x: float, y: float, size: float = 7.0, **attributes) -> str:
    points = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    return (
        f'<polygon points="{_points(points)}" fill="{CURRENT}" stroke="#ffffff" stroke-width="1.5"'
        f"{_attrs(attributes)}/>"
    )


def peer_chart(
    rows: Sequence[ChartPeerRow],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "peers",
    layout: Layout = WIDE,
) -> str:
    """One row per dimension (and the overall score): a box over the middle half of the peers (25th to 75th
    percentile) with a tick at their median, and the organization's own score as a marker, over the level
    bands; a score axis from 1 to 5 below."""
    width, margin, size = layout.width, 8.0, layout.font_size
    left, right = margin + 8, width - margin - 8
    value_room = 52
    line_height = size * 1.2
    body, placed = [], []
    y = 26.0  # below the band numbers
    for row in rows:
        lines = wrap(row.label, right - left - value_room, size, max_lines=2)
        track_top = y + len(lines) * line_height + 8
        placed.append((row, lines, y, track_top))
        y = track_top + BAR_HEIGHT + 18
    chart_bottom = y - 10

    body.extend(_band_columns(levels, left=left, right=right, bottom=chart_bottom))

    for row, lines, label_top, track_top in placed:
        middle = track_top + BAR_HEIGHT / 2
        body.append(f'<g data-row="{escape(row.code)}">')
        weight = "700" if row.overall else None
        body.append(
            _row_label(left, label_top, lines, size=size, line_height=line_height, font_weight=weight)
        )
        body.append(
            _text(
                right,
                label_top + size * 0.8,
                _score(row.score) if row.score is not None else "—",
                size=size,
                text_anchor="end",
                font_weight="700",
                fill=TEXT if row.score is not None else MUTED,
            )
        )
        if row.median is None or row.p25 is None or row.p75 is None:
            body.extend(
                _empty_track(
                    _("Too few peers with a score"), left=left, right=right, top=track_top, size=size
                )
            )
        else:
            low, high = bar_x(row.p25, left=left, right=right), bar_x(row.p75, left=left, right=right)
            body.append(
                f'<line x1="{_n(left)}" y1="{_n(middle)}" x2="{_n(right)}" y2="{_n(middle)}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            body.append(
                f'<rect x="{_n(low)}" y="{_n(track_top)}" width="{_n(max(high - low, 2))}" '
                f'height="{BAR_HEIGHT}" fill="{PEER_BOX}" stroke="{PEER}" stroke-width="1.5" '
                f'data-box="{escape(row.code)}"/>'
            )
            x = bar_x(row.median, left=left, right=right)
            body.append(
                f'<line x1="{_n(x)}" y1="{_n(track_top - 4)}" '
                f'x2="{_n(x)}" y2="{_n(track_top + BAR_HEIGHT + 4)}" '
                f'stroke="{TEXT}" stroke-width="3" data-median="{escape(row.code)}"/>'
            )
        if row.score is not None:
            body.append(
                _own_marker(bar_x(row.score, left=left, right=right), middle, data_own=escape(row.code))
            )
        body.append("</g>")

    legend = [
        (_own_marker(12, 0, size=6), _("Your score")),
        (_median_swatch(), _("Peer median")),
        (_peer_box_swatch(), _("Middle half of the peers (25th to 75th percentile)")),
    ]
    return _score_chart(
        body,
        legend,
        left=left,
        right=right,
        bottom=chart_bottom,
        margin=margin,
        layout=layout,
        title=_("Your score per dimension against the peers' median and middle half"),
        description=_describe_peers(rows),
        id_prefix=id_prefix,
    )


def _describe_peers(rows: Sequence[ChartPeerRow]) -> str:
    parts = []
    for row in rows:
        own = _score(row.score) if row.score is not None else _("not enough answers")
        if row.median is None or row.p25 is None or row.p75 is None:
            message = _("%(name)s: your score %(own)s; too few peers with a score")
            parts.append(message % {"name": row.label, "own": own})
        else:
            parts.append(
                _(
                    "%(name)s: your score %(own)s; peer median %(median)s, middle half from %(p25)s to "
                    "%(p75)s (%(n)s peers)"
                )
                % {
                    "name": row.label,
                    "own": own,
                    "median": _score(row.median),
                    "p25": _score(row.p25),
                    "p75": _score(row.p75),
                    "n": row.n,
                }
            )
    return "; ".join(parts) + "."


# Trend chart

TREND_PLOT_HEIGHT = 200


def trend_chart(
    dates: Sequence[str],
    series: Sequence[TrendSeries],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "trend",
    layout: Layout = WIDE,
) -> str:
    """Scores over time, one line per series (the overall one thicker); a single date shows points only."""
    width, margin, size = layout.width, 8.0, layout.font_size
    left, right = margin + 30, width - margin - 22
    top, bottom = 0.0, TREND_PLOT_HEIGHT
    count = len(dates)

    def x_at(index: int) -> float:
        if count <= 1:
            return (left + right) / 2
        return left + (right - left) * index / (count - 1)

    def y_at(score: Decimal) -> float:
        return bottom - float((score - MIN_SCORE) / (MAX_SCORE - MIN_SCORE)) * (bottom - top)

    # Level bands (levels 1, 3 and 5 shaded) numbered on the right, the score axis on the left.
    body = []
    for position, (level, low, high) in enumerate(_bands(levels)):
        if position % 2 == 0:
            body.append(
                f'<rect x="{_n(left)}" y="{_n(y_at(high))}" width="{_n(right - left)}" '
                f'height="{_n(y_at(low) - y_at(high))}" fill="{BAND}"/>'
            )
        body.append(_badge(right + 12, (y_at(low) + y_at(high)) / 2, level))
    body.append(
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" height="{_n(bottom - top)}" '
        f'fill="none" stroke="{GRID}"/>'
    )
    for score in range(int(MIN_SCORE), int(MAX_SCORE) + 1):
        y = y_at(Decimal(score))
        body.append(f'<line x1="{_n(left - 5)}" y1="{_n(y)}" x2="{_n(left)}" y2="{_n(y)}" stroke="{MUTED}"/>')
        body.append(_text(left - 8, y + 4.5, str(score), size=size, fill=MUTED, text_anchor="end"))
    body.append(_text(left - 30, top - 10, _("Score"), size=size, fill=MUTED))

    # Date labels, thinned out so that they do not overlap.
    widest = max((text_width(label, size) for label in dates), default=0) + 10
    step = max(1, math.ceil(widest / ((right - left) / max(count - 1, 1)))) if count > 1 else 1
    for index, label in enumerate(dates):
        if index % step and index != count - 1:
            continue
        if count > 1 and index != count - 1 and count - 1 - index < step:
            continue  # leave room for the last date
        anchor = "middle"
        if count > 1 and index == 0:
            anchor = "start"
        elif count > 1 and index == count - 1:
            anchor = "end"
        x = x_at(index)
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 5)}" stroke="{GRID}"/>'
        )
        body.append(_text(x, bottom + 20, label, size=size, fill=MUTED, text_anchor=anchor))

    legend_items, on_top = [], []  # the overall line is drawn last, over the dimensions
    for position, entry in enumerate(series):
        if entry.overall:
            colour, dash, marker, stroke = CURRENT, "", "circle", 4
        else:
            rank = position - (1 if series[0].overall else 0)
            colour = SERIES_COLOURS[rank % len(SERIES_COLOURS)]
            dash = SERIES_DASHES[rank % len(SERIES_DASHES)]
            marker = SERIES_MARKERS[rank % len(SERIES_MARKERS)]
            stroke = 2
        points = [None if value is None else (x_at(i), y_at(value)) for i, value in enumerate(entry.values)]
        group = [f'<g data-series="{escape(entry.code)}">']
        if count > 1:
            for run in _polyline_runs(points, closed=False):
                if len(run) > 1:
                    group.append(
                        f'<polyline points="{_points(run)}" fill="none" stroke="{colour}" '
                        f'stroke-width="{stroke}"{_attrs({"stroke_dasharray": dash})} '
                        'stroke-linejoin="round"/>'
                    )
        for point in points:
            if point is not None:
                group.append(_marker(marker, *point, colour, size=5.5 if entry.overall else 4))
        group.append("</g>")
        if entry.overall:
            on_top.extend(group)
        else:
            body.extend(group)
        swatch = (
            f'<line x1="0" y1="0" x2="24" y2="0" stroke="{colour}" stroke-width="{stroke}"'
            f"{_attrs({'stroke_dasharray': dash})}/>" + _marker(marker, 12, 0, colour, size=4)
        )
        legend_items.append((swatch, entry.label))

    body.extend(on_top)
    legend, legend_height = _legend(
        [*legend_items, _bands_legend()],
        left=margin,
        top=bottom + 36,
        width=width - 2 * margin,
        size=size,
    )
    body.append(legend)
    view_top = top - 26
    description = _describe_trend(dates, series)
    return _svg(
        (0, view_top, width, bottom + 36 + legend_height - view_top),
        _("Scores over time, overall and per dimension"),
        description,
        id_prefix,
        "".join(body),
    )


def _describe_trend(dates: Sequence[str], series: Sequence[TrendSeries]) -> str:
    if len(dates) == 1:
        return _("One assessment so far (%(date)s): points only, no trend yet.") % {"date": dates[0]}
    parts = []
    for entry in series:
        defined = [
            (date, value) for date, value in zip(dates, entry.values, strict=True) if value is not None
        ]
        if not defined:
            parts.append(_("%(name)s: no scores") % {"name": entry.label})
            continue
        (first_date, first), (last_date, last) = defined[0], defined[-1]
        parts.append(
            _("%(name)s: from %(first)s (%(first_date)s) to %(last)s (%(last_date)s)")
            % {
                "name": entry.label,
                "first": _score(first),
                "first_date": first_date,
                "last": _score(last),
                "last_date": last_date,
            }
        )
    return "; ".join(parts) + "."
