"""Rule 9 (PRODUCT.md): gaps, which recommendations apply, and their order, with worked examples."""

from decimal import Decimal

import pytest

from reports.plan import PlanDimension, PlanItem, PlanRecommendation, build_plan, gap
from tests.documents import DEFAULT_LEVELS

D = Decimal


def dimension(code="strategy", *, score, level, weight="1", order=0, target_level=None):
    return PlanDimension(
        code=code,
        weight=D(weight),
        order=order,
        score=None if score is None else D(score),
        level=level,
        target_level=target_level,
    )


def recommendation(key, dimension="strategy", *, levels=(1, 5), effort="medium", impact="medium", **kwargs):
    min_level, max_level = levels
    return PlanRecommendation(
        key=key,
        dimension=dimension,
        min_level=min_level,
        max_level=max_level,
        effort=effort,
        impact=impact,
        **kwargs,
    )


def plan_keys(dimensions, recommendations, question_scores=None):
    items = build_plan(dimensions, recommendations, DEFAULT_LEVELS, question_scores or {})
    return [item.recommendation.key for item in items]


# Gap


@pytest.mark.parametrize(
    ("score", "target", "expected"),
    [
        ("2.30", 3, "0.30"),  # 2.6 − 2.30
        ("1.00", 2, "0.80"),  # 1.8 − 1.00
        ("2.00", 5, "2.20"),  # 4.2 − 2.00: a target may be several levels up
        ("2.60", 3, "0"),  # exactly on the minimum: nothing left to close
        ("3.50", 4, "0"),  # target = current level: 3.4 − 3.50 < 0 -> 0
        ("3.50", 2, "0"),  # target below the current level -> 0
        ("3.50", 9, "0.70"),  # target above the top level is clamped to 5: 4.2 − 3.50
        ("4.50", 6, "0"),  # clamped to 5: 4.2 − 4.50 < 0 -> 0
    ],
)
def test_gap_is_the_distance_to_the_target_levels_minimum_never_negative(score, target, expected):
    assert gap(D(score), target, DEFAULT_LEVELS) == D(expected)


def test_plan_item_carries_gap_and_priority_with_the_default_target():
    # Level 2, D = 2.00, no target set: target 3, gap 2.6 − 2.00 = 0.60, priority W 1.5 × 0.60 = 0.90
    strategy = dimension(score="2.00", level=2, weight="1.5")
    rec = recommendation("r1")
    [item] = build_plan([strategy], [rec], DEFAULT_LEVELS, {})
    assert item == PlanItem(recommendation=rec, dimension=strategy, gap=D("0.60"), priority=D("0.90"))


def test_plan_uses_the_target_level_set_for_the_dimension():
    # Level 2, D = 2.00, target 5: gap 4.2 − 2.00 = 2.20, priority 2 × 2.20 = 4.40
    [item] = build_plan(
        [dimension(score="2.00", level=2, weight="2", target_level=5)],
        [recommendation("r1")],
        DEFAULT_LEVELS,
        {},
    )
    assert (item.gap, item.priority) == (D("2.20"), D("4.40"))


def test_default_target_at_the_top_level_stays_at_the_top():
    # Level 5, D = 4.60: default target min(5 + 1, 5) = 5, gap max(0, 4.2 − 4.60) = 0.
    # The recommendation still applies, with priority 0.
    [item] = build_plan([dimension(score="4.60", level=5)], [recommendation("r1")], DEFAULT_LEVELS, {})
    assert (item.gap, item.priority) == (0, 0)


def test_target_level_above_the_top_is_clamped():
    # Target 7 is treated as 5: gap 4.2 − 3.00 = 1.20
    [item] = build_plan(
        [dimension(score="3.00", level=3, target_level=7)], [recommendation("r1")], DEFAULT_LEVELS, {}
    )
    assert item.gap == D("1.20")


def test_missing_level_is_derived_from_the_score():
    # D = 2.70 -> level 3, so the 3–3 recommendation applies; target 4: gap 3.4 − 2.70 = 0.70
    [item] = build_plan(
        [dimension(score="2.70", level=None)], [recommendation("r1", levels=(3, 3))], DEFAULT_LEVELS, {}
    )
    assert item.gap == D("0.70")


# Which recommendations apply


def test_dimension_recommendations_apply_when_their_level_range_contains_the_current_level():
    strategy = dimension(score="2.00", level=2)
    recs = [
        recommendation("1-2", levels=(1, 2)),
        recommendation("2-2", levels=(2, 2)),
        recommendation("2-4", levels=(2, 4)),
        recommendation("1-1", levels=(1, 1)),
        recommendation("3-5", levels=(3, 5)),
    ]
    assert plan_keys([strategy], recs) == ["1-2", "2-2", "2-4"]


