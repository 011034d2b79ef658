"""Colour arithmetic after WCAG 2.1: contrast ratios, and the shades and tints of a consultancy's accent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmaturity.colours import (
    GRAPHICS_CONTRAST,
    TEXT_CONTRAST,
    channels,
    contrast,
    contrast_with_white,
    darkened,
    mixed_with_white,
)

colours = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#0b5c6b", 7.62), ("#767676", 4.54), ("#949494", 3.03)],
)
def test_contrast_with_white_follows_wcag(colour, ratio):
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


def test_contrast_is_the_same_either_way_round():
    assert contrast("#495057", "#eef3f4") == contrast("#eef3f4", "#495057") == pytest.approx(7.30, abs=0.01)


@pytest.mark.parametrize(
    ("colour", "minimum", "shade"),
    [
        ("#0b5c6b", TEXT_CONTRAST, "#0b5c6b"),  # dark enough already: kept as it is
        ("#1b2a4a", TEXT_CONTRAST, "#1b2a4a"),
        ("#F5C400", GRAPHICS_CONTRAST, "#b38f00"),  # 73 % of each channel
        ("#f5c400", TEXT_CONTRAST, "#8e7200"),  # a yellow becomes a mustard of the same hue
        ("#ffff00", TEXT_CONTRAST, "#7a7a00"),
        ("#ffffff", TEXT_CONTRAST, "#757575"),  # 46 %: 47 % gives #787878, 4.42:1
    ],
)
def test_a_light_colour_is_darkened_until_it_has_the_contrast(colour, minimum, shade):
    assert darkened(colour, minimum) == shade


@given(colours, st.sampled_from([GRAPHICS_CONTRAST, TEXT_CONTRAST]))
def test_any_colour_gives_a_shade_with_the_contrast_asked_for(colour, minimum):
    shade = darkened(colour, minimum)
    assert contrast_with_white(shade) >= minimum
    if contrast_with_white(colour) >= minimum:
        assert shade == colour


@given(colours)
def test_a_shade_scales_the_channels_together(colour):
    """So that it keeps its colour's hue: a yellow gives a mustard, not a brown."""
    shade = darkened(colour, TEXT_CONTRAST)
    before, after = channels(colour), channels(shade)
    factor = max(after) / max(before) if max(before) else 1
    assert all(abs(old * factor - new) <= 1 for old, new in zip(before, after, strict=True))


@pytest.mark.parametrize(
    ("colour", "share", "tint"),
    [
        ("#0b5c6b", 0.0, "#ffffff"),
        ("#0b5c6b", 1.0, "#0b5c6b"),
        ("#0b5c6b", 0.2, "#cedee1"),
        ("#000000", 0.5, "#808080"),
    ],
)
def test_a_tint_is_the_colour_on_white_with_that_opacity(colour, share, tint):
    assert mixed_with_white(colour, share) == tint
