"""Scoring rules 2–3 (PRODUCT.md): dimension scores and the overall score, pinned with worked examples."""

from decimal import Decimal

import pytest

from assessments.scoring import Dimension, ScoringError, score_answers, score_questions, weighted_mean
from tests.scoring_banks import NA, choice_question, level_question, make_bank, pick

D = Decimal


# Rule 2: dimension score


def test_dimension_score_is_the_weighted_mean_of_its_question_scores():
    # (2·4 + 1·1 + 1·2.5) / (2 + 1 + 1) = 11.5 / 4 = 2.875
    bank = make_bank(
        level_question("s1", weight="2"),
        level_question("s2"),
        choice_question("s3", ["1", "2.5", "5"]),
    )
    result = score_answers(bank, {"s1": pick("4"), "s2": pick("1"), "s3": pick("b")})
    [strategy] = result.dimensions
    assert strategy.score == D("2.875")
    assert strategy.rounded_score == D("2.88")
    assert (strategy.answered, strategy.not_applicable, strategy.questions) == (3, 0, 3)


def test_question_with_weight_0_is_ignored_in_the_dimension_score_but_counts_as_answered():
    # s2 (weight 0, score 5) is informational: D = 2 / 1 = 2, not (2 + 5) / 2
    bank = make_bank(level_question("s1"), level_question("s2", weight="0"))
    result = score_answers(bank, {"s1": pick("2"), "s2": pick("5")})
    [strategy] = result.dimensions
    assert strategy.score == 2
    assert strategy.answered == 2
    assert result.question_scores["s2"] == 5


def test_dimension_with_only_weight_0_answers_is_undefined():
    bank = make_bank(level_question("s1", weight="0"))
    [strategy] = score_answers(bank, {"s1": pick("4")}).dimensions
    assert strategy.score is None
    assert strategy.answered == 1


def test_dimension_with_only_na_answers_is_undefined_and_left_out_of_the_overall():
    # strategy: D = 4; journey: both N/A, so undefined (not 0, not 1); overall = 4 / 1 = 4
    bank = make_bank(
        level_question("s1"),
        level_question("j1", dimension="journey", allow_na=True),
        level_question("j2", dimension="journey", allow_na=True),
    )
    result = score_answers(bank, {"s1": pick("4"), "j1": NA, "j2": NA})
    strategy, journey = result.dimensions
    assert strategy.score == 4
    assert journey.score is None
    assert journey.percent is None
    assert journey.level is None
    assert journey.rounded_score is None
    assert journey.rounded_percent is None
    assert (journey.answered, journey.not_applicable, journey.questions) == (0, 2, 2)
    assert result.score == 4


def test_na_answers_are_left_out_of_the_dimension_score():
    # s2 N/A: D = (1·2 + 1·4) / 2 = 3, not dragged down by a 1 or a 0
    bank = make_bank(level_question("s1"), level_question("s2", allow_na=True), level_question("s3"))
    [strategy] = score_answers(bank, {"s1": pick("2"), "s2": NA, "s3": pick("4")}).dimensions
    assert strategy.score == 3
    assert (strategy.answered, strategy.not_applicable, strategy.questions) == (2, 1, 3)


def test_unanswered_questions_are_left_out_of_the_dimension_score():
    bank = make_bank(level_question("s1", required=False), level_question("s2", required=False))
    [strategy] = score_answers(bank, {"s1": pick("5")}).dimensions
    assert strategy.score == 5
    assert (strategy.answered, strategy.not_applicable, strategy.questions) == (1, 0, 2)


def test_weighted_mean_ignores_missing_scores_and_non_positive_weights():
    # (2·3 + 1·4.5) / 3 = 10.5 / 3 = 3.5
    pairs = [(D(2), D(3)), (D(1), D("4.5")), (D(5), None), (D(0), D(1)), (D(-1), D(1))]
    assert weighted_mean(pairs) == D("3.5")


@pytest.mark.parametrize("pairs", [[], [(D(1), None)], [(D(0), D(3))]])
def test_weighted_mean_of_nothing_is_none(pairs):
    assert weighted_mean(pairs) is None


# Rule 3: overall score


def test_overall_is_the_weighted_mean_of_defined_dimensions():
    # strategy D = 3 (W 2), journey D = 2 (W 1), voc undefined (W 1):
    # O = (2·3 + 1·2) / (2 + 1) = 8/3 = 2.6666…, shown 2.67; percent (8/3 − 1) / 4 × 100 = 41.666… -> 41.67;
    # level 3 (2.666… ≥ 2.6)
    bank = make_bank(
        level_question("s1"),
        level_question("j1", dimension="journey"),
        level_question("v1", dimension="voc", required=False),
        dimensions=(Dimension("strategy", D(2)), Dimension("journey", D(1)), Dimension("voc", D(1))),
    )
    result = score_answers(bank, {"s1": pick("3"), "j1": pick("2")})
    assert result.rounded_score == D("2.67")
    assert result.rounded_percent == D("41.67")
    assert result.level == 3
    assert [d.code for d in result.dimensions] == ["strategy", "journey", "voc"]
    assert result.dimensions[2].score is None


def test_dimension_with_weight_0_is_left_out_of_the_overall():
    bank = make_bank(
        level_question("s1"),
        level_question("j1", dimension="journey"),
        dimensions=(Dimension("strategy", D(1)), Dimension("journey", D(0))),
    )
    result = score_answers(bank, {"s1": pick("2"), "j1": pick("5")})
    assert result.dimensions[1].score == 5
    assert result.score == 2


def test_overall_is_undefined_when_no_dimension_is():
    bank = make_bank(level_question("s1", allow_na=True))
    result = score_answers(bank, {"s1": NA})
    assert (result.score, result.percent, result.level) == (None, None, None)
    assert (result.rounded_score, result.rounded_percent) == (None, None)
    assert result.question_scores == {"s1": None}


def test_dimensions_come_in_bank_order():
    bank = make_bank(
        level_question("s1"),
        level_question("j1", dimension="journey"),
        level_question("v1", dimension="voc"),
        dimensions=(
            Dimension("strategy", D(1), order=2),
            Dimension("journey", D(1), order=1),
            Dimension("voc", D(1), 1),
        ),
    )
    result = score_answers(bank, {})
    assert [d.code for d in result.dimensions] == ["journey", "voc", "strategy"]


def test_score_questions_lists_every_question_and_treats_missing_ones_as_unscored():
    bank = make_bank(level_question("s1"), level_question("s2"))
    result = score_questions(bank, {"s1": D("2.5")})
    assert result.question_scores == {"s1": D("2.5"), "s2": None}
    assert result.score == D("2.5")


def test_score_questions_rejects_unknown_codes_and_scores_outside_1_to_5():
    bank = make_bank(level_question("s1"))
    with pytest.raises(ScoringError):
        score_questions(bank, {"nope": D(3)})
    with pytest.raises(ScoringError):
        score_questions(bank, {"s1": D("5.01")})
