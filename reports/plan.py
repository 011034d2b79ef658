"""Rule 9 of PRODUCT.md: which recommendations apply, and in which order, as pure functions."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from assessments.scoring import Level, default_target_level, level_for

IMPACT_RANK = {"high": 0, "medium": 1, "low": 2}
EFFORT_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True)
class PlanDimension:
    code: str
    weight: Decimal
    order: int
    score: Decimal | None  # the stored (rounded) dimension score
    level: int | None
    target_level: int | None  # None -> default_target_level(level)


@dataclass(frozen=True)
class PlanRecommendation:
    key: object  # opaque id the caller uses to find the recommendation again
    dimension: str
    min_level: int
    max_level: int
    effort: str  # "low" | "medium" | "high"
    impact: str  # "low" | "medium" | "high"
    question: str | None = None  # set for a question recommendation
    max_score: Decimal | None = None


@dataclass(frozen=True)
class PlanItem:
    recommendation: PlanRecommendation
    dimension: PlanDimension
    gap: Decimal
    priority: Decimal  # W(d) × gap


def _clamp_level(level: int, levels: Iterable[Level]) -> Level:
    """The bank level for `level`, clamped to the bank's lowest and highest levels."""
    by_number = {entry.level: entry for entry in levels}
    clamped = min(max(level, min(by_number)), max(by_number))
    return by_number[clamped]


def gap(score: Decimal, target_level: int, levels: Iterable[Level]) -> Decimal:
    target = _clamp_level(target_level, levels)
    return max(Decimal(0), target.min_score - score)


def _applies(
    recommendation: PlanRecommendation,
    level: int,
    question_scores: Mapping[str, Decimal | None],
) -> bool:
    if recommendation.question is None:
        return recommendation.min_level <= level <= recommendation.max_level
    # A question recommendation ignores the level range: it targets one weak answer, whatever the dimension's
    # level. Without a max score it applies to any scored answer.
    score = question_scores.get(recommendation.question)
    if score is None:
        return False
    return recommendation.max_score is None or score <= recommendation.max_score


def build_plan(
    dimensions: Iterable[PlanDimension],
    recommendations: Iterable[PlanRecommendation],
    levels: Iterable[Level],
    question_scores: Mapping[str, Decimal | None],
) -> list[PlanItem]:
    levels = tuple(levels)
    top = max(entry.level for entry in levels)
    defined = {dimension.code: dimension for dimension in dimensions if dimension.score is not None}

    ranked = []
    for position, recommendation in enumerate(recommendations):
        dimension = defined.get(recommendation.dimension)
        if dimension is None:
            continue
        level = dimension.level
        if level is None:
            level = level_for(dimension.score, levels)
        if not _applies(recommendation, level, question_scores):
            continue
        target = dimension.target_level
        if target is None:
            target = default_target_level(level, top)
        dimension_gap = gap(dimension.score, target, levels)
        item = PlanItem(
            recommendation=recommendation,
            dimension=dimension,
            gap=dimension_gap,
            priority=dimension.weight * dimension_gap,
        )
        sort_key = (
            -item.priority,
            IMPACT_RANK[recommendation.impact],
            EFFORT_RANK[recommendation.effort],
            dimension.order,
            position,
        )
        ranked.append((sort_key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]
