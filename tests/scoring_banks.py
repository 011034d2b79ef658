"""Small banks and answers for the pure scoring engine (``assessments.scoring``), built in code so each test
says what it varies."""

from decimal import Decimal

from assessments.scoring import Answer, Bank, Dimension, Option, Question
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
