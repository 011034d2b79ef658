"""Scoring rules 1–8 (PRODUCT.md), pinned with worked examples computed by hand, then with properties."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    Answer,
    Bank,
    Dimension,
    Level,
    Option,
    Question,
    ScoringError,
    default_target_level,
    level_for,
    missing_required,
    no_consensus,
    percent,
    question_score,
    round_half_up,
    score_answers,
    score_questions,
    score_workshop,
    weighted_mean,
    workshop_question_score,
)
from tests.documents import DEFAULT_LEVELS

D = Decimal


def level_question(code, dimension="strategy", weight="1", **kwargs):
    options = tuple(Option(str(n), D(n)) for n in range(1, 6))
    return Question(code, dimension, "level", D(weight), options, **kwargs)


def choice_question(code, scores, dimension="strategy", weight="1", **kwargs):
    options = tuple(Option(chr(ord("a") + i), D(score)) for i, score in enumerate(scores))
    return Question(code, dimension, "choice", D(weight), options, **kwargs)


def checklist_question(code, weights, dimension="strategy", weight="1", **kwargs):
    options = tuple(Option(chr(ord("a") + i), D(w)) for i, w in enumerate(weights))
    return Question(code, dimension, "checklist", D(weight), options, **kwargs)


def make_bank(*questions, dimensions=None):
    if dimensions is None:
        codes = dict.fromkeys(question.dimension for question in questions)
        dimensions = tuple(Dimension(code, D(1)) for code in codes)
    return Bank(DEFAULT_LEVELS, tuple(dimensions), tuple(questions))


def pick(*codes):
    return Answer(options=codes)


NA = Answer(not_applicable=True)


# Rule 1: question scores


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


# Rule 4: percent


@pytest.mark.parametrize(
    ("score", "expected"),
    [("1", "0"), ("5", "100"), ("3", "50"), ("2.875", "46.875"), ("3.4", "60")],
)
def test_percent_maps_1_to_5_onto_0_to_100(score, expected):
    # e.g. (2.875 − 1) / 4 × 100 = 46.875
    assert percent(D(score)) == D(expected)


def test_percent_of_a_third_rounds_to_33_33():
    # s = 7/3 (checklist 1 of 3 equal weights): (7/3 − 1) / 4 × 100 = 100/3 = 33.333… -> 33.33
    bank = make_bank(checklist_question("s1", ["1", "1", "1"]))
    result = score_answers(bank, {"s1": pick("a")})
    assert result.rounded_score == D("2.33")
    assert result.rounded_percent == D("33.33")


def test_percent_is_computed_from_the_unrounded_score():
    # O = 2.335 exactly (weights 0.665 and 0.335 on scores 2 and 3: 1.33 + 1.005 = 2.335).
    # From the unrounded score: (2.335 − 1) / 4 × 100 = 33.375 -> 33.38.
    # From the rounded score 2.34 it would be 33.50.
    bank = make_bank(level_question("s1", weight="0.665"), level_question("s2", weight="0.335"))
    result = score_answers(bank, {"s1": pick("2"), "s2": pick("3")})
    assert result.score == D("2.335")
    assert result.rounded_score == D("2.34")
    assert result.rounded_percent == D("33.38")
    assert round_half_up(percent(result.rounded_score)) == D("33.50")


# Rule 5: level


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("1", 1),
        ("1.7999", 1),
        ("1.8", 2),
        ("2.5999", 2),
        ("2.6", 3),
        ("3.3999", 3),
        ("3.4", 4),
        ("4.1999", 4),
        ("4.2", 5),
        ("5", 5),
    ],
)
def test_level_is_the_highest_level_whose_minimum_is_reached(score, level):
    assert level_for(D(score), DEFAULT_LEVELS) == level


def test_level_is_computed_from_the_unrounded_score():
    # Checklist weights 399 and 601, first ticked: 1 + 4 × 399/1000 = 2.596, shown 2.60 but below the
    # 2.6 minimum of level 3, so level 2.
    bank = make_bank(checklist_question("s1", ["399", "601"]))
    result = score_answers(bank, {"s1": pick("a")})
    assert result.score == D("2.596")
    assert result.rounded_score == D("2.60")
    assert result.level == 2


def test_level_below_every_minimum_is_the_first_level():
    levels = (Level(1, D("1.5")), Level(2, D("3")))
    assert level_for(D("1.2"), levels) == 1


def test_level_order_in_the_bank_does_not_matter():
    assert level_for(D("3.5"), tuple(reversed(DEFAULT_LEVELS))) == 4


@pytest.mark.parametrize(("level", "target"), [(1, 2), (4, 5), (5, 5)])
def test_default_target_level_is_the_next_level_at_most_the_top(level, target):
    assert default_target_level(level) == target


def test_default_target_level_respects_a_lower_top():
    assert default_target_level(3, top=3) == 3


# Rule 6: rounding


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("2.345", "2.35"),
        ("2.344999", "2.34"),
        ("2.125", "2.13"),  # half up, not half even (which would give 2.12)
        ("2.3350", "2.34"),
        ("2.334999999", "2.33"),
        ("33.375", "33.38"),
        ("5", "5.00"),
        ("1", "1.00"),
    ],
)
def test_round_half_up_to_two_decimals(value, rounded):
    result = round_half_up(D(value))
    assert result == D(rounded)
    assert str(result) == rounded


def test_a_computed_score_exactly_on_the_half_rounds_up():
    # D = (2·2.25 + 2·2.42) / 4 = (4.5 + 4.84) / 4 = 9.34 / 4 = 2.335 -> 2.34
    bank = make_bank(choice_question("s1", ["2.25"], weight="2"), choice_question("s2", ["2.42"], weight="2"))
    result = score_answers(bank, {"s1": pick("a"), "s2": pick("a")})
    assert result.dimensions[0].score == D("2.3350")
    assert result.dimensions[0].rounded_score == D("2.34")


# Rule 7: required questions


def test_missing_required_lists_unanswered_required_questions_in_bank_order():
    bank = make_bank(
        level_question("s1"),
        level_question("s2"),
        level_question("s3", required=False),
        level_question("s4"),
    )
    assert missing_required(bank, {"s2": pick("3")}) == ["s1", "s4"]


@pytest.mark.parametrize(
    ("question", "answer", "missing"),
    [
        pytest.param(level_question("q"), None, True, id="no-answer"),
        pytest.param(level_question("q"), Answer(), True, id="level-without-option"),
        pytest.param(level_question("q"), pick("2"), False, id="level-answered"),
        pytest.param(level_question("q", allow_na=True), NA, False, id="na-where-allowed"),
        pytest.param(level_question("q", allow_na=False), NA, True, id="na-where-not-allowed"),
        pytest.param(checklist_question("q", ["1", "2"]), Answer(), False, id="checklist-nothing-ticked"),
        pytest.param(checklist_question("q", ["1", "2"]), None, True, id="checklist-no-answer"),
        pytest.param(checklist_question("q", ["1", "2"]), NA, True, id="checklist-na-not-allowed"),
        pytest.param(level_question("q", required=False), None, False, id="optional"),
        pytest.param(level_question("q", weight="0"), None, True, id="informational-but-required"),
    ],
)
def test_missing_required_counts_an_answer_only_when_it_is_one(question, answer, missing):
    answers = {} if answer is None else {"q": answer}
    assert missing_required(make_bank(question), answers) == (["q"] if missing else [])


# Rule 8: workshops


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


# Properties over random banks and answers


def decimals(min_value, max_value, places=2):
    return st.decimals(min_value, max_value, places=places, allow_nan=False, allow_infinity=False)


weights = decimals(0, 5)  # 0 included: informational questions, unweighted dimensions
positive_weights = decimals("0.01", 10)
choice_scores = decimals(1, 5)


@st.composite
def questions(draw, code, dimension_codes):
    kind = draw(st.sampled_from(["level", "choice", "checklist"]))
    if kind == "level":
        options = tuple(Option(str(n), D(n)) for n in range(1, 6))
    else:
        values = draw(
            st.lists(choice_scores if kind == "choice" else positive_weights, min_size=1, max_size=6)
        )
        options = tuple(Option(f"o{i}", value) for i, value in enumerate(values))
    return Question(
        code=code,
        dimension=draw(st.sampled_from(dimension_codes)),
        type=kind,
        weight=draw(weights),
        options=options,
        allow_na=draw(st.booleans()),
        required=draw(st.booleans()),
    )


@st.composite
def answers_for(draw, question):
    choices = ["none", "options"] + (["na"] if question.allow_na else [])
    choice = draw(st.sampled_from(choices))
    if choice == "none":
        return None
    if choice == "na":
        return NA
    codes = [option.code for option in question.options]
    if question.type == "checklist":
        return Answer(options=tuple(draw(st.lists(st.sampled_from(codes), unique=True))))
    return Answer(options=(draw(st.sampled_from(codes)),))


@st.composite
def banks_with_answers(draw):
    codes = draw(st.lists(st.sampled_from(["strategy", "journey", "voc", "tech"]), min_size=1, unique=True))
    dimensions = tuple(Dimension(code, draw(weights), order=draw(st.integers(0, 2))) for code in codes)
    count = draw(st.integers(min_value=1, max_value=12))
    bank_questions = tuple(draw(questions(f"q{i}", codes)) for i in range(count))
    answers = {}
    for question in bank_questions:
        answer = draw(answers_for(question))
        if answer is not None:
            answers[question.code] = answer
    return Bank(DEFAULT_LEVELS, dimensions, bank_questions), answers


def defined_scores(result):
    scores = [result.score, *(d.score for d in result.dimensions), *result.question_scores.values()]
    return [score for score in scores if score is not None]


@given(banks_with_answers())
def test_every_defined_score_lies_between_1_and_5_and_percent_between_0_and_100(bank_and_answers):
    result = score_answers(*bank_and_answers)
    for score in defined_scores(result):
        assert 1 <= score <= 5
        assert 0 <= percent(score) <= 100
        assert 1 <= round_half_up(score) <= 5
    for item in [result, *result.dimensions]:
        if item.score is None:
            assert (item.percent, item.level) == (None, None)
        else:
            assert 0 <= item.percent <= 100
            assert item.level == level_for(item.score, DEFAULT_LEVELS)


@given(banks_with_answers(), st.randoms(use_true_random=False))
def test_order_of_questions_and_answers_does_not_change_the_result(bank_and_answers, random):
    bank, answers = bank_and_answers
    shuffled_questions = list(bank.questions)
    random.shuffle(shuffled_questions)
    shuffled_answers = list(answers.items())
    random.shuffle(shuffled_answers)
    shuffled_answers = [
        (code, replace(answer, options=tuple(random.sample(answer.options, len(answer.options)))))
        for code, answer in shuffled_answers
    ]
    reordered = Bank(bank.levels, bank.dimensions, tuple(shuffled_questions))
    assert score_answers(reordered, dict(shuffled_answers)) == score_answers(bank, answers)


@given(banks_with_answers())
def test_overall_lies_between_the_lowest_and_highest_counted_dimension(bank_and_answers):
    bank, answers = bank_and_answers
    result = score_answers(bank, answers)
    weights_by_code = {dimension.code: dimension.weight for dimension in bank.dimensions}
    counted = [d.score for d in result.dimensions if d.score is not None and weights_by_code[d.code] > 0]
    if counted:
        assert min(counted) <= result.score <= max(counted)
    else:
        assert result.score is None


@given(banks_with_answers())
def test_workshop_of_one_participant_scores_like_a_self_assessment(bank_and_answers):
    bank, answers = bank_and_answers
    assert score_workshop(bank, [answers]) == score_answers(bank, answers)


@given(banks_with_answers())
def test_workshop_of_identical_participants_scores_like_one(bank_and_answers):
    bank, answers = bank_and_answers
    assert score_workshop(bank, [answers, answers, answers]) == score_workshop(bank, [answers])


@given(
    decimals(1, 5, places=4),
    decimals(1, 5, places=4),
    st.lists(decimals("1.01", 5), min_size=4, max_size=4),
)
def test_level_for_is_monotonic(first, second, upper_minimums):
    low, high = sorted([first, second])
    minimums = [D(1), *sorted(upper_minimums)]
    for levels in (DEFAULT_LEVELS, tuple(Level(n, m) for n, m in enumerate(minimums, start=1))):
        assert level_for(low, levels) <= level_for(high, levels)
