"""The spread of a workshop's answers, question by question: pure functions of plain values.

A question's participant scores (rule 1; N/A gives none) make its distribution, mean, range and interquartile
range (linear interpolation between order statistics, as in benchmarks), and rule 8's "no consensus" flag.
Every figure is an exact Decimal until it is rounded for display.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments import scoring

from ..benchmarks.stats import mean, quantile

LOWER_QUARTILE = Decimal("0.25")
UPPER_QUARTILE = Decimal("0.75")
WHOLE_SCORES = tuple(Decimal(score) for score in range(1, 6))


@dataclass(frozen=True)
class Spread:
    """The spread of one question's participant scores; every figure is None without any score."""

    n: int  # scores counted (N/A excluded)
    mean: Decimal | None
    low: Decimal | None
    high: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    no_consensus: bool  # rule 8: at least two scores, and max − min ≥ 2

    @property
    def range(self) -> Decimal | None:
        return None if self.n == 0 else self.high - self.low

    @property
    def iqr(self) -> Decimal | None:
        return None if self.n == 0 else self.p75 - self.p25


def spread(scores: Iterable[Decimal]) -> Spread:
    scores = list(scores)
    if not scores:
        return Spread(n=0, mean=None, low=None, high=None, p25=None, p75=None, no_consensus=False)
    histogram = sorted(Counter(scores).items())
    return Spread(
        n=len(scores),
        mean=mean(histogram),
        low=histogram[0][0],
        high=histogram[-1][0],
        p25=quantile(histogram, LOWER_QUARTILE),
        p75=quantile(histogram, UPPER_QUARTILE),
        no_consensus=scoring.no_consensus(scores),
    )


@dataclass(frozen=True)
class Bin:
    """A bar of a distribution: the scores of one option (level and choice questions), or the scores nearest
    a whole number (checklists, whose scores fall anywhere in [1, 5])."""

    score: Decimal
    count: int

    @property
    def label(self) -> str:
        """The score as people write it: 3, 2.5."""
        return format(self.score.normalize(), "f")


@dataclass(frozen=True)
class QuestionSpread:
    code: str
    type: str
    bins: tuple[Bin, ...]
    not_applicable: int  # answers N/A
    spread: Spread

    @property
    def answered(self) -> int:
        """Answers that count in the distribution: a score or N/A."""
        return self.spread.n + self.not_applicable


def nearest_whole(score: Decimal) -> Decimal:
    return score.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def question_spread(question: scoring.Question, answers: Iterable[scoring.Answer]) -> QuestionSpread:
    """The distribution and spread of the participants' answers to one question. An answer without a score
    and not N/A (a level question with only a comment) is left out."""
    answers = list(answers)
    scores = [score for score in (scoring.question_score(question, a) for a in answers) if score is not None]
    if question.type == scoring.CHECKLIST:
        counts = Counter(nearest_whole(score) for score in scores)
        bins = tuple(Bin(score, counts[score]) for score in WHOLE_SCORES)
    else:
        chosen = Counter(answer.options[0] for answer in answers if answer.options)
        bins = tuple(Bin(option.score, chosen[option.code]) for option in question.options)
    return QuestionSpread(
        code=question.code,
        type=question.type,
        bins=bins,
        not_applicable=sum(1 for answer in answers if answer.not_applicable),
        spread=spread(scores),
    )


def by_disagreement[T](items: Sequence[T], spread_of: Callable[[T], Spread] = lambda item: item) -> list[T]:
    """The items whose scores disagree most first: by range, then interquartile range, both largest first;
    items without a score last; ties keep their order (the bank's)."""

    def key(item: T) -> tuple[int, Decimal, Decimal]:
        figures = spread_of(item)
        if figures.n == 0:
            return (1, Decimal(0), Decimal(0))
        return (0, -figures.range, -figures.iqr)

    return sorted(items, key=key)
