"""SVG primitives the charts are drawn with: numbers, attributes, text, markers, legends, the <svg> element.

A chart carries everything it needs as presentation attributes (no CSS classes, no script: the same SVG goes
into the HTML page and the WeasyPrint PDF). Coordinates are written with one decimal, so output is
deterministic; every text is escaped.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape

from .colours import TEXT
from .text import text_width, wrap

FONT = "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', 'IPAexGothic', sans-serif"


def num(value: float) -> str:
    """A coordinate or a length, with one decimal."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def score_text(value: Decimal) -> str:
    """A score as the charts write it: two decimals."""
    return f"{value:.2f}"


def attrs(attributes: dict) -> str:
    """Attributes as SVG writes them (``stroke_width`` becomes ``stroke-width``), empty ones left out."""
    return "".join(
        f' {name.replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None and value != ""
    )


def point_list(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def svg_text(x: float, y: float, content: str, *, size: float = 15, **attributes) -> str:
    attributes.setdefault("fill", TEXT)
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}"{attrs(attributes)}>{escape(content)}</text>'
    )


def text_lines(
    x: float, top: float, lines: Sequence[str], *, size: float, line_height: float, **attributes
) -> str:
    """Lines of text whose first line's top is at ``top`` (the baseline is about 0.8 em lower)."""
    return "".join(
        svg_text(x, top + size * 0.8 + index * line_height, line, size=size, **attributes)
        for index, line in enumerate(lines)
    )


def row_label(
    x: float, top: float, lines: Sequence[str], *, size: float, line_height: float, **attributes
) -> str:
    """A row's name over a white plate, so that the level bands' lines do not run through its letters."""
    width = max(text_width(line, size) for line in lines) + size * 0.4
    plate = (
        f'<rect x="{num(x - 2)}" y="{num(top - 1)}" width="{num(width + 4)}" '
        f'height="{num(len(lines) * line_height + 2)}" fill="#ffffff" fill-opacity="0.92" rx="2"/>'
    )
    return plate + text_lines(x, top, lines, size=size, line_height=line_height, **attributes)


def polyline_runs(points: Sequence[tuple[float, float] | None], closed: bool) -> list[list[tuple]]:
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


def marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    """A point drawn as a circle, a square, a triangle or a diamond."""
    if shape == "square":
        return (
            f'<rect x="{num(x - size)}" y="{num(y - size)}" width="{num(2 * size)}" height="{num(2 * size)}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        points = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)]
        return f'<polygon points="{point_list(points)}" fill="{colour}"/>'
    if shape == "diamond":
        points = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
        return f'<polygon points="{point_list(points)}" fill="{colour}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(size)}" fill="{colour}"/>'


def legend(items: Sequence[tuple[str, str]], *, left: float, top: float, width: float, size: float = 14):
    """Legend entries (a swatch drawn around 0..24 × -8..8, a label) flowing in rows.

    Returns the SVG and its height."""
    parts, x, y, line_height = [], left, top, size * 1.6
    for swatch, label in items:
        lines = wrap(label, width - 32, size, max_lines=2)
        item_width = 32 + max(text_width(line, size) for line in lines)
        if x > left and x + item_width > left + width:
            x, y = left, y + line_height
        parts.append(f'<g transform="translate({num(x)} {num(y + size * 0.5)})">{swatch}</g>')
        parts.append(text_lines(x + 30, y, lines, size=size, line_height=size * 1.25))
        if len(lines) > 1:
            x, y = left, y + line_height + (len(lines) - 1) * size * 1.25
        else:
            x += item_width + 18
    return "".join(parts), y + line_height - top


def svg_document(
    view_box: tuple[float, float, float, float], title: str, description: str, id_prefix: str, body: str
) -> str:
    """The <svg> element around a chart's ``body``, with its title and description for screen readers."""
    x, y, width, height = view_box
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x)} {num(y)} {num(width)} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{escape(FONT)}" class="chart">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )
