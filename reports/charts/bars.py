"""Horizontal score charts: one row per dimension (its name, its figure, a bar or a box on the 1–5 scale) over
the level bands as columns, with the score axis below. The bar chart is drawn here; the peer chart
(``peers.py``) is built on the same frame."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from assessments.scoring import MAX_SCORE, MIN_SCORE

from .colours import BRAND, GRID, MUTED, Palette
from .dimensions import ChartDimension, describe_dimensions
from .layout import WIDE, Layout
from .scale import ChartLevel, bands_legend, level_badge, level_bands, scale_position
from .svg import legend, num, row_label, score_text, svg_document, svg_text
from .text import wrap

BAR_HEIGHT = 18
MARGIN = 8.0
VALUE_ROOM = 52  # beside a row's name, for its figure


def bar_x(score: Decimal, *, left: float, right: float) -> float:
    """The horizontal position of a score on the 1–5 scale between ``left`` and ``right``."""
    return left + scale_position(score) * (right - left)


@dataclass(frozen=True)
class Row:
    """Where a row goes: its name's ``lines`` from ``label_top``, its bar from ``bar_top``, the 1–5 scale from
    ``left`` to ``right``, text of ``size``."""

    lines: list[str]
    label_top: float
    bar_top: float
    left: float
    right: float
    size: float

    @property
    def line_height(self) -> float:
        return self.size * 1.2

    @property
    def value_y(self) -> float:
        """The baseline of the row's figure, beside its name's first line."""
        return self.label_top + self.size * 0.8

    def x(self, score: Decimal) -> float:
        return bar_x(score, left=self.left, right=self.right)


def score_chart[T](
    items: Sequence[T],
    levels: Sequence[ChartLevel],
    draw_row: Callable[[T, Row, Palette], list[str]],
    *,
    inset: float,
    label_gap: float,
    row_gap: float,
    legend_entries: list[tuple[str, str]],
    layout: Layout,
    title: str,
    description: str,
    id_prefix: str,
    palette: Palette,
) -> str:
    """A horizontal score chart: a row per item (its ``label`` wrapped, then what ``draw_row`` draws in the
    ``palette``) over the level bands, the 1–5 axis under them, the legend (the chart's own entries, then the
    level bands) and the <svg> around it all. ``inset`` keeps the scale's ends off the chart's sides."""
    left, right = MARGIN + inset, layout.width - MARGIN - inset
    labels = [item.label for item in items]
    rows, bottom = _stack_rows(
        labels, left=left, right=right, size=layout.font_size, label_gap=label_gap, row_gap=row_gap
    )
    body = _band_columns(levels, left=left, right=right, bottom=bottom, band=palette.band)
    for item, row in zip(items, rows, strict=True):
        body.extend(draw_row(item, row, palette))
    body.extend(_score_axis(left=left, right=right, bottom=bottom))
    drawn, legend_height = legend(
        [*legend_entries, bands_legend(palette)],
        left=MARGIN,
        top=bottom + 34,
        width=layout.width - 2 * MARGIN,
    )
    body.append(drawn)
    view_box = (0, 0, layout.width, bottom + 34 + legend_height)
    return svg_document(view_box, title, description, id_prefix, "".join(body))


def empty_track(message: str, row: Row) -> list[str]:
    """A dashed, empty track in place of a row's bar, saying why it has none."""
    left, right, top, size = row.left, row.right, row.bar_top, row.size
    return [
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(right - left)}" height="{BAR_HEIGHT}" '
        f'fill="#ffffff" stroke="{GRID}" stroke-dasharray="4 3"/>',
        svg_text(
            left + 8, top + BAR_HEIGHT - 4.5, message, size=size * 0.85, fill=MUTED, font_style="italic"
        ),
    ]


def _stack_rows(
    labels: Sequence[str], *, left: float, right: float, size: float, label_gap: float, row_gap: float
) -> tuple[list[Row], float]:
    """Rows one under the other, each a label (wrapped to two lines beside its figure) over its bar; and the
    bottom of the last."""
    line_height = size * 1.2
    rows = []
    y = 26.0  # below the band numbers
    for label in labels:
        lines = wrap(label, right - left - VALUE_ROOM, size, max_lines=2)
        bar_top = y + len(lines) * line_height + label_gap
        rows.append(Row(lines, y, bar_top, left, right, size))
        y = bar_top + BAR_HEIGHT + row_gap
    return rows, y - 10


