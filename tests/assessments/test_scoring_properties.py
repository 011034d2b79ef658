"""Scoring rules 1–8 (PRODUCT.md) as properties that hold over random banks and answers."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    Answer,
    Bank,
    Dimension,
    Level,
    Option,
    Question,
    level_for,
    percent,
    round_half_up,
    score_answers,
    score_workshop,
)
from tests.documents import DEFAULT_LEVELS
from tests.scoring_banks import NA

D = Decimal


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
