"""Server-rendered SVG charts: pure functions from plain values to an SVG string.

The same SVG goes into the HTML page and into the WeasyPrint PDF, so a chart carries everything it needs as
presentation attributes (no CSS classes, no script) and its own legend. Output is deterministic. Texts arrive
in the active language (dimension names are passed in, the few fixed words go through gettext); every text is
escaped.

Conventions shared by the charts: scores run from 1 to 5 (``assessments.scoring``); the lines of the grid are
the bank's level thresholds (where each maturity level begins), labelled with the level number; current
scores, the level bands and the targets (dashed) are drawn in the colours of a ``Palette``: by default the
brand's accent, its tint and its target colour (``static/css/brand.css``), in a consultancy's report a shade
of its accent.

One module per chart (``radar``, ``bars``, ``peers``, ``trend``), built from ``text`` (widths and wrapping),
``svg`` (the primitives), ``scale`` (the 1–5 scale and the level bands), ``colours`` and ``layout``.
"""

from .bars import BAR_HEIGHT, bar_chart, bar_x
from .colours import BRAND, Palette
from .dimensions import ChartDimension
from .layout import COMPACT, WIDE, Layout
from .peers import ChartPeerRow, peer_chart
from .radar import radar_angle, radar_chart, radar_point
from .scale import ChartLevel
from .svg import FONT
from .text import text_width, wrap
from .trend import TrendSeries, trend_chart

__all__ = [
    "BAR_HEIGHT",
    "BRAND",
    "COMPACT",
    "FONT",
    "WIDE",
    "ChartDimension",
    "ChartLevel",
    "ChartPeerRow",
    "Layout",
    "Palette",
    "TrendSeries",
    "bar_chart",
    "bar_x",
    "peer_chart",
    "radar_angle",
    "radar_chart",
    "radar_point",
    "text_width",
    "trend_chart",
    "wrap",
]
