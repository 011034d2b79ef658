"""The charts' two layouts, in SVG units.

Charts are drawn at 100 % of their container: a page shows the wide layout on large screens and the compact
one (larger text for its width) on phones, where 320 px leave about 296 for it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    width: float
    font_size: float
    radar_radius: float  # leaves room on each side for labels of about seven Japanese characters


WIDE = Layout(width=460, font_size=15, radar_radius=108)
COMPACT = Layout(width=340, font_size=14, radar_radius=72)
