"""The scale every chart shares: scores from 1 to 5 (the scoring engine's range), cut into the bank's maturity
levels. Each chart draws the levels as bands (levels 1, 3 and 5 shaded), names them with a numbered badge and
explains them in its legend."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.scoring import MAX_SCORE, MIN_SCORE

from .colours import GRID, MUTED, Palette
from .svg import num, svg_text


@dataclass(frozen=True)
class ChartLevel:
    level: int
    min_score: Decimal


def scale_position(score: Decimal) -> float:
    """Where a score sits on the scale: 0 at the lowest score, 1 at the top one."""
    return float((score - MIN_SCORE) / (MAX_SCORE - MIN_SCORE))


def level_bands(levels: Sequence[ChartLevel]) -> list[tuple[int, Decimal, Decimal]]:
    """(level, lowest score, highest score) of each level's band, from level 1 up."""
    ordered = sorted(levels, key=lambda level: level.min_score)
    ends = [level.min_score for level in ordered[1:]] + [MAX_SCORE]
    return [(level.level, level.min_score, end) for level, end in zip(ordered, ends, strict=True)]


def level_badge(x: float, y: float, number: int) -> str:
    """A level number in a small circle: how every chart names its level bands."""
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="8" fill="#ffffff" stroke="{GRID}" stroke-width="1"/>'
        + svg_text(x, y + 4, str(number), size=11, fill=MUTED, text_anchor="middle", font_weight="600")
    )


def bands_legend(palette: Palette) -> tuple[str, str]:
    """The legend entry of the level bands, the last of every chart's legend."""
    return (
        f'<rect x="0" y="-8" width="24" height="16" fill="{palette.band}" stroke="{GRID}"/>'
        + svg_text(12, 4, "1", size=11, fill=MUTED, text_anchor="middle", font_weight="600"),
        _("Bands: maturity levels 1–5"),
    )
