"""The charts' colours. The brand's come from ``static/css/brand.css``, as the site's and the PDF's do; the
greys (Bootstrap's) and the peers' box are written here.

A chart draws the current scores and the level bands in the colours of its ``Palette``: the product's by
default, a consultancy's accent in the reports of its clients (``Palette.for_accent``). The palette is passed
to each chart, never set for the process, as several requests draw at once."""

from dataclasses import dataclass

from cxmaturity import brand
from cxmaturity.colours import TEXT_CONTRAST, darkened, hue_and_saturation, mixed_with_white

TARGET = brand.TARGET  # targets, dashed
TEXT = "#212529"
MUTED = "#495057"  # 8.6:1 on white
PEER = "#6c757d"  # peers' figures: 4.7:1 on white, 4.2:1 on the bands
PEER_BOX = "#d5dadf"  # the middle half of the peers, outlined in PEER
GRID = "#adb5bd"

# How much of the accent colours the level bands: as much as in the brand's own tint of its accent.
BAND_SHARE = 0.07
# Targets beside an accent of nearly the target's hue (a red, an orange, a yellow) are drawn in blue, so that
# they are not taken for the current scores.
TARGET_BESIDE_WARM = "#1f4e9c"  # 8.0:1 on white
NEAR_HUE = 40  # degrees on the colour wheel
GREYISH = 0.2  # saturation under which a colour has no hue to speak of


@dataclass(frozen=True)
class Palette:
    current: str  # current scores: lines, bars, points, columns
    band: str  # levels 1, 3 and 5 shaded
    target: str = TARGET  # targets, dashed

    @classmethod
    def for_accent(cls, accent: str) -> "Palette":
        """A consultancy's accent as the charts can draw with it: darkened until it has the contrast with
        white of text (the report also sets white text on it, so one shade serves the whole report; the
        charts' lines and bars need only 3:1), a light tint of that shade for the bands, and the targets in
        blue rather than the brand's orange if the accent is of nearly the same hue. The brand's own accent
        (a consultancy's default) gives the brand's palette."""
        if accent.lower() == brand.ACCENT:
            return BRAND
        current = darkened(accent, TEXT_CONTRAST)
        hue, saturation = hue_and_saturation(current)
        target_hue, _saturation = hue_and_saturation(TARGET)
        distance = abs(hue - target_hue) % 360
        near = saturation >= GREYISH and min(distance, 360 - distance) < NEAR_HUE
        return cls(
            current=current,
            band=mixed_with_white(current, BAND_SHARE),
            target=TARGET_BESIDE_WARM if near else TARGET,
        )


BRAND = Palette(current=brand.ACCENT, band=brand.ACCENT_TINT)
