"""Scoring rules 1–8 of PRODUCT.md as pure functions over plain data.

Every figure is a Decimal. Scores are kept unrounded; rounding (rule 6) happens only for storage and
display, through `round_half_up` and the `rounded_*` properties.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from statistics import mean

ROUND = Decimal("0.01")
MIN_SCORE = Decimal(1)
MAX_SCORE = Decimal(5)

LEVEL = "level"
CHOICE = "choice"
CHECKLIST = "checklist"
QUESTION_TYPES = (LEVEL, CHOICE, CHECKLIST)

# Sums of weight × score are taken at this precision so that they are exact (scores carry at most the
# default 28 digits): the one rounding left is the final division, which keeps a mean between its extremes
# and makes it independent of the order of its terms.
_EXACT_SUM_PRECISION = 100


class ScoringError(ValueError):
    """Answers or scores that do not fit the question bank."""


@dataclass(frozen=True)
class Option:
    code: str
    score: Decimal  # level: 1..5; choice: in [1, 5]; checklist: the option's weight (> 0)


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str
    type: str  # one of QUESTION_TYPES
    weight: Decimal  # 0 = informational, never scored
    options: tuple[Option, ...]
    allow_na: bool = False
    required: bool = True


@dataclass(frozen=True)
class Dimension:
    code: str
    weight: Decimal
    order: int = 0


@dataclass(frozen=True)
class Level:
    level: int
    min_score: Decimal


@dataclass(frozen=True)
class Bank:
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Answer:
    options: tuple[str, ...] = ()  # chosen option codes
    not_applicable: bool = False


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(ROUND, rounding=ROUND_HALF_UP)


def _round_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


def question_score(question: Question, answer: Answer | None) -> Decimal | None:
    if answer is None:
        return None
    chosen = tuple(answer.options)
    if answer.not_applicable:
        if not question.allow_na:
            raise ScoringError(f"question {question.code} does not allow N/A")
        if chosen:
            raise ScoringError(f"question {question.code}: options given together with N/A")
        return None

    options = {option.code: option for option in question.options}
    unknown = [code for code in chosen if code not in options]
    if unknown:
        raise ScoringError(f"question {question.code}: unknown option {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise ScoringError(f"question {question.code}: an option is chosen twice")

    if question.type == CHECKLIST:
        total = sum((option.score for option in question.options), Decimal(0))
        if total <= 0:
            return MIN_SCORE
        ticked = sum((options[code].score for code in chosen), Decimal(0))
        # One division, so that ticking everything gives exactly 5.
        return (total + 4 * ticked) / total
    if question.type in (LEVEL, CHOICE):
        if not chosen:
            return None
        if len(chosen) > 1:
            raise ScoringError(f"question {question.code}: several options on a {question.type} question")
        return options[chosen[0]].score
    raise ScoringError(f"question {question.code}: unknown type {question.type!r}")


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Σ w·s ÷ Σ w over the pairs with a score and a positive weight; None when none is left."""
    kept = [(weight, score) for weight, score in pairs if score is not None and weight > 0]
    if not kept:
        return None
    with localcontext(prec=_EXACT_SUM_PRECISION):
        total_weight = sum((weight for weight, _ in kept), Decimal(0))
        weighted_sum = sum((weight * score for weight, score in kept), Decimal(0))
    return weighted_sum / total_weight


def percent(score: Decimal) -> Decimal:
    return (score - 1) / 4 * 100


def level_for(score: Decimal, levels: Iterable[Level]) -> int:
    levels = tuple(levels)
    if not levels:
        raise ScoringError("the bank has no levels")
    reached = [level.level for level in levels if level.min_score <= score]
    # A score below every minimum (a bank whose first level starts above 1) stays at the first level.
    return max(reached) if reached else min(level.level for level in levels)


def default_target_level(level: int, top: int = 5) -> int:
    return min(level + 1, top)


def _answer_counts(question: Question, answer: Answer | None) -> bool:
    if answer is None:
        return False
    if answer.not_applicable:
        return question.allow_na
    # A checklist with nothing ticked is a real answer ("none of these"); a level or choice question is not.
    return bool(answer.options) or question.type == CHECKLIST


def missing_required(bank: Bank, answers: Mapping[str, Answer]) -> list[str]:
    return [
        question.code
        for question in bank.questions
        if question.required and not _answer_counts(question, answers.get(question.code))
    ]


def workshop_question_score(scores: Sequence[Decimal], agreed: Decimal | None = None) -> Decimal | None:
    if agreed is not None:
        return agreed
    if not scores:
        return None
    return mean(scores)


