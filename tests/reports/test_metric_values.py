"""CX metric values: NPS, CSAT and CES from response counts (worked examples, then properties), as shown."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.metrics import ces, csat, display, nps, round_half_up
from tests.factories import PROMOTERS_50_PASSIVES_30_DETRACTORS_20


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (PROMOTERS_50_PASSIVES_30_DETRACTORS_20, Decimal(30)),  # 50 % − 20 %
        ([7, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0], Decimal(-100)),  # all detractors
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 9], Decimal(100)),  # all promoters
        ([0, 0, 0, 0, 0, 0, 0, 4, 6, 0, 0], Decimal(0)),  # only passives
        ([0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0], Decimal(33)),  # 33.33…
        ([0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0], Decimal(67)),  # 66.66…
        ([0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0], Decimal(13)),  # 12.5: half up
        ([1, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0], Decimal(-13)),  # −12.5: half away from zero, symmetric
        ([0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0], Decimal(0)),  # as many promoters as detractors
    ],
)
def test_nps_is_promoters_minus_detractors_in_whole_percent(counts, expected):
    assert nps(counts) == expected


def test_nps_with_no_response_is_undefined_not_zero():
    assert nps([0] * 11) is None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1, 1, 1], Decimal("40.0")),
        ([0, 0, 1, 1, 1], Decimal("66.7")),  # 66.66…
        ([0, 0, 7, 0, 1], Decimal("12.5")),
        ([0, 0, 15, 1, 0], Decimal("6.3")),  # 6.25: half up
        ([0, 0, 0, 0, 4], Decimal("100.0")),
        ([3, 2, 1, 0, 0], Decimal("0.0")),
    ],
)
def test_csat_is_the_share_of_4_and_5_in_percent_with_one_decimal(counts, expected):
    assert csat(counts) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0, 0, 0, 0, 0, 0, 1], Decimal("7.00")),
        ([1, 0, 0, 0, 0, 0, 1], Decimal("4.00")),
        ([0, 0, 0, 3, 5, 0, 0], Decimal("4.63")),  # 37 / 8 = 4.625: half up
        ([0, 0, 0, 0, 4, 1, 0], Decimal("5.20")),
        ([1, 1, 1, 0, 0, 0, 0], Decimal("2.00")),
    ],
)
def test_ces_is_the_mean_answer_with_two_decimals(counts, expected):
    assert ces(counts) == expected


@pytest.mark.parametrize(("compute", "size"), [(csat, 5), (ces, 7)])
def test_csat_and_ces_with_no_response_are_undefined(compute, size):
    assert compute([0] * size) is None


@pytest.mark.parametrize(
    ("compute", "counts"),
    [(nps, [1] * 10), (nps, [1] * 12), (csat, [1, 1, 1, 1]), (ces, [1] * 8), (csat, [1, 1, -1, 1, 1])],
)
def test_wrong_counts_are_a_programming_error(compute, counts):
    with pytest.raises(ValueError):
        compute(counts)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(5, 2), 0, Decimal(3)),
        (Fraction(-5, 2), 0, Decimal(-3)),
        (Fraction(249, 100), 0, Decimal(2)),
        (Fraction(1, 8), 2, Decimal("0.13")),
        (Fraction(1, 3), 1, Decimal("0.3")),
    ],
)
def test_round_half_up_is_exact_and_symmetric(value, places, expected):
    assert round_half_up(value, places) == expected


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("nps", Decimal(30), "+30"),
        ("nps", Decimal(-100), "\u2212100"),
        ("nps", Decimal(0), "0"),
        ("nps", None, "—"),
        ("csat", Decimal("78.5"), "78.5 %"),
        ("csat", Decimal("100.0"), "100.0 %"),
        ("ces", Decimal("5.20"), "5.20 / 7"),
        ("ces", None, "—"),
    ],
)
def test_display(code, value, expected):
    assert display(code, value) == expected


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=11, max_size=11))
def test_nps_stays_within_its_range_and_rounds_the_exact_value(counts):
    value = nps(counts)
    if not sum(counts):
        assert value is None
        return
    exact = Fraction(100 * (sum(counts[9:]) - sum(counts[:7])), sum(counts))
    assert -100 <= value <= 100
    assert abs(Fraction(value) - exact) <= Fraction(1, 2)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=7, max_size=7))
def test_ces_stays_between_1_and_7(counts):
    value = ces(counts)
    assert value is None if not sum(counts) else Decimal(1) <= value <= Decimal(7)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5))
def test_csat_stays_between_0_and_100(counts):
    value = csat(counts)
    assert value is None if not sum(counts) else Decimal(0) <= value <= Decimal(100)
