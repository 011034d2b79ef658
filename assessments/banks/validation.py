"""Validation of ``cxmaturity.bank/1`` documents, apart from where they come from.

``validate_bank`` reads a parsed document (a JSON file, an Excel sheet or the bank editor) and lists every
problem with its JSON path; it reads no database. ``validate_for_publishing`` adds what a version needs before
respondents see it: optional texts in both languages or in neither, a scored question in every dimension, and
recommendations for every level of every dimension.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cxmaturity.i18n import CONTENT_LANGUAGES

from ..models.banks import CODE_RE, VERSION_RE, BankStatus, Effort, QuestionType

FORMAT = "cxmaturity.bank/1"
SLUG_RE = r"^[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


MISSING = object()  # a required field that is absent: reported once as missing, then not checked again


class _Checker:
    """Walks a document, collecting problems instead of stopping at the first."""

    def __init__(self):
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def object(self, value: Any, path: str, *, required: set[str], optional: set[str] = frozenset()) -> bool:
        if not isinstance(value, dict):
            self.problem(path, _("Expected an object."))
            return False
        for key in sorted(required - value.keys()):
            self.problem(f"{path}.{key}", _("This field is missing."))
        for key in sorted(value.keys() - required - optional):
            self.problem(f"{path}.{key}", _("Unknown field."))
        return True

    def array(self, value: Any, path: str, *, min_items: int = 0) -> list:
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.problem(path, _("Expected a list."))
            return []
        if len(value) < min_items:
            self.problem(path, _("Expected at least %(count)d items.") % {"count": min_items})
        return value

    def string(
        self, value: Any, path: str, *, pattern: str | None = None, max_length: int | None = None
    ) -> bool:
        if value is MISSING:
            return False
        if not isinstance(value, str):
            self.problem(path, _("Expected a string."))
            return False
        if pattern and not re.fullmatch(pattern, value):
            self.problem(path, _("“%(value)s” does not have the expected form.") % {"value": value[:40]})
            return False
        if max_length is not None and len(value) > max_length:
            self.problem(path, _("At most %(count)d characters.") % {"count": max_length})
            return False
        return True

    def boolean(self, value: Any, path: str) -> None:
        if value is not MISSING and not isinstance(value, bool):
            self.problem(path, _("Expected true or false."))

    def number(
        self, value: Any, path: str, *, low=None, high=None, above=None, integer=False
    ) -> Decimal | None:
        if value is MISSING:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (integer and not isinstance(value, int))
        ):
            self.problem(path, _("Expected a whole number.") if integer else _("Expected a number."))
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(path, _("Expected a number."))
            return None
        if not number.is_finite() or number.adjusted() > 9:  # 1e400 reads as infinity; 10**400 stays exact
            self.problem(path, _("This number is too large."))
            return None
        if number != number.quantize(Decimal("0.01")):
            self.problem(path, _("At most two decimals."))
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(path, _("Expected a number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        if above is not None and number <= above:
            self.problem(path, _("Expected a number above %(low)s.") % {"low": above})
            return None
        return number

    def translated(
        self, value: Any, path: str, *, blank: bool = False, max_length: int | None = None
    ) -> None:
        if value is MISSING or not self.object(value, path, required=set(CONTENT_LANGUAGES)):
            return
        for code in CONTENT_LANGUAGES:
            if code not in value or not self.string(value[code], f"{path}.{code}", max_length=max_length):
                continue
            if not blank and not value[code].strip():
                self.problem(f"{path}.{code}", _("This text is empty."))

    def choice(self, value: Any, path: str, choices) -> None:
        if value is not MISSING and value not in choices:
            self.problem(path, _("Expected one of: %(choices)s.") % {"choices": ", ".join(choices)})


def validate_bank(data: Any) -> list[Problem]:
    """Every problem of a ``cxmaturity.bank/1`` document, each with its JSON path; empty when valid."""
    check = _Checker()
    if not check.object(
        data,
        "$",
        required={"format", "slug", "version", "status", "title", "description", "levels", "dimensions"},
    ):
        return check.problems
    if "format" in data and data["format"] != FORMAT:
        check.problem("$.format", _("Expected “%(format)s”.") % {"format": FORMAT})
    if "slug" in data:
        check.string(data["slug"], "$.slug", pattern=SLUG_RE, max_length=64)
    if "version" in data:
        check.string(data["version"], "$.version", pattern=VERSION_RE, max_length=20)
    if "status" in data:
        check.choice(data["status"], "$.status", BankStatus.values)
    if "title" in data:
        check.translated(data["title"], "$.title", max_length=200)
    if "description" in data:
        check.translated(data["description"], "$.description", blank=True)
    _validate_levels(check, data.get("levels", MISSING))
    _validate_dimensions(check, data.get("dimensions", MISSING))
    return check.problems


def _validate_levels(check: _Checker, levels: Any) -> None:
    levels = check.array(levels, "$.levels")
    numbers, thresholds = [], []
    for i, level in enumerate(levels):
        path = f"$.levels[{i}]"
        if not check.object(level, path, required={"level", "min_score", "name", "description"}):
            continue
        number = check.number(level.get("level", MISSING), f"{path}.level", low=1, high=5, integer=True)
        min_score = check.number(level.get("min_score", MISSING), f"{path}.min_score", low=1, high=5)
        if number is not None:
            numbers.append(int(number))
            if number == 1 and min_score is not None and min_score != 1:
                check.problem(f"{path}.min_score", _("Level 1 starts at the lowest score, 1.0."))
        if number is not None and min_score is not None:
            thresholds.append((int(number), min_score, path))
        check.translated(level.get("name", MISSING), f"{path}.name", max_length=100)
        check.translated(level.get("description", MISSING), f"{path}.description", blank=True)
    if isinstance(levels, list) and sorted(numbers) != [1, 2, 3, 4, 5] and len(numbers) == len(levels):
        check.problem("$.levels", _("Expected the levels 1, 2, 3, 4 and 5, once each."))
    thresholds.sort()
    for (_lower, low_score, _path), (_level, score, path) in zip(thresholds, thresholds[1:], strict=False):
        if score <= low_score:
            check.problem(
                f"{path}.min_score", _("Each level's minimum score must be above the one below it.")
            )


def _validate_dimensions(check: _Checker, dimensions: Any) -> None:
    dimensions = check.array(dimensions, "$.dimensions", min_items=1)
    dimension_codes, question_codes = set(), set()
    for i, dimension in enumerate(dimensions):
        path = f"$.dimensions[{i}]"
        if not check.object(
            dimension,
            path,
            required={"code", "weight", "name", "description", "questions", "recommendations"},
        ):
            continue
        code = dimension.get("code", MISSING)
        if check.string(code, f"{path}.code", pattern=CODE_RE, max_length=64):
            if code in dimension_codes:
                check.problem(f"{path}.code", _("The code “%(code)s” is used twice.") % {"code": code})
            dimension_codes.add(code)
        check.number(dimension.get("weight", MISSING), f"{path}.weight", low=0, high=999)
        check.translated(dimension.get("name", MISSING), f"{path}.name", max_length=200)
        check.translated(dimension.get("description", MISSING), f"{path}.description", blank=True)
        own_questions = set()
        for j, question in enumerate(
            check.array(dimension.get("questions", MISSING), f"{path}.questions", min_items=1)
        ):
            code = _validate_question(check, question, f"{path}.questions[{j}]")
            if code is None:
                continue
            if code in question_codes:
                check.problem(
                    f"{path}.questions[{j}].code", _("The code “%(code)s” is used twice.") % {"code": code}
                )
            question_codes.add(code)
            own_questions.add(code)
        for j, recommendation in enumerate(
            check.array(dimension.get("recommendations", MISSING), f"{path}.recommendations")
        ):
            _validate_recommendation(check, recommendation, f"{path}.recommendations[{j}]", own_questions)


def _validate_question(check: _Checker, question: Any, path: str) -> str | None:
    if not check.object(
        question,
        path,
        required={"code", "type", "weight", "allow_na", "required", "text", "help", "options"},
    ):
        return None
    code = question.get("code", MISSING)
    if not check.string(code, f"{path}.code", pattern=CODE_RE, max_length=100):
        code = None
    kind = question.get("type", MISSING)
    check.choice(kind, f"{path}.type", QuestionType.values)
    check.number(question.get("weight", MISSING), f"{path}.weight", low=0, high=999)
    check.boolean(question.get("allow_na", MISSING), f"{path}.allow_na")
    check.boolean(question.get("required", MISSING), f"{path}.required")
    check.translated(question.get("text", MISSING), f"{path}.text")
    check.translated(question.get("help", MISSING), f"{path}.help", blank=True)
    options = check.array(question.get("options", MISSING), f"{path}.options", min_items=1)
    option_codes, scores = set(), []
    for k, option in enumerate(options):
        option_path = f"{path}.options[{k}]"
        if not check.object(option, option_path, required={"code", "score", "label"}):
            continue
        option_code = option.get("code", MISSING)
        if check.string(option_code, f"{option_path}.code", pattern=CODE_RE, max_length=20):
            if option_code in option_codes:
                check.problem(
                    f"{option_path}.code", _("The code “%(code)s” is used twice.") % {"code": option_code}
                )
            option_codes.add(option_code)
        if kind == QuestionType.CHECKLIST:
            score = check.number(option.get("score", MISSING), f"{option_path}.score", above=0, high=999)
        else:
            score = check.number(option.get("score", MISSING), f"{option_path}.score", low=1, high=5)
        scores.append(score)
        check.translated(option.get("label", MISSING), f"{option_path}.label")
    if kind == QuestionType.LEVEL and None not in scores and sorted(scores) != [1, 2, 3, 4, 5]:
        check.problem(f"{path}.options", _("A level question has five options scored 1, 2, 3, 4 and 5."))
    if kind == QuestionType.CHOICE and isinstance(options, list) and len(options) < 2:
        check.problem(f"{path}.options", _("A choice question needs at least two options."))
    return code


def _validate_recommendation(check: _Checker, recommendation: Any, path: str, questions: set[str]) -> None:
    if not check.object(
        recommendation,
        path,
        required={"min_level", "max_level", "question", "max_score", "effort", "impact", "title", "body"},
    ):
        return
    low = check.number(
        recommendation.get("min_level", MISSING), f"{path}.min_level", low=1, high=5, integer=True
    )
    high = check.number(
        recommendation.get("max_level", MISSING), f"{path}.max_level", low=1, high=5, integer=True
    )
    if low is not None and high is not None and low > high:
        check.problem(f"{path}.max_level", _("The range ends below where it starts."))
    question, max_score = recommendation.get("question"), recommendation.get("max_score")
    if question is None:
        if max_score is not None:
            check.problem(f"{path}.max_score", _("Only a question recommendation has a maximum score."))
    else:
        if check.string(question, f"{path}.question") and question not in questions:
            check.problem(
                f"{path}.question", _("No question “%(code)s” in this dimension.") % {"code": question[:100]}
            )
        if max_score is None:
            check.problem(f"{path}.max_score", _("A question recommendation needs a maximum score."))
        else:
            check.number(max_score, f"{path}.max_score", low=1, high=5)
    check.choice(recommendation.get("effort", MISSING), f"{path}.effort", Effort.values)
    check.choice(recommendation.get("impact", MISSING), f"{path}.impact", Effort.values)
    check.translated(recommendation.get("title", MISSING), f"{path}.title", max_length=200)
    check.translated(recommendation.get("body", MISSING), f"{path}.body")


def validate_for_publishing(data: Any) -> list[Problem]:
    """Every problem that keeps a document from being published: ``validate_bank``'s, then the rules that only
    a published version must meet (a draft may be incomplete there)."""
    return validate_bank(data) + publishing_problems(data)


def _items(value: Any, key: str) -> list[dict]:
    items = value.get(key) if isinstance(value, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def publishing_problems(data: Any) -> list[Problem]:
    """The rules of a publishable version beyond ``validate_bank``; any malformed part is left to it."""
    check = _Checker()
    if not isinstance(data, dict):
        return []
    _both_languages(check, data.get("description"), "$.description")
    for i, level in enumerate(_items(data, "levels")):
        _both_languages(check, level.get("description"), f"$.levels[{i}].description")
    dimensions = _items(data, "dimensions")
    if dimensions and not any(_positive(dimension.get("weight")) for dimension in dimensions):
        check.problem("$.dimensions", _("At least one dimension needs a weight above 0."))
    for i, dimension in enumerate(dimensions):
        path = f"$.dimensions[{i}]"
        _both_languages(check, dimension.get("description"), f"{path}.description")
        questions = _items(dimension, "questions")
        for j, question in enumerate(questions):
            _both_languages(check, question.get("help"), f"{path}.questions[{j}].help")
        if questions and not any(_positive(question.get("weight")) for question in questions):
            check.problem(f"{path}.questions", _("At least one question needs a weight above 0."))
        covered = set()
        for rec in _items(dimension, "recommendations"):
            low, high = rec.get("min_level"), rec.get("max_level")
            if rec.get("question") is None and isinstance(low, int) and isinstance(high, int):
                covered.update(range(low, high + 1))
        missing = [str(level) for level in range(1, 6) if level not in covered]
        if missing:
            message = _("No recommendation of the dimension covers level %(levels)s.")
            check.problem(f"{path}.recommendations", message % {"levels": ", ".join(missing)})
    return check.problems


def _both_languages(check: _Checker, value: Any, path: str) -> None:
    """An optional text is written in every content language or in none."""
    if not isinstance(value, dict):
        return
    filled = {code for code in CONTENT_LANGUAGES if isinstance(value.get(code), str) and value[code].strip()}
    if filled:
        for code in CONTENT_LANGUAGES:
            if code not in filled:
                check.problem(f"{path}.{code}", _("This text is empty, but not in the other language."))
