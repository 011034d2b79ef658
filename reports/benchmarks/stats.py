"""Statistics of a peer group over the histogram of its scores: pure functions of plain values.

Scores are stored rounded to 2 decimals in [1, 5], so a histogram holds at most 401 values per dimension,
whatever the number of peers. Every figure is an exact Decimal until it is rounded for display.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

QUARTILES = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))
CENT = Decimal("0.01")
TENTH = Decimal("0.1")

Histogram = Sequence[tuple[Decimal, int]]  # (score, how many peers have it), scores ascending, counts > 0


def total(histogram: Histogram) -> int:
    """How many peers the histogram counts."""
    return sum(count for _score, count in histogram)


def _order_statistic(histogram: Histogram, index: int) -> Decimal:
    """The ``index``-th smallest score (0-based)."""
    seen = 0
    for score, count in histogram:
        seen += count
        if index < seen:
            return score
    raise IndexError(index)


def quantile(histogram: Histogram, p: Decimal) -> Decimal:
    """The ``p`` quantile by linear interpolation between order statistics ("type 7": position (n − 1)·p,
    0-based), exact."""
    n = total(histogram)
    if n == 0:
        raise ValueError("An empty histogram has no quantiles.")
    position = (n - 1) * p
    below = int(position)  # position ≥ 0: int() is the floor
    fraction = position - below
    low = _order_statistic(histogram, below)
    if fraction == 0:
        return low
    high = _order_statistic(histogram, below + 1)
    return low + (high - low) * fraction


def mean(histogram: Histogram) -> Decimal:
    n = total(histogram)
    if n == 0:
        raise ValueError("An empty histogram has no mean.")
    return sum((score * count for score, count in histogram), Decimal(0)) / n


def percentile_rank(histogram: Histogram, score: Decimal) -> Decimal:
    """100 × (count below + ½ × count equal) ÷ n, exact."""
    below = sum(count for value, count in histogram if value < score)
    equal = sum(count for value, count in histogram if value == score)
    return Decimal(100) * (below + Decimal(equal) / 2) / total(histogram)


@dataclass(frozen=True)
class Stats:
    n: int
    mean: Decimal  # rounded half up to 2 decimals for display and JSON
    median: Decimal
    p25: Decimal
    p75: Decimal
    # The organization's own rank (1 decimal), None when its own score is undefined.
    percentile_rank: Decimal | None


def statistics(histogram: Histogram, own: Decimal | None) -> Stats:
    """The statistics of one dimension (or the overall score) of a peer group, and the organization's rank."""
    p25, median, p75 = (quantile(histogram, p) for p in QUARTILES)
    return Stats(
        n=total(histogram),
        mean=mean(histogram).quantize(CENT, rounding=ROUND_HALF_UP),
        median=median.quantize(CENT, rounding=ROUND_HALF_UP),
        p25=p25.quantize(CENT, rounding=ROUND_HALF_UP),
        p75=p75.quantize(CENT, rounding=ROUND_HALF_UP),
        percentile_rank=(
            None if own is None else percentile_rank(histogram, own).quantize(TENTH, rounding=ROUND_HALF_UP)
        ),
    )
