"""Benchmark statistics over a histogram of scores (pure): quartiles, mean and percentile rank."""

import statistics as py_statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.benchmarks import Stats, mean, percentile_rank, quantile, statistics

D = Decimal


def histogram(*scores) -> list[tuple[Decimal, int]]:
    counts: dict[Decimal, int] = {}
    for score in scores:
        counts[D(str(score))] = counts.get(D(str(score)), 0) + 1
    return sorted(counts.items())


def test_quartiles_interpolate_between_order_statistics():
    # 1 2 3 4: positions (n − 1)·p = 0.75, 1.5, 2.25.
    data = histogram(1, 2, 3, 4)
    assert quantile(data, D("0.25")) == D("1.75")
    assert quantile(data, D("0.5")) == D("2.5")
    assert quantile(data, D("0.75")) == D("3.25")


def test_the_median_of_an_odd_count_is_the_middle_score():
    data = histogram(5, 1, 4, 2, 3)
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.25")) == 2
    assert quantile(data, D("0.75")) == 4


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert quantile(histogram("2.10", "2.20", "3.40", "4.00"), D("0.5")) == D("2.80")


def test_one_peer_is_every_quantile():
    data = histogram("3.00")
    assert [quantile(data, p) for p in (D("0.25"), D("0.5"), D("0.75"))] == [3, 3, 3]
    assert percentile_rank(data, D("3.00")) == 50
    assert percentile_rank(data, D("2.99")) == 0
    assert percentile_rank(data, D("3.01")) == 100


def test_two_peers():
    data = histogram(2, 4)
    assert quantile(data, D("0.25")) == D("2.5")
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.75")) == D("3.5")
    assert mean(data) == 3


def test_ties_count_half_in_the_percentile_rank():
    # Own 3.00 among 2, 3, 3, 4: (1 below + ½ × 2 equal) ÷ 4 = 50 %.
    data = histogram(2, 3, 3, 4)
    assert percentile_rank(data, D("3.00")) == 50
    assert quantile(data, D("0.25")) == D("2.75")
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.75")) == D("3.25")


def test_statistics_round_half_up_for_display():
    # Mean 1.005 → 1.01 (half up, not to even); rank of 1.00: ½ ÷ 2 = 25.0; p25 = 1.0025 → 1.00.
    stats = statistics(histogram("1.00", "1.01"), D("1.00"))
    assert stats == Stats(
        n=2, mean=D("1.01"), median=D("1.01"), p25=D("1.00"), p75=D("1.01"), percentile_rank=D("25.0")
    )
    # (2 below + ½) ÷ 3 = 83.333… → 83.3
    assert statistics(histogram(1, 2, 3), D(3)).percentile_rank == D("83.3")


def test_an_undefined_own_score_has_no_rank():
    assert statistics(histogram(1, 2), None).percentile_rank is None


def test_an_empty_histogram_has_no_statistics():
    with pytest.raises(ValueError):
        quantile([], D("0.5"))
    with pytest.raises(ValueError):
        mean([])


scores = st.integers(min_value=100, max_value=500).map(lambda cents: D(cents) / 100)


@given(st.lists(scores, min_size=2, max_size=60))
def test_quartiles_agree_with_python_inclusive_quantiles(values):
    p25, median, p75 = py_statistics.quantiles(values, n=4, method="inclusive")
    data = histogram(*values)
    assert quantile(data, D("0.25")) == p25
    assert quantile(data, D("0.5")) == median
    assert quantile(data, D("0.75")) == p75


@given(st.lists(scores, min_size=1, max_size=60), scores)
def test_the_percentile_rank_stays_between_0_and_100(values, own):
    rank = percentile_rank(histogram(*values), own)
    assert 0 <= rank <= 100
