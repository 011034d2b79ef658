"""Colour arithmetic on ``#rrggbb`` strings, after WCAG 2.1: contrast ratios, and the shades and tints a
consultancy's accent colour gives its reports. Pure functions, used by the branding form (is an accent dark
enough for headings?) and the branded report (what shade of it to draw with)."""

import colorsys

# WCAG 2.1 AA: graphics and large text (1.4.11, 1.4.3) need 3:1 against what is next to them, text 4.5:1.
GRAPHICS_CONTRAST = 3.0
TEXT_CONTRAST = 4.5
WHITE = "#ffffff"


def channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(red: int, green: int, blue: int) -> str:
    return f"#{red:02x}{green:02x}{blue:02x}"


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, from 1 (the same) to 21 (black and white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of ``colour`` against white, from 1 (white) to 21 (black)."""
    return contrast(colour, WHITE)


def darkened(colour: str, minimum: float) -> str:
    """``colour`` itself if it has ``minimum`` contrast with white, otherwise the lightest of its shades (its
    channels scaled down together, in steps of 1 %, which keeps its hue) that has; black at the latest."""
    red, green, blue = channels(colour)
    for step in range(100):
        factor = 1 - step / 100
        shade = hex_colour(round(red * factor), round(green * factor), round(blue * factor))
        if contrast_with_white(shade) >= minimum:
            return shade
    return "#000000"


def hue_and_saturation(colour: str) -> tuple[float, float]:
    """Where ``colour`` sits on the colour wheel, in degrees, and how far from grey it is, from 0 to 1."""
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in channels(colour)))
    return hue * 360, saturation


def mixed_with_white(colour: str, share: float) -> str:
    """``share`` (0 to 1) of ``colour`` on white, as if painted with that opacity: a light tint of it."""
    return hex_colour(*(round(255 - (255 - channel) * share) for channel in channels(colour)))
