"""Scoring rules 4–6 (PRODUCT.md): percent, maturity level and rounding, pinned with worked examples."""

from decimal import Decimal

import pytest

from assessments.scoring import Level, default_target_level, level_for, percent, round_half_up, score_answers
from tests.documents import DEFAULT_LEVELS
from tests.scoring_banks import checklist_question, choice_question, level_question, make_bank, pick

D = Decimal


# Rule 4: percent


@pytest.mark.parametrize(
    ("score", "expected"),
    [("1", "0"), ("5", "100"), ("3", "50"), ("2.875", "46.875"), ("3.4", "60")],
)
def test_percent_maps_1_to_5_onto_0_to_100(score, expected):
    # e.g. (2.875 − 1) / 4 × 100 = 46.875
    assert percent(D(score)) == D(expected)


def test_percent_of_a_third_rounds_to_33_33():
    # s = 7/3 (checklist 1 of 3 equal weights): (7/3 − 1) / 4 × 100 = 100/3 = 33.333… -> 33.33
    bank = make_bank(checklist_question("s1", ["1", "1", "1"]))
    result = score_answers(bank, {"s1": pick("a")})
    assert result.rounded_score == D("2.33")
    assert result.rounded_percent == D("33.33")


def test_percent_is_computed_from_the_unrounded_score():
    # O = 2.335 exactly (weights 0.665 and 0.335 on scores 2 and 3: 1.33 + 1.005 = 2.335).
    # From the unrounded score: (2.335 − 1) / 4 × 100 = 33.375 -> 33.38.
    # From the rounded score 2.34 it would be 33.50.
    bank = make_bank(level_question("s1", weight="0.665"), level_question("s2", weight="0.335"))
    result = score_answers(bank, {"s1": pick("2"), "s2": pick("3")})
    assert result.score == D("2.335")
    assert result.rounded_score == D("2.34")
    assert result.rounded_percent == D("33.38")
    assert round_half_up(percent(result.rounded_score)) == D("33.50")


# Rule 5: level


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("1", 1),
        ("1.7999", 1),
        ("1.8", 2),
        ("2.5999", 2),
        ("2.6", 3),
        ("3.3999", 3),
        ("3.4", 4),
        ("4.1999", 4),
        ("4.2", 5),
        ("5", 5),
    ],
)
def test_level_is_the_highest_level_whose_minimum_is_reached(score, level):
    assert level_for(D(score), DEFAULT_LEVELS) == level


def test_level_is_computed_from_the_unrounded_score():
    # Checklist weights 399 and 601, first ticked: 1 + 4 × 399/1000 = 2.596, shown 2.60 but below the
    # 2.6 minimum of level 3, so level 2.
    bank = make_bank(checklist_question("s1", ["399", "601"]))
    result = score_answers(bank, {"s1": pick("a")})
    assert result.score == D("2.596")
    assert result.rounded_score == D("2.60")
    assert result.level == 2


def test_level_below_every_minimum_is_the_first_level():
    levels = (Level(1, D("1.5")), Level(2, D("3")))
    assert level_for(D("1.2"), levels) == 1


def test_level_order_in_the_bank_does_not_matter():
    assert level_for(D("3.5"), tuple(reversed(DEFAULT_LEVELS))) == 4


@pytest.mark.parametrize(("level", "target"), [(1, 2), (4, 5), (5, 5)])
def test_default_target_level_is_the_next_level_at_most_the_top(level, target):
    assert default_target_level(level) == target


def test_default_target_level_respects_a_lower_top():
    assert default_target_level(3, top=3) == 3


# Rule 6: rounding


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("2.345", "2.35"),
        ("2.344999", "2.34"),
        ("2.125", "2.13"),  # half up, not half even (which would give 2.12)
        ("2.3350", "2.34"),
        ("2.334999999", "2.33"),
        ("33.375", "33.38"),
        ("5", "5.00"),
        ("1", "1.00"),
    ],
)
def test_round_half_up_to_two_decimals(value, rounded):
    result = round_half_up(D(value))
    assert result == D(rounded)
    assert str(result) == rounded


def test_a_computed_score_exactly_on_the_half_rounds_up():
    # D = (2·2.25 + 2·2.42) / 4 = (4.5 + 4.84) / 4 = 9.34 / 4 = 2.335 -> 2.34
    bank = make_bank(choice_question("s1", ["2.25"], weight="2"), choice_question("s2", ["2.42"], weight="2"))
    result = score_answers(bank, {"s1": pick("a"), "s2": pick("a")})
    assert result.dimensions[0].score == D("2.3350")
    assert result.dimensions[0].rounded_score == D("2.34")
