"""Statistics of a peer group over the histogram of its scores: pure functions of plain values.

Scores are stored rounded to 2 decimals in [1, 5], so a histogram holds at most 401 values per dimension,
whatever the number of peers. Every figure is an exact Decimal until it is rounded for display.

A small group's figures are computed from each peer's level band instead of its score (``banded``): every
score stands for the middle of its band, the organization's own too. Whatever the other peers' scores, such
figures then tell no more of one peer's score than its level.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

QUARTILES = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))
LOWEST, HIGHEST = Decimal(1), Decimal(5)
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


def band_middle(score: Decimal, floors: Sequence[Decimal]) -> Decimal:
    """The middle of the level band that holds ``score``; ``floors`` are the levels' minimum scores, ascending
    (the top band ends at 5)."""
    low, high = LOWEST, HIGHEST
    for floor in floors:
        if floor <= score:
            low = floor
        else:
            high = floor
            break
    return (low + high) / 2


def banded(histogram: Histogram, floors: Sequence[Decimal]) -> list[tuple[Decimal, int]]:
    """The histogram with every score replaced by the middle of its level band."""
    counts: dict[Decimal, int] = {}
    for score, count in histogram:
        middle = band_middle(score, floors)
        counts[middle] = counts.get(middle, 0) + count
    return sorted(counts.items())


@dataclass(frozen=True)
class Stats:
    n: int
    mean: Decimal  # rounded half up to 2 decimals for display and JSON
    median: Decimal
    p25: Decimal
    p75: Decimal
    # The organization's own rank (1 decimal), None when its own score is undefined.
    percentile_rank: Decimal | None
    banded: bool = False  # computed from the peers' level bands, not their scores (a small group)


def statistics(
    histogram: Histogram, own: Decimal | None, *, floors: Sequence[Decimal] | None = None
) -> Stats:
    """The statistics of one dimension (or the overall score) of a peer group, and the organization's rank;
    with ``floors`` (the levels' minimum scores), from the middles of the level bands of the scores."""
    if floors is not None:
        histogram = banded(histogram, floors)
        own = None if own is None else band_middle(own, floors)
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
        banded=floors is not None,
    )
