"""The distribution of a workshop question's answers as a small column chart: one column per option score
(per whole score for checklists), its count above it, the score below, and a grey column for N/A. Small enough
to stand beside a question in the PDF's consensus appendix and on the results page."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from .colours import BRAND, GRID, MUTED, TEXT, Palette
from .svg import num, svg_document, svg_text
from .text import text_width

COLUMN = 26  # the narrowest column
GAP = 7
BAR_ROOM = 34  # the tallest bar
TOP = 15  # room for the tallest bar's count
SIZE = 12
NA_COLOUR = "#8a9296"


def distribution_chart(
    bins: Sequence[tuple[str, int]],
    not_applicable: int | None,
    *,
    kind: str,
    id_prefix: str,
    scale: float = 1.0,
    palette: Palette = BRAND,
) -> str:
    """``bins`` are (score label, count) in score order; ``not_applicable`` the N/A count, or None for no
    N/A column; ``kind`` the question's type (level, choice or checklist), which names the columns. Its size
    is its drawing's times ``scale``, in CSS pixels: a chart of three columns is narrower than one of six,
    with text of the same size."""
    na_label = _("N/A")
    columns = [(label, count, palette.current) for label, count in bins]
    if not_applicable is not None:
        columns.append((na_label, not_applicable, NA_COLOUR))
    tallest = max((count for _label, count, _colour in columns), default=0) or 1
    baseline = TOP + BAR_ROOM
    parts, x = [], 0.0
    for label, count, colour in columns:
        width = max(COLUMN, text_width(label, SIZE - 1) + 4)
        middle = x + width / 2
        height = BAR_ROOM * count / tallest
        if count:
            parts.append(
                f'<rect x="{num(x + 2)}" y="{num(baseline - height)}" width="{num(width - 4)}" '
                f'height="{num(height)}" fill="{colour}" rx="1.5"/>'
            )
        parts.append(
            svg_text(
                middle,
                baseline - height - 3,
                str(count),
                size=SIZE,
                fill=TEXT if count else MUTED,
                text_anchor="middle",
                font_weight="700" if count else "400",
            )
        )
        parts.append(
            f'<line x1="{num(x)}" y1="{num(baseline)}" x2="{num(x + width)}" y2="{num(baseline)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            svg_text(middle, baseline + SIZE + 1, label, size=SIZE - 1, fill=MUTED, text_anchor="middle")
        )
        x += width + GAP
    described = [_describe(kind, label, count) for label, count in bins]
    if not_applicable is not None:
        described.append(_("N/A: %(count)s") % {"count": not_applicable})
    width, height = x - GAP, baseline + SIZE + 4
    drawn = svg_document((0, 0, width, height), _title(kind), ", ".join(described), id_prefix, "".join(parts))
    return drawn.replace('width="100%"', f'width="{num(width * scale)}" height="{num(height * scale)}"', 1)


def _title(kind: str) -> str:
    if kind == "level":
        return _("Distribution of answers by level")
    if kind == "choice":
        return _("Distribution of answers by score")
    return _("Distribution of scores, to the nearest whole number")


def _describe(kind: str, label: str, count: int) -> str:
    values = {"label": label, "count": count}
    if kind == "level":
        return _("Level %(label)s: %(count)s") % values
    if kind == "choice":
        return _("Score %(label)s: %(count)s") % values
    return _("Score about %(label)s: %(count)s") % values
