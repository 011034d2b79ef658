"""From models to the plain data that the scoring engine (``scoring.py``, which knows nothing of Django)
works on."""

from collections.abc import Iterable

from . import scoring
from .models import Answer, Dimension, MaturityLevel, Question, QuestionBank


def plain_bank(
    levels: Iterable[MaturityLevel], dimensions: Iterable[Dimension], questions: Iterable[Question]
) -> scoring.Bank:
    """The plain-data view of a bank's objects already fetched (the questions with their ``options``
    prefetched), in the order given; no query."""
    dimensions = list(dimensions)
    codes = {dimension.pk: dimension.code for dimension in dimensions}
    return scoring.Bank(
        levels=tuple(scoring.Level(level.level, level.min_score) for level in levels),
        dimensions=tuple(
            scoring.Dimension(dimension.code, dimension.weight, dimension.order) for dimension in dimensions
        ),
        questions=tuple(
            scoring.Question(
                code=question.code,
                dimension=codes[question.dimension_id],
                type=question.type,
                weight=question.weight,
                options=tuple(scoring.Option(option.code, option.score) for option in question.options.all()),
                allow_na=question.allow_na,
                required=question.required,
            )
            for question in questions
        ),
    )


def scoring_bank(bank: QuestionBank) -> scoring.Bank:
    """The plain-data view of a bank, its questions in bank order. Queries: the levels, the dimensions, the
    questions, their options."""
    levels = list(bank.levels.all())
    dimensions = list(bank.dimensions.all())
    questions = list(bank.questions.in_bank_order().prefetch_related("options"))
    return plain_bank(levels, dimensions, questions)


def scoring_answer(answer: Answer) -> scoring.Answer:
    """The plain-data view of an answer (its ``options`` prefetched)."""
    return scoring.Answer(
        options=tuple(option.code for option in answer.options.all()), not_applicable=answer.not_applicable
    )
