"""The radar chart: one axis per dimension from the centre (no score) to the top score, the level bands as
shaded rings, and the current scores, the targets and (with a benchmark) the peer median as shapes over
them."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from assessments.scoring import MAX_SCORE

from .colours import BRAND, GRID, MUTED, PEER, Palette
from .dimensions import ChartDimension, describe_dimensions
from .layout import WIDE, Layout
from .scale import ChartLevel, bands_legend, level_badge, level_bands
from .svg import attrs, legend, num, point_list, polyline_runs, score_text, svg_document, text_lines
from .text import wrap

MARGIN = 4.0
LABEL_GAP = 12  # between the outer ring and an axis label


def radar_angle(index: int, count: int) -> float:
    """The angle of axis ``index`` in radians, clockwise from the top."""
    return 2 * math.pi * index / count


def radar_point(index: int, count: int, score: Decimal, *, cx: float, cy: float, radius: float):
    """Where a score sits on its axis: the centre is 0, the end of the axis is the top score 5."""
    distance = float(score) / float(MAX_SCORE) * radius
    angle = radar_angle(index, count)
    return cx + distance * math.sin(angle), cy - distance * math.cos(angle)


@dataclass(frozen=True)
class _Radar:
    """``count`` axes around (``cx``, ``cy``), the top score at ``radius`` from the centre."""

    count: int
    cx: float
    cy: float
    radius: float

    def point(self, index: int, score: Decimal) -> tuple[float, float]:
        return radar_point(index, self.count, score, cx=self.cx, cy=self.cy, radius=self.radius)

    def ring(self, distance: float, **attributes) -> str:
        """A ring ``distance`` from the centre: a polygon through the axes, a circle for fewer than three."""
        if self.count >= 3:
            points = [
                (
                    self.cx + distance * math.sin(radar_angle(i, self.count)),
                    self.cy - distance * math.cos(radar_angle(i, self.count)),
                )
                for i in range(self.count)
            ]
            return f'<polygon points="{point_list(points)}"{attrs(attributes)}/>'
        return f'<circle cx="{num(self.cx)}" cy="{num(self.cy)}" r="{num(distance)}"{attrs(attributes)}/>'


def radar_chart(
    dimensions: Sequence[ChartDimension],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "radar",
    layout: Layout = WIDE,
    palette: Palette = BRAND,
) -> str:
    """Current scores and targets on one axis per dimension, over the level bands as shaded rings."""
    radar = _Radar(len(dimensions), layout.width / 2, 0.0, layout.radar_radius)
    bands = level_bands(levels)
    with_peers = any(dimension.peer_median is not None for dimension in dimensions)
    body = [
        *_level_rings(radar, bands, palette.band),
        *_axes(radar, dimensions),
        *_series(radar, dimensions, with_peers, palette),
        *_level_numbers(radar, bands),
    ]
    labels, top, bottom = _axis_labels(radar, dimensions, layout)
    body.extend(labels)
    drawn, legend_height = legend(
        _legend_entries(with_peers, palette), left=MARGIN, top=bottom + 18, width=layout.width - 2 * MARGIN
    )
    body.append(drawn)
    view_top = top - 8
    view_height = bottom + 18 + legend_height - view_top
    title, description = _title_and_description(dimensions, with_peers)
    return svg_document(
        (0, view_top, layout.width, view_height), title, description, id_prefix, "".join(body)
    )


def _level_rings(radar: _Radar, bands: Sequence[tuple[int, Decimal, Decimal]], band: str) -> list[str]:
    """Level bands as shaded rings (levels 1, 3 and 5), painted from the outside in; the outer edge is the top
    score, inside level 1 nothing can score."""
    parts = []
    for position, (_level, _low, high) in enumerate(reversed(bands)):
        shaded = (len(bands) - 1 - position) % 2 == 0
        parts.append(
            radar.ring(
                float(high) / float(MAX_SCORE) * radar.radius,
                fill=band if shaded else "#ffffff",
                stroke=GRID,
                stroke_width=1,
                stroke_dasharray="" if high == MAX_SCORE else "3 3",
            )
        )
    if bands:
        parts.append(
            radar.ring(
                float(bands[0][1]) / float(MAX_SCORE) * radar.radius,
                fill="#ffffff",
                stroke=GRID,
                stroke_width=1,
                stroke_dasharray="3 3",
            )
        )
    return parts


def _axes(radar: _Radar, dimensions: Sequence[ChartDimension]) -> list[str]:
    """One axis per dimension, dotted where the dimension has no score."""
    parts = []
    for index, dimension in enumerate(dimensions):
        x, y = radar.point(index, MAX_SCORE)
        attributes = {"stroke": GRID, "stroke_width": 1}
        if dimension.score is None:
            attributes["stroke_dasharray"] = "2 4"
        parts.append(
            f'<line x1="{num(radar.cx)}" y1="{num(radar.cy)}" x2="{num(x)}" y2="{num(y)}"{attrs(attributes)}'
            f' data-axis="{escape(dimension.code)}"/>'
        )
    return parts


def _series(
    radar: _Radar, dimensions: Sequence[ChartDimension], with_peers: bool, palette: Palette
) -> list[str]:
    """The target shape, the peer median's, the current one over them, and the current scores as points."""
    parts = _shape(
        radar,
        [dimension.target if dimension.score is not None else None for dimension in dimensions],
        fill="none",
        stroke=palette.target,
        stroke_width=2.5,
        stroke_dasharray="7 4",
        data_series="target",
    )
    if with_peers:
        parts += _shape(
            radar,
            [dimension.peer_median for dimension in dimensions],
            fill="none",
            stroke=PEER,
            stroke_width=2.5,
            stroke_dasharray="0.5 5",
            stroke_linecap="round",
            stroke_linejoin="round",
            data_series="peer-median",
        )
    parts += _shape(
        radar,
        [dimension.score for dimension in dimensions],
        fill=palette.current,
        fill_opacity="0.14",
        stroke=palette.current,
        stroke_width=3,
        stroke_linejoin="round",
        data_series="current",
    )
    for index, dimension in enumerate(dimensions):
        if dimension.score is not None:
            x, y = radar.point(index, dimension.score)
            parts.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{palette.current}" '
                f'stroke="#ffffff" stroke-width="1.5"'
                f' data-point="{escape(dimension.code)}"/>'
            )
    return parts


