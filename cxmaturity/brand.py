"""The brand's colours, as written in ``static/css/brand.css``, their one source.

The site's and the PDF's stylesheets use them as CSS custom properties (``var(--cxm-accent)``). What cannot
use var() reads them here: the SVG charts, whose presentation attributes (and WeasyPrint's SVG renderer) need
literal colours, and the PDF template, which inlines ``STYLESHEET`` before its own stylesheet.
"""

import re
from pathlib import Path

BRAND_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "brand.css"
STYLESHEET = BRAND_CSS.read_text(encoding="utf-8")

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PROPERTY = re.compile(r"--cxm-([a-z0-9-]+)\s*:\s*([^;]+?)\s*;")

# "accent" → "#0b5c6b", …, for every --cxm-* property of the file.
COLOURS = dict(_PROPERTY.findall(_COMMENT.sub("", STYLESHEET)))

ACCENT = COLOURS["accent"]
ACCENT_TINT = COLOURS["accent-tint"]
TARGET = COLOURS["target"]