def no_consensus(scores: Sequence[Decimal]) -> bool:
    return len(scores) >= 2 and max(scores) - min(scores) >= 2


class _Rounded:
    """Rule 6 for a score and its percent, kept unrounded on the object."""

    score: Decimal | None
    percent: Decimal | None

    @property
    def rounded_score(self) -> Decimal | None:
        return _round_or_none(self.score)

    @property
    def rounded_percent(self) -> Decimal | None:
        return _round_or_none(self.percent)


@dataclass(frozen=True)
class DimensionResult(_Rounded):
    code: str
    score: Decimal | None  # unrounded; None = not enough answers
    percent: Decimal | None  # unrounded
    level: int | None
    answered: int  # questions with a score, whatever their weight
    not_applicable: int  # questions without a score that were answered N/A
    questions: int


@dataclass(frozen=True)
class Result(_Rounded):
    score: Decimal | None  # overall, unrounded
    percent: Decimal | None
    level: int | None
    dimensions: tuple[DimensionResult, ...]  # every dimension of the bank, in bank order
    question_scores: Mapping[str, Decimal | None]  # every question of the bank, unrounded


def _check_known(bank: Bank, codes: Iterable[str]) -> None:
    known = {question.code for question in bank.questions}
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ScoringError(f"no such question in the bank: {', '.join(unknown)}")


def _ordered_dimensions(bank: Bank) -> list[Dimension]:
    return sorted(bank.dimensions, key=lambda dimension: dimension.order)


def score_questions(
    bank: Bank,
    question_scores: Mapping[str, Decimal | None],
    not_applicable: Collection[str] = (),
) -> Result:
    """Rules 2–5 from per-question scores (a question missing from `question_scores` has no score)."""
    _check_known(bank, question_scores)
    _check_known(bank, not_applicable)
    dimension_codes = {dimension.code for dimension in bank.dimensions}
    scores: dict[str, Decimal | None] = {}
    for question in bank.questions:
        if question.dimension not in dimension_codes:
            raise ScoringError(f"question {question.code}: no such dimension {question.dimension}")
        score = question_scores.get(question.code)
        if score is not None and not MIN_SCORE <= score <= MAX_SCORE:
            raise ScoringError(f"question {question.code}: score {score} outside [1, 5]")
        scores[question.code] = score
    not_applicable = set(not_applicable)

    dimension_results = []
    for dimension in _ordered_dimensions(bank):
        questions = [question for question in bank.questions if question.dimension == dimension.code]
        score = weighted_mean((question.weight, scores[question.code]) for question in questions)
        dimension_results.append(
            DimensionResult(
                code=dimension.code,
                score=score,
                percent=None if score is None else percent(score),
                level=None if score is None else level_for(score, bank.levels),
                answered=sum(1 for question in questions if scores[question.code] is not None),
                not_applicable=sum(
                    1
                    for question in questions
                    if question.code in not_applicable and scores[question.code] is None
                ),
                questions=len(questions),
            )
        )

    weights = {dimension.code: dimension.weight for dimension in bank.dimensions}
    overall = weighted_mean((weights[result.code], result.score) for result in dimension_results)
    return Result(
        score=overall,
        percent=None if overall is None else percent(overall),
        level=None if overall is None else level_for(overall, bank.levels),
        dimensions=tuple(dimension_results),
        question_scores=scores,
    )


def score_answers(bank: Bank, answers: Mapping[str, Answer]) -> Result:
    _check_known(bank, answers)
    scores = {
        question.code: question_score(question, answers.get(question.code)) for question in bank.questions
    }
    not_applicable = [code for code, answer in answers.items() if answer.not_applicable]
    return score_questions(bank, scores, not_applicable)


def score_workshop(
    bank: Bank,
    answers: Iterable[Mapping[str, Answer]],
    agreed: Mapping[str, Decimal] | None = None,
) -> Result:
    """Rule 8: `answers` holds one mapping per participant; `agreed` the facilitator's agreed scores."""
    answers = list(answers)
    agreed = agreed or {}
    for participant_answers in answers:
        _check_known(bank, participant_answers)
    _check_known(bank, agreed)

    scores: dict[str, Decimal | None] = {}
    not_applicable = []
    for question in bank.questions:
        given = [participant_answers.get(question.code) for participant_answers in answers]
        participant_scores = [
            score for score in (question_score(question, answer) for answer in given) if score is not None
        ]
        scores[question.code] = workshop_question_score(participant_scores, agreed.get(question.code))
        if any(answer is not None and answer.not_applicable for answer in given):
            not_applicable.append(question.code)
    return score_questions(bank, scores, not_applicable)
