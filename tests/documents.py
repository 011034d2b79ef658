"""Small ``cxmaturity.bank/1`` documents for tests, built in code so each test says what it varies."""

import copy
from decimal import Decimal

from assessments.scoring import Level


def t(text: str) -> dict[str, str]:
    return {"en": text, "ja": f"{text}（日本語）"}


LEVELS = [
    {"level": n, "min_score": score, "name": t(name), "description": t(f"{name} practice")}
    for n, score, name in [
        (1, 1.0, "Initial"),
        (2, 1.8, "Developing"),
        (3, 2.6, "Defined"),
        (4, 3.4, "Managed"),
        (5, 4.2, "Optimized"),
    ]
]


# The same thresholds for the pure scoring functions.
DEFAULT_LEVELS = tuple(Level(level["level"], Decimal(str(level["min_score"]))) for level in LEVELS)


def level_question(code: str, *, weight: float = 1.0, allow_na: bool = False, required: bool = True) -> dict:
    return {
        "code": code,
        "type": "level",
        "weight": weight,
        "allow_na": allow_na,
        "required": required,
        "text": t(f"How mature is {code}?"),
        "help": t("Think of the last year."),
        "options": [{"code": str(n), "score": n, "label": t(f"{code} at level {n}")} for n in range(1, 6)],
    }


def choice_question(code: str, scores=(1, 2.5, 5)) -> dict:
    question = level_question(code)
    question["type"] = "choice"
    question["options"] = [
        {"code": chr(ord("a") + i), "score": score, "label": t(f"choice {score}")}
        for i, score in enumerate(scores)
    ]
    return question


def checklist_question(code: str, weights=(1, 1, 2)) -> dict:
    question = level_question(code)
    question["type"] = "checklist"
    question["options"] = [
        {"code": chr(ord("a") + i), "score": weight, "label": t(f"practice {i}")}
        for i, weight in enumerate(weights)
    ]
    return question


def recommendation(
    min_level: int,
    max_level: int,
    *,
    question=None,
    max_score=None,
    effort="low",
    impact="high",
    title="Do the next thing",
) -> dict:
    return {
        "min_level": min_level,
        "max_level": max_level,
        "question": question,
        "max_score": max_score,
        "effort": effort,
        "impact": impact,
        "title": t(title),
        "body": t(f"{title}, with care."),
    }


def bank_document(
    slug: str = "test-bank",
    version: str = "1.0",
    *,
    status: str = "published",
    dimensions: dict[str, list[dict]] | None = None,
) -> dict:
    """A valid document; ``dimensions`` maps codes to question lists (default: two mixed dimensions)."""
    if dimensions is None:
        dimensions = {
            "strategy": [level_question("strategy.vision"), choice_question("strategy.budget")],
            "voc": [level_question("voc.surveys", allow_na=True), checklist_question("voc.metrics")],
        }
    return {
        "format": "cxmaturity.bank/1",
        "slug": slug,
        "version": version,
        "status": status,
        "title": t("Test bank"),
        "description": t("A bank for tests."),
        "levels": copy.deepcopy(LEVELS),
        "dimensions": [
            {
                "code": code,
                "weight": 1.0,
                "name": t(code.title()),
                "description": t(f"About {code}"),
                "questions": questions,
                "recommendations": [recommendation(1, 5, title=f"Improve {code}")],
            }
            for code, questions in dimensions.items()
        ],
    }
