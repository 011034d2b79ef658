"""Scoring rule 8 (PRODUCT.md): workshops, where participants' scores are averaged or agreed."""

from decimal import Decimal

import pytest

from assessments.scoring import (
    ScoringError,
    no_consensus,
    round_half_up,
    score_workshop,
    workshop_question_score,
)
from tests.scoring_banks import NA, level_question, make_bank, pick

D = Decimal


def test_workshop_question_score_is_the_mean_of_participant_scores():
    # (2 + 3 + 5) / 3 = 10/3 = 3.333…
    assert round_half_up(workshop_question_score([D(2), D(3), D(5)])) == D("3.33")


def test_workshop_agreed_score_replaces_the_mean():
    assert workshop_question_score([D(2), D(3), D(5)], agreed=D("4.5")) == D("4.5")
    assert workshop_question_score([], agreed=D(2)) == 2


def test_workshop_question_without_scores_is_unscored():
    assert workshop_question_score([]) is None


@pytest.mark.parametrize(
    ("scores", "flagged"),
    [
        (["2", "4"], True),  # spread 2
        (["2", "3.5"], False),  # spread 1.5
        (["1", "2", "3"], True),
        (["2.5", "4.49"], False),
        (["3"], False),  # a single score cannot disagree
        ([], False),
    ],
)
def test_no_consensus_when_two_scores_are_two_or_more_apart(scores, flagged):
    assert no_consensus([D(s) for s in scores]) is flagged


def test_score_workshop_averages_participants_and_excludes_na():
    # s1: participants 2, 4, 3 -> 3; s2: N/A, 3, unanswered -> 3; s3: all N/A -> unscored.
    # D = (3 + 3) / 2 = 3; not_applicable counts s3 only (s2 has a score).
    bank = make_bank(
        level_question("s1"),
        level_question("s2", allow_na=True),
        level_question("s3", allow_na=True),
    )
    participants = [
        {"s1": pick("2"), "s2": NA, "s3": NA},
        {"s1": pick("4"), "s2": pick("3"), "s3": NA},
        {"s1": pick("3")},
    ]
    result = score_workshop(bank, participants)
    assert result.question_scores == {"s1": 3, "s2": 3, "s3": None}
    [strategy] = result.dimensions
    assert strategy.score == 3
    assert (strategy.answered, strategy.not_applicable, strategy.questions) == (2, 1, 3)


def test_score_workshop_uses_agreed_scores():
    # Agreed s1 = 4 replaces the mean 3: D = (4 + 3) / 2 = 3.5, level 4, percent 62.5
    bank = make_bank(level_question("s1"), level_question("s2"))
    participants = [{"s1": pick("2"), "s2": pick("3")}, {"s1": pick("4"), "s2": pick("3")}]
    result = score_workshop(bank, participants, agreed={"s1": D(4)})
    assert result.question_scores == {"s1": 4, "s2": 3}
    assert result.score == D("3.5")
    assert result.level == 4
    assert result.percent == D("62.5")


def test_score_workshop_rejects_an_answer_to_an_unknown_question():
    bank = make_bank(level_question("s1"))
    with pytest.raises(ScoringError):
        score_workshop(bank, [{"s1": pick("2")}, {"zz": pick("2")}])
    with pytest.raises(ScoringError):
        score_workshop(bank, [{"s1": pick("2")}], agreed={"zz": D(3)})