def _shape(radar: _Radar, values: Sequence[Decimal | None], **attributes) -> list[str]:
    """A closed shape through one value per axis, broken into lines where a value is missing."""
    points = [None if value is None else radar.point(index, value) for index, value in enumerate(values)]
    parts = []
    for run in polyline_runs(points, closed=True):
        if len(run) == radar.count and radar.count >= 3:
            parts.append(f'<polygon points="{point_list(run)}"{attrs(attributes)}/>')
        elif len(run) > 1:
            parts.append(f'<polyline points="{point_list(run)}"{attrs({**attributes, "fill": "none"})}/>')
    return parts


def _level_numbers(radar: _Radar, bands: Sequence[tuple[int, Decimal, Decimal]]) -> list[str]:
    """Level numbers in their bands, between the first two axes, drawn above the data."""
    label_angle = radar_angle(1, 2 * radar.count) if radar.count >= 2 else 0.5
    parts = []
    for level, low, high in bands:
        distance = float(low + high) / 2 / float(MAX_SCORE) * radar.radius
        parts.append(
            level_badge(
                radar.cx + distance * math.sin(label_angle),
                radar.cy - distance * math.cos(label_angle),
                level,
            )
        )
    return parts


def _axis_labels(
    radar: _Radar, dimensions: Sequence[ChartDimension], layout: Layout
) -> tuple[list[str], float, float]:
    """Axis labels outside the outer ring, and how far up and down the chart reaches with them."""
    parts, top, bottom = [], -radar.radius, radar.radius
    for index, dimension in enumerate(dimensions):
        label, block_top, height = _axis_label(radar, index, dimension, layout)
        parts.append(label)
        top, bottom = min(top, block_top), max(bottom, block_top + height)
    return parts, top, bottom


def _axis_label(
    radar: _Radar, index: int, dimension: ChartDimension, layout: Layout
) -> tuple[str, float, float]:
    """A dimension's name at the end of its axis, wrapped to the room left on its side (with a note when it
    has no score); the SVG, its top and its height."""
    size, line_height = layout.font_size, layout.font_size * 1.2
    angle = radar_angle(index, radar.count)
    sin, cos = math.sin(angle), math.cos(angle)
    x = radar.cx + (radar.radius + LABEL_GAP) * sin
    y = radar.cy - (radar.radius + LABEL_GAP) * cos
    anchor, room = _label_room(radar, x, sin, layout.width)
    lines = wrap(dimension.label, room, size, max_lines=4)
    note = wrap(_("not enough answers"), room, size * 0.85, max_lines=2) if dimension.score is None else []
    height = len(lines) * line_height + len(note) * size
    if cos > 0.3:
        block_top = y - height
    elif cos < -0.3:
        block_top = y
    else:
        block_top = y - height / 2
    label = (
        f'<g data-label="{escape(dimension.code)}">'
        + text_lines(x, block_top, lines, size=size, line_height=line_height, text_anchor=anchor)
        + text_lines(
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
    return label, block_top, height


def _label_room(radar: _Radar, x: float, sin: float, width: float) -> tuple[str, float]:
    """How a label at ``x`` is anchored, and how wide it may be."""
    if sin > 0.3:
        return "start", width - MARGIN - x
    if sin < -0.3:
        return "end", x - MARGIN
    # As wide as the gap between the neighbouring labels allows.
    between = (
        2 * (radar.radius + LABEL_GAP) * abs(math.sin(radar_angle(1, radar.count))) - 16
        if radar.count > 2
        else 220
    )
    return "middle", min(2 * min(x - MARGIN, width - MARGIN - x), max(between, 90))


def _legend_entries(with_peers: bool, palette: Palette) -> list[tuple[str, str]]:
    current = (
        f'<line x1="0" y1="0" x2="24" y2="0" stroke="{palette.current}" stroke-width="3"/>'
        f'<circle cx="12" cy="0" r="4" fill="{palette.current}"/>'
    )
    target = (
        f'<line x1="0" y1="0" x2="24" y2="0" stroke="{palette.target}" stroke-width="3" '
        'stroke-dasharray="6 3"/>'
    )
    peer_median = (
        f'<line x1="1" y1="0" x2="24" y2="0" stroke="{PEER}" stroke-width="2.5" stroke-dasharray="0.5 5" '
        'stroke-linecap="round"/>'
    )
    return [
        (current, _("Current score")),
        (target, _("Target level")),
        *([(peer_median, _("Peer median"))] if with_peers else []),
        bands_legend(palette),
    ]


def _title_and_description(dimensions: Sequence[ChartDimension], with_peers: bool) -> tuple[str, str]:
    if not with_peers:
        title = _("Radar chart of the current score and the target level per dimension")
        return title, describe_dimensions(dimensions)
    medians = "; ".join(
        _("%(name)s: %(score)s") % {"name": dimension.label, "score": score_text(dimension.peer_median)}
        for dimension in dimensions
        if dimension.peer_median is not None
    )
    title = _("Radar chart of the current score, the target level and the peer median per dimension")
    peer_medians = _("Peer median: %(medians)s.") % {"medians": medians}
    return title, f"{describe_dimensions(dimensions)} {peer_medians}"