def test_question_recommendations_apply_when_the_question_scored_at_or_below_their_max_score():
    strategy = dimension(score="2.00", level=2)
    recs = [
        recommendation("at-max", question="strategy.vision", max_score=D("2")),
        recommendation("above-max", question="strategy.budget", max_score=D("2")),
        recommendation("unscored", question="strategy.owner", max_score=D("5")),
        recommendation("not-in-scores", question="strategy.other", max_score=D("5")),
    ]
    question_scores = {"strategy.vision": D("2"), "strategy.budget": D("2.5"), "strategy.owner": None}
    assert plan_keys([strategy], recs, question_scores) == ["at-max"]


def test_question_recommendations_ignore_the_level_range():
    # The dimension is at level 2; the 4–5 range would exclude a dimension recommendation, not this one.
    strategy = dimension(score="2.00", level=2)
    recs = [recommendation("weak-vision", levels=(4, 5), question="strategy.vision", max_score=D("2"))]
    assert plan_keys([strategy], recs, {"strategy.vision": D("1.5")}) == ["weak-vision"]


def test_question_recommendation_without_max_score_applies_whenever_the_question_is_scored():
    strategy = dimension(score="2.00", level=2)
    recs = [
        recommendation("any-score", question="strategy.vision"),
        recommendation("na", question="strategy.na"),
    ]
    assert plan_keys([strategy], recs, {"strategy.vision": D(5), "strategy.na": None}) == ["any-score"]


def test_dimension_without_a_score_gets_no_recommendations():
    journey = dimension("journey", score=None, level=None)
    recs = [
        recommendation("journey-dim", "journey"),
        recommendation("journey-q", "journey", question="journey.map", max_score=D("5")),
    ]
    assert plan_keys([journey], recs, {"journey.map": D(1)}) == []


def test_recommendation_for_a_dimension_not_in_the_plan_is_skipped():
    assert plan_keys([dimension(score="2.00", level=2)], [recommendation("elsewhere", "voc")]) == []


# Ordering


def test_plan_is_ordered_by_priority_first():
    # voc: W 3 × (1.8 − 1.50) = 0.90; strategy: W 1 × (2.6 − 2.00) = 0.60; journey: W 2 × (2.6 − 2.40) = 0.40.
    # Priority wins over impact, effort and dimension order.
    dimensions = [
        dimension("strategy", score="2.00", level=2, weight="1", order=1),
        dimension("journey", score="2.40", level=2, weight="2", order=0),
        dimension("voc", score="1.50", level=1, weight="3", order=2),
    ]
    recs = [
        recommendation("journey", "journey", impact="high", effort="low"),
        recommendation("strategy", "strategy", impact="medium", effort="medium"),
        recommendation("voc", "voc", impact="low", effort="high"),
    ]
    items = build_plan(dimensions, recs, DEFAULT_LEVELS, {})
    assert [item.recommendation.key for item in items] == ["voc", "strategy", "journey"]
    assert [item.priority for item in items] == [D("0.90"), D("0.60"), D("0.40")]


def test_equal_priority_is_ordered_by_impact_high_first_then_effort_low_first():
    strategy = dimension(score="2.00", level=2)
    recs = [
        recommendation("low-impact", impact="low", effort="low"),
        recommendation("high-impact-high-effort", impact="high", effort="high"),
        recommendation("medium-impact", impact="medium", effort="low"),
        recommendation("high-impact-low-effort", impact="high", effort="low"),
        recommendation("high-impact-medium-effort", impact="high", effort="medium"),
    ]
    assert plan_keys([strategy], recs) == [
        "high-impact-low-effort",
        "high-impact-medium-effort",
        "high-impact-high-effort",
        "medium-impact",
        "low-impact",
    ]


def test_equal_priority_impact_and_effort_are_ordered_by_dimension_order():
    # Same weight and gap (2.6 − 2.00 = 0.60 each): journey (order 1) before strategy (order 2).
    dimensions = [
        dimension("strategy", score="2.00", level=2, order=2),
        dimension("journey", score="2.00", level=2, order=1),
    ]
    recs = [recommendation("strategy", "strategy"), recommendation("journey", "journey")]
    assert plan_keys(dimensions, recs) == ["journey", "strategy"]


def test_effort_comes_before_dimension_order():
    dimensions = [
        dimension("strategy", score="2.00", level=2, order=1),
        dimension("journey", score="2.00", level=2, order=2),
    ]
    recs = [
        recommendation("strategy", "strategy", effort="high"),
        recommendation("journey", "journey", effort="low"),
    ]
    assert plan_keys(dimensions, recs) == ["journey", "strategy"]


def test_full_ties_keep_the_given_order_of_recommendations():
    strategy = dimension(score="2.00", level=2)
    recs = [recommendation(key) for key in ["c", "a", "b"]]
    assert plan_keys([strategy], recs) == ["c", "a", "b"]


def test_question_and_dimension_recommendations_share_one_ordering():
    # Same dimension, so same priority: the high-impact question recommendation goes first.
    strategy = dimension(score="2.00", level=2)
    recs = [
        recommendation("dimension", impact="medium"),
        recommendation("question", impact="high", question="strategy.vision", max_score=D(2)),
    ]
    assert plan_keys([strategy], recs, {"strategy.vision": D(1)}) == ["question", "dimension"]