def _band_columns(
    levels: Sequence[ChartLevel], *, left: float, right: float, bottom: float, band: str
) -> list[str]:
    """The level bands as columns (levels 1, 3 and 5 shaded), numbered on top."""
    parts = []
    for position, (level, low, high) in enumerate(level_bands(levels)):
        start, end = bar_x(low, left=left, right=right), bar_x(high, left=left, right=right)
        if position % 2 == 0:
            parts.append(
                f'<rect x="{num(start)}" y="0" width="{num(end - start)}" height="{num(bottom)}" '
                f'fill="{band}"/>'
            )
        parts.append(
            f'<line x1="{num(start)}" y1="0" x2="{num(start)}" y2="{num(bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(level_badge((start + end) / 2, 11, level))
    return parts


def _score_axis(*, left: float, right: float, bottom: float) -> list[str]:
    """The 1–5 score axis under the rows."""
    parts = [
        f'<line x1="{num(left)}" y1="{num(bottom)}" x2="{num(right)}" y2="{num(bottom)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for score in range(int(MIN_SCORE), int(MAX_SCORE) + 1):
        x = bar_x(Decimal(score), left=left, right=right)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(bottom)}" x2="{num(x)}" y2="{num(bottom + 5)}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        anchor = "start" if score == MIN_SCORE else "end" if score == MAX_SCORE else "middle"
        parts.append(svg_text(x, bottom + 19, str(score), size=13, fill=MUTED, text_anchor=anchor))
    return parts


# The bar chart


def bar_chart(
    dimensions: Sequence[ChartDimension],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "bars",
    layout: Layout = WIDE,
    palette: Palette = BRAND,
) -> str:
    """One row per dimension: its name and score, a bar from 1 to the score and a dashed target marker,
    over the level bands; a score axis from 1 to 5 below."""
    legend_entries = [
        (f'<rect x="0" y="-6" width="24" height="12" fill="{palette.current}"/>', _("Current score")),
        (
            f'<line x1="12" y1="-8" x2="12" y2="8" stroke="{palette.target}" stroke-width="3" '
            f'stroke-dasharray="5 2"/>',
            _("Target level"),
        ),
    ]
    return score_chart(
        dimensions,
        levels,
        _bar_row,
        inset=4,
        label_gap=6,
        row_gap=16,
        legend_entries=legend_entries,
        layout=layout,
        title=_("Bar chart of the current score per dimension, with its target level"),
        description=describe_dimensions(dimensions),
        id_prefix=id_prefix,
        palette=palette,
    )


def _bar_row(dimension: ChartDimension, row: Row, palette: Palette) -> list[str]:
    """A dimension's row: its name and score, its bar and its target (or an empty track without a score)."""
    parts = [
        f'<g data-row="{escape(dimension.code)}">',
        row_label(row.left, row.label_top, row.lines, size=row.size, line_height=row.line_height),
    ]
    if dimension.score is None:
        parts.append(svg_text(row.right, row.value_y, "—", size=row.size, text_anchor="end", fill=MUTED))
        parts.extend(empty_track(_("Not enough answers"), row))
    else:
        end = row.x(dimension.score)
        parts.append(
            svg_text(
                row.right,
                row.value_y,
                score_text(dimension.score),
                size=row.size,
                text_anchor="end",
                font_weight="700",
            )
        )
        parts.append(
            f'<rect x="{num(row.left)}" y="{num(row.bar_top)}" width="{num(max(end - row.left, 2))}" '
            f'height="{BAR_HEIGHT}" fill="{palette.current}" data-bar="{escape(dimension.code)}"/>'
        )
        if dimension.target is not None:
            x = row.x(dimension.target)
            parts.append(
                f'<line x1="{num(x)}" y1="{num(row.bar_top - 5)}" '
                f'x2="{num(x)}" y2="{num(row.bar_top + BAR_HEIGHT + 5)}" '
                f'stroke="{palette.target}" stroke-width="3" stroke-dasharray="5 2" '
                f'data-target="{escape(dimension.code)}"/>'
            )
    parts.append("</g>")
    return parts
