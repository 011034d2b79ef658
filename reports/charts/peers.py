"""The peer chart: per dimension (and overall), the middle half of the peers as a box with a tick at their
median, and the organization's own score as a marker, on the frame of the horizontal score charts."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from .bars import BAR_HEIGHT, Row, empty_track, score_chart
from .colours import BRAND, GRID, MUTED, PEER, PEER_BOX, TEXT, Palette
from .layout import WIDE, Layout
from .scale import ChartLevel
from .svg import attrs, num, point_list, row_label, score_text, svg_text


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


def peer_chart(
    rows: Sequence[ChartPeerRow],
    levels: Sequence[ChartLevel],
    *,
    id_prefix: str = "peers",
    layout: Layout = WIDE,
    palette: Palette = BRAND,
) -> str:
    """One row per dimension (and the overall score): a box over the middle half of the peers (25th to 75th
    percentile) with a tick at their median, and the organization's own score as a marker, over the level
    bands; a score axis from 1 to 5 below."""
    legend_entries = [
        (_own_marker(12, 0, palette.current, size=6), _("Your score")),
        (f'<line x1="12" y1="-9" x2="12" y2="9" stroke="{TEXT}" stroke-width="3"/>', _("Peer median")),
        (
            f'<rect x="0" y="-7" width="24" height="14" fill="{PEER_BOX}" stroke="{PEER}" '
            'stroke-width="1.5"/>',
            _("Middle half of the peers (25th to 75th percentile)"),
        ),
    ]
    return score_chart(
        rows,
        levels,
        _peer_row,
        inset=8,
        label_gap=8,
        row_gap=18,
        legend_entries=legend_entries,
        layout=layout,
        title=_("Your score per dimension against the peers' median and middle half"),
        description=_describe_peers(rows),
        id_prefix=id_prefix,
        palette=palette,
    )


def _peer_row(peers: ChartPeerRow, row: Row, palette: Palette) -> list[str]:
    """A row's name and own score, the peers' box (an empty track with too few peers) and the own marker."""
    weight = "700" if peers.overall else None
    parts = [
        f'<g data-row="{escape(peers.code)}">',
        row_label(
            row.left, row.label_top, row.lines, size=row.size, line_height=row.line_height, font_weight=weight
        ),
        svg_text(
            row.right,
            row.value_y,
            score_text(peers.score) if peers.score is not None else "—",
            size=row.size,
            text_anchor="end",
            font_weight="700",
            fill=TEXT if peers.score is not None else MUTED,
        ),
    ]
    if peers.median is None or peers.p25 is None or peers.p75 is None:
        parts.extend(empty_track(_("Too few peers with a score"), row))
    else:
        parts.extend(_peer_box(peers, row))
    if peers.score is not None:
        middle = row.bar_top + BAR_HEIGHT / 2
        parts.append(_own_marker(row.x(peers.score), middle, palette.current, data_own=escape(peers.code)))
    parts.append("</g>")
    return parts


def _peer_box(peers: ChartPeerRow, row: Row) -> list[str]:
    """The peers of a row: a line across, a box from their 25th to 75th percentile, a tick at the median."""
    top, middle = row.bar_top, row.bar_top + BAR_HEIGHT / 2
    low, high, median = row.x(peers.p25), row.x(peers.p75), row.x(peers.median)
    return [
        f'<line x1="{num(row.left)}" y1="{num(middle)}" x2="{num(row.right)}" y2="{num(middle)}" '
        f'stroke="{GRID}" stroke-width="1"/>',
        f'<rect x="{num(low)}" y="{num(top)}" width="{num(max(high - low, 2))}" '
        f'height="{BAR_HEIGHT}" fill="{PEER_BOX}" stroke="{PEER}" stroke-width="1.5" '
        f'data-box="{escape(peers.code)}"/>',
        f'<line x1="{num(median)}" y1="{num(top - 4)}" '
        f'x2="{num(median)}" y2="{num(top + BAR_HEIGHT + 4)}" '
        f'stroke="{TEXT}" stroke-width="3" data-median="{escape(peers.code)}"/>',
    ]


def _own_marker(x: float, y: float, colour: str, size: float = 7.0, **attributes) -> str:
    points = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    return (
        f'<polygon points="{point_list(points)}" fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
        f"{attrs(attributes)}/>"
    )


def _describe_peers(rows: Sequence[ChartPeerRow]) -> str:
    parts = []
    for row in rows:
        own = score_text(row.score) if row.score is not None else _("not enough answers")
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
                    "median": score_text(row.median),
                    "p25": score_text(row.p25),
                    "p75": score_text(row.p75),
                    "n": row.n,
                }
            )
    return "; ".join(parts) + "."
