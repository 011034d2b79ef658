"""Scoring rule 1 (PRODUCT.md): what an answer to a question scores, and which answers are refused."""

from decimal import Decimal

import pytest

from assessments.scoring import Answer, ScoringError, question_score, round_half_up, score_answers
from tests.scoring_banks import NA, checklist_question, choice_question, level_question, make_bank, pick

D = Decimal


def test_level_question_scores_the_chosen_level():
    assert question_score(level_question("q"), pick("3")) == 3


def test_choice_question_scores_the_option_score():
    assert question_score(choice_question("q", ["1", "2.5", "5"]), pick("b")) == D("2.5")


def test_checklist_scores_the_share_of_ticked_weight():
    # Weights 1, 1, 2; first and third ticked: 1 + 4 × (1 + 2) / 4 = 4.00
    question = checklist_question("q", ["1", "1", "2"])
    assert question_score(question, pick("a", "c")) == 4


def test_checklist_with_nothing_ticked_scores_1():
    assert question_score(checklist_question("q", ["1", "1", "2"]), pick()) == 1


def test_checklist_with_everything_ticked_scores_exactly_5():
    # Weights 1, 1, 1: 1 + 4 × 3/3 = 5 (no 4.999… from dividing first)
    question = checklist_question("q", ["1", "1", "1"])
    assert question_score(question, pick("a", "b", "c")) == 5


def test_checklist_score_is_exact_where_a_float_would_round_down():
    # Weights 267 and 533, first ticked: 1 + 4 × 267/800 = 1 + 1.335 = 2.335 exactly, so 2.34 half up
    # (as a float, 2.335 is 2.33499999… and would give 2.33).
    score = question_score(checklist_question("q", ["267", "533"]), pick("a"))
    assert score == D("2.335")
    assert round_half_up(score) == D("2.34")


def test_na_answer_gives_no_score():
    assert question_score(level_question("q", allow_na=True), NA) is None


def test_no_answer_gives_no_score():
    assert question_score(level_question("q"), None) is None


def test_level_answer_without_an_option_counts_as_unanswered():
    assert question_score(level_question("q"), Answer()) is None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        pytest.param(level_question("q"), pick("6"), id="unknown-option-code"),
        pytest.param(checklist_question("q", ["1", "2"]), pick("a", "z"), id="unknown-checklist-option"),
        pytest.param(level_question("q"), pick("2", "3"), id="two-options-on-level"),
        pytest.param(choice_question("q", ["1", "5"]), pick("a", "b"), id="two-options-on-choice"),
        pytest.param(checklist_question("q", ["1", "2"]), pick("a", "a"), id="checklist-option-twice"),
        pytest.param(
            level_question("q", allow_na=True),
            Answer(options=("3",), not_applicable=True),
            id="options-and-na",
        ),
        pytest.param(level_question("q", allow_na=False), NA, id="na-not-allowed"),
    ],
)
def test_inconsistent_answer_raises_scoring_error(question, answer):
    with pytest.raises(ScoringError):
        question_score(question, answer)


def test_answer_to_a_question_not_in_the_bank_raises_scoring_error():
    bank = make_bank(level_question("strategy.vision"))
    with pytest.raises(ScoringError):
        score_answers(bank, {"strategy.vision": pick("3"), "strategy.unknown": pick("2")})


def test_scoring_error_is_a_value_error():
    assert issubclass(ScoringError, ValueError)
