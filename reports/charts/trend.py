"""The trend chart: scores over time, the overall one and one line per dimension, over the level bands."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from assessments.scoring import MAX_SCORE, MIN_SCORE

from .colours import BRAND, GRID, MUTED, Palette
from .layout import WIDE, Layout
from .scale import ChartLevel, bands_legend, level_badge, level_bands, scale_position
from .svg import attrs, legend, marker, num, point_list, polyline_runs, score_text, svg_document, svg_text
from .text import text_width

TREND_PLOT_HEIGHT = 200
MARGIN = 8.0

# Series after the overall one: colours with at least 3:1 against white, each with its own dash pattern and
# marker so that no series is told apart by colour alone.
SERIES_COLOURS = ("#1f4e9c", "#2e7d32", "#8e24aa", "#c2185b", "#5d4037", "#8a6d00", "#37474f", "#d84315")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3")
SERIES_MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class TrendSeries:
    code: str
    label: str
    values: tuple[Decimal | None, ...]  # one per date; None = no score that time
    overall: bool = False


@dataclass(frozen=True)
class _Plot:
    """The plot: ``count`` dates from ``left`` to ``right``, scores from 1 at ``bottom`` to 5 at ``top``."""

    left: float
    right: float
    top: float
    bottom: float
    count: int

    def x_at(self, index: int) -> float:
        if self.count <= 1:
            return (self.left + self.right) / 2
        return self.left + (self.right - self.left) * index / (self.count - 1)

    def y_at(self, score: Decimal) -> float:
        return self.bottom - scale_position(score) * (self.bottom - self.top)


@dataclass(frozen=True)
class _Style:
    colour: str
    dash: str
    marker: str
    stroke: float


def trend_chart(
    dates: Sequence[str],
    series: Sequence[TrendSeries],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "trend",
    layout: Layout = WIDE,
    palette: Palette = BRAND,
) -> str:
    """Scores over time, one line per series (the overall one thicker); a single date shows points only."""
    width, size = layout.width, layout.font_size
    plot = _Plot(
        left=MARGIN + 30, right=width - MARGIN - 22, top=0.0, bottom=TREND_PLOT_HEIGHT, count=len(dates)
    )
    lines, legend_entries = _series_lines(series, plot, palette.current)
    body = [*_bands_and_scores(levels, plot, size, palette.band), *_date_labels(dates, plot, size), *lines]
    drawn, legend_height = legend(
        [*legend_entries, bands_legend(palette)],
        left=MARGIN,
        top=plot.bottom + 36,
        width=width - 2 * MARGIN,
        size=size,
    )
    body.append(drawn)
    view_top = plot.top - 26
    return svg_document(
        (0, view_top, width, plot.bottom + 36 + legend_height - view_top),
        _("Scores over time, overall and per dimension"),
        _describe_trend(dates, series),
        id_prefix,
        "".join(body),
    )


def _bands_and_scores(levels: Sequence[ChartLevel], plot: _Plot, size: float, band: str) -> list[str]:
    """Level bands (levels 1, 3 and 5 shaded) numbered on the right, the score axis on the left."""
    left, right, top, bottom = plot.left, plot.right, plot.top, plot.bottom
    parts = []
    for position, (level, low, high) in enumerate(level_bands(levels)):
        if position % 2 == 0:
            parts.append(
                f'<rect x="{num(left)}" y="{num(plot.y_at(high))}" width="{num(right - left)}" '
                f'height="{num(plot.y_at(low) - plot.y_at(high))}" fill="{band}"/>'
            )
        parts.append(level_badge(right + 12, (plot.y_at(low) + plot.y_at(high)) / 2, level))
    parts.append(
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(right - left)}" height="{num(bottom - top)}" '
        f'fill="none" stroke="{GRID}"/>'
    )
    for score in range(int(MIN_SCORE), int(MAX_SCORE) + 1):
        y = plot.y_at(Decimal(score))
        parts.append(
            f'<line x1="{num(left - 5)}" y1="{num(y)}" x2="{num(left)}" y2="{num(y)}" stroke="{MUTED}"/>'
        )
        parts.append(svg_text(left - 8, y + 4.5, str(score), size=size, fill=MUTED, text_anchor="end"))
    parts.append(svg_text(left - 30, top - 10, _("Score"), size=size, fill=MUTED))
    return parts


def _date_labels(dates: Sequence[str], plot: _Plot, size: float) -> list[str]:
    """Date labels under the plot, thinned out so that they do not overlap."""
    count = plot.count
    widest = max((text_width(label, size) for label in dates), default=0) + 10
    step = max(1, math.ceil(widest / ((plot.right - plot.left) / max(count - 1, 1)))) if count > 1 else 1
    parts = []
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
        x = plot.x_at(index)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(plot.bottom)}" x2="{num(x)}" y2="{num(plot.bottom + 5)}" '
            f'stroke="{GRID}"/>'
        )
        parts.append(svg_text(x, plot.bottom + 20, label, size=size, fill=MUTED, text_anchor=anchor))
    return parts


def _series_lines(
    series: Sequence[TrendSeries], plot: _Plot, current: str
) -> tuple[list[str], list[tuple[str, str]]]:
    """Each series' line and markers, the overall one drawn last (over the dimensions); and their legend
    entries."""
    parts, on_top, entries = [], [], []
    for position, entry in enumerate(series):
        style = _series_style(series, position, current)
        (on_top if entry.overall else parts).extend(_series_group(entry, style, plot))
        swatch = (
            f'<line x1="0" y1="0" x2="24" y2="0" stroke="{style.colour}" stroke-width="{style.stroke}"'
            f"{attrs({'stroke_dasharray': style.dash})}/>" + marker(style.marker, 12, 0, style.colour, size=4)
        )
        entries.append((swatch, entry.label))
    return [*parts, *on_top], entries


def _series_style(series: Sequence[TrendSeries], position: int, current: str) -> _Style:
    """The overall series thick in the accent colour; the others in turn through colours, dashes, markers."""
    if series[position].overall:
        return _Style(current, "", "circle", 4)
    rank = position - (1 if series[0].overall else 0)
    return _Style(
        SERIES_COLOURS[rank % len(SERIES_COLOURS)],
        SERIES_DASHES[rank % len(SERIES_DASHES)],
        SERIES_MARKERS[rank % len(SERIES_MARKERS)],
        2,
    )


def _series_group(entry: TrendSeries, style: _Style, plot: _Plot) -> list[str]:
    """A series' line, broken where a score is missing (none for a single date), and a marker per score."""
    points = [
        None if value is None else (plot.x_at(i), plot.y_at(value)) for i, value in enumerate(entry.values)
    ]
    group = [f'<g data-series="{escape(entry.code)}">']
    if plot.count > 1:
        for run in polyline_runs(points, closed=False):
            if len(run) > 1:
                group.append(
                    f'<polyline points="{point_list(run)}" fill="none" stroke="{style.colour}" '
                    f'stroke-width="{style.stroke}"{attrs({"stroke_dasharray": style.dash})} '
                    'stroke-linejoin="round"/>'
                )
    for point in points:
        if point is not None:
            group.append(marker(style.marker, *point, style.colour, size=5.5 if entry.overall else 4))
    group.append("</g>")
    return group


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
                "first": score_text(first),
                "first_date": first_date,
                "last": score_text(last),
                "last_date": last_date,
            }
        )
    return "; ".join(parts) + "."
