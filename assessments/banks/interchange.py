"""The ``cxmaturity.bank/1`` interchange format: parse, import and export question banks.

``parse_bank`` reads JSON and validates it (``validation.py``); ``import_bank`` writes a valid document in one
transaction; ``export_bank`` writes a bank back out. Export → import into an empty database → export gives the
same document.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cxmaturity.i18n import CONTENT_LANGUAGES, texts

from ..models import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from .validation import FORMAT, Problem, validate_bank, validate_for_publishing

DEFAULT_BANK_FILE = Path(__file__).resolve().parent.parent / "data" / "cx-maturity-1.0.json"
# Every published version of the default bank, oldest first: 1.0 stays for its results and as peers of 2.0.
DEFAULT_BANK_FILES = (DEFAULT_BANK_FILE, DEFAULT_BANK_FILE.parent / "cx-maturity-2.0.json")


class BankImportError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _not_a_number(name: str):
    raise ValueError(_("%(value)s is not a number that JSON allows") % {"value": name})


def parse_bank(raw: str | bytes) -> dict:
    """Parse and validate a document; raises ``BankImportError`` listing every problem. A file over the size
    limit, ``NaN`` and ``Infinity`` (which Python's JSON reader would take) and nesting deeper than Python's
    recursion limit are refused with a message, before any validation."""
    limit = settings.CXM_BANK_WORKBOOK_MAX_BYTES
    if len(raw) > limit:
        message = _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)}
        raise BankImportError([Problem("$", message)])
    try:
        data = json.loads(raw, parse_constant=_not_a_number)
    except RecursionError:
        raise BankImportError([Problem("$", _("Not valid JSON: nested too deeply."))]) from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, NaN, an integer of 4,300+ digits
        raise BankImportError([Problem("$", _("Not valid JSON: %(error)s") % {"error": error})]) from None
    problems = validate_bank(data)
    if problems:
        raise BankImportError(problems)
    return data


def _columns(name: str, value: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": value[code] for code in CONTENT_LANGUAGES}


def _decimal(value) -> Decimal:
    return Decimal(str(value))


@transaction.atomic
def import_bank(data: dict) -> QuestionBank:
    """Write a document (validated here again) as a new bank; an existing slug and version is refused. A
    published or retired document must meet the rules of publishing too."""
    problems = validate_bank(data)
    if not problems and data["status"] != QuestionBank.Status.DRAFT:
        problems = validate_for_publishing(data)
    if problems:
        raise BankImportError(problems)
    if QuestionBank.objects.filter(slug=data["slug"], version=data["version"]).exists():
        raise BankImportError(
            [
                Problem(
                    "$.version",
                    _("Bank %(slug)s version %(version)s already exists; give the file a new version.")
                    % {"slug": data["slug"], "version": data["version"]},
                )
            ]
        )
    bank = QuestionBank.objects.create(
        slug=data["slug"],
        version=data["version"],
        status=data["status"],
        **_columns("title", data["title"]),
        **_columns("description", data["description"]),
    )
    MaturityLevel.objects.bulk_create(
        MaturityLevel(
            bank=bank,
            level=level["level"],
            min_score=_decimal(level["min_score"]),
            **_columns("name", level["name"]),
            **_columns("description", level["description"]),
        )
        for level in sorted(data["levels"], key=lambda level: level["level"])
    )
    for order, item in enumerate(data["dimensions"]):
        _import_dimension(bank, order, item)
    return bank


def _import_dimension(bank: QuestionBank, order: int, item: dict) -> None:
    """One dimension of a document with its questions, their options, and its recommendations."""
    dimension = Dimension.objects.create(
        bank=bank,
        code=item["code"],
        weight=_decimal(item["weight"]),
        order=order,
        **_columns("name", item["name"]),
        **_columns("description", item["description"]),
    )
    questions = Question.objects.bulk_create(
        Question(
            bank=bank,
            dimension=dimension,
            code=question["code"],
            type=question["type"],
            weight=_decimal(question["weight"]),
            allow_na=question["allow_na"],
            required=question["required"],
            order=position,
            **_columns("text", question["text"]),
            **_columns("help", question["help"]),
        )
        for position, question in enumerate(item["questions"])
    )
    Option.objects.bulk_create(
        Option(
            question=question,
            code=option["code"],
            score=_decimal(option["score"]),
            order=position,
            **_columns("label", option["label"]),
        )
        for question, source in zip(questions, item["questions"], strict=True)
        for position, option in enumerate(source["options"])
    )
    by_code = {question.code: question for question in questions}
    Recommendation.objects.bulk_create(
        Recommendation(
            dimension=dimension,
            question=by_code[rec["question"]] if rec["question"] is not None else None,
            max_score=_decimal(rec["max_score"]) if rec["max_score"] is not None else None,
            min_level=rec["min_level"],
            max_level=rec["max_level"],
            effort=rec["effort"],
            impact=rec["impact"],
            order=position,
            **_columns("title", rec["title"]),
            **_columns("body", rec["body"]),
        )
        for position, rec in enumerate(item["recommendations"])
    )


def _number(value: Decimal) -> int | float:
    """A whole number as an int (scores 1…5), anything else as a float with its decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def export_bank(bank: QuestionBank) -> dict:
    """The ``cxmaturity.bank/1`` document of a bank, in a fixed number of queries."""
    dimensions = bank.dimensions.prefetch_related("questions__options", "recommendations__question")
    return {
        "format": FORMAT,
        "slug": bank.slug,
        "version": bank.version,
        "status": bank.status,
        "title": texts(bank, "title"),
        "description": texts(bank, "description"),
        "levels": [
            {
                "level": level.level,
                "min_score": float(level.min_score),
                "name": texts(level, "name"),
                "description": texts(level, "description"),
            }
            for level in bank.levels.all()
        ],
        "dimensions": [
            {
                "code": dimension.code,
                "weight": float(dimension.weight),
                "name": texts(dimension, "name"),
                "description": texts(dimension, "description"),
                "questions": [_question_document(question) for question in dimension.questions.all()],
                "recommendations": [_recommendation_document(rec) for rec in dimension.recommendations.all()],
            }
            for dimension in dimensions
        ],
    }


def _question_document(question: Question) -> dict:
    return {
        "code": question.code,
        "type": question.type,
        "weight": float(question.weight),
        "allow_na": question.allow_na,
        "required": question.required,
        "text": texts(question, "text"),
        "help": texts(question, "help"),
        "options": [
            {"code": option.code, "score": _number(option.score), "label": texts(option, "label")}
            for option in question.options.all()
        ],
    }


def _recommendation_document(rec: Recommendation) -> dict:
    return {
        "min_level": rec.min_level,
        "max_level": rec.max_level,
        "question": rec.question.code if rec.question else None,
        "max_score": float(rec.max_score) if rec.max_score is not None else None,
        "effort": rec.effort,
        "impact": rec.impact,
        "title": texts(rec, "title"),
        "body": texts(rec, "body"),
    }


def dump_bank(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_default_bank() -> QuestionBank:
    """The default bank, imported from its file the first time; idempotent."""
    data = parse_bank(DEFAULT_BANK_FILE.read_bytes())
    existing = QuestionBank.objects.filter(slug=data["slug"], version=data["version"]).first()
    return existing or import_bank(data)


def load_default_banks() -> list[QuestionBank]:
    """Every version of the default bank (1.0, then 2.0), each imported from its file the first time;
    idempotent. The last one is what ``QuestionBank.objects.for_new_assessments()`` then returns."""
    banks = []
    for file in DEFAULT_BANK_FILES:
        data = parse_bank(file.read_bytes())
        existing = QuestionBank.objects.filter(slug=data["slug"], version=data["version"]).first()
        banks.append(existing or import_bank(data))
    return banks
