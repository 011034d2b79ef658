"""What changed between two versions of a question bank, computed on their ``cxmaturity.bank/1`` documents.

Items are matched by code: levels by number, dimensions and questions by code, options by code within their
question. Recommendations have no code: within a dimension they are matched by question and English
title, then those left over in the same place with alike titles pair up as changed (reworded), the rest are
added or removed.
A reworded text carries a word-level diff per language (``word_diff.py``).

Benchmarks pool the results of versions with the same dimension codes; ``dimension_signature`` is that rule,
stored with every peer score (``reports.models.PeerScore``).
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cxmaturity.i18n import CONTENT_LANGUAGES, FALLBACK_LANGUAGE

from ..models.banks import Effort, QuestionType
from .word_diff import EQUAL, Segment, word_diff

FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "name": _("Name"),
    "min_score": _("Minimum score"),
    "weight": _("Weight"),
    "position": _("Position"),
    "text": _("Text"),
    "help": _("Help"),
    "type": _("Type"),
    "allow_na": _("N/A allowed"),
    "required": _("Required"),
    "dimension": _("Dimension"),
    "label": _("Label"),
    "score": _("Score"),
    "question": _("Question"),
    "levels": _("Levels"),
    "max_score": _("Maximum score"),
    "impact": _("Impact"),
    "effort": _("Effort"),
    "body": _("Body"),
}

KIND_LABELS = {
    "levels": pgettext_lazy("bank content", "Levels"),
    "dimensions": pgettext_lazy("bank content", "Dimensions"),
    "questions": pgettext_lazy("bank content", "Questions"),
    "options": pgettext_lazy("bank content", "Options"),
    "recommendations": pgettext_lazy("bank content", "Recommendations"),
}

# Recommendation titles this alike (difflib's ratio) are one reworded title, not one removed and one added.
ALIKE = 0.6


# The diff -----------------------------------------------------------------------------------------------


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field == "type":
        return str(QuestionType(value).label) if value in QuestionType.values else value
    if field in ("impact", "effort"):
        return str(Effort(value).label) if value in Effort.values else value
    return str(value)


@dataclass(frozen=True)
class TextDiff:
    language: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(kind != EQUAL for kind, _text in self.segments)


@dataclass(frozen=True)
class TextChange:
    field: str
    diffs: tuple[TextDiff, ...]  # every content language, in the order asked for

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class ValueChange:
    field: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def before_shown(self) -> str:
        return _shown(self.field, self.before)

    @property
    def after_shown(self) -> str:
        return _shown(self.field, self.after)


@dataclass(frozen=True)
class Item:
    """Something added or removed, or the heading of something changed."""

    key: str  # code (a level's number, a recommendation's place "strategy #2")
    names: tuple[tuple[str, str], ...]  # (language, its name, text, label or title), in the order asked for
    parent: str = ""  # a question's dimension, an option's question, a recommendation's dimension

    @property
    def title(self) -> str:
        return self.names[0][1] if self.names else ""


@dataclass(frozen=True)
class ItemChange:
    item: Item
    texts: tuple[TextChange, ...]
    values: tuple[ValueChange, ...]


@dataclass(frozen=True)
class Section:
    kind: str  # a key of KIND_LABELS
    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    changed: tuple[ItemChange, ...] = ()

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Comparability:
    """Whether results of the two versions pool as peers, and why not."""

    comparable: bool
    same_slug: bool
    dimensions_added: tuple[str, ...]
    dimensions_removed: tuple[str, ...]


@dataclass(frozen=True)
class BankDiff:
    before_version: str
    after_version: str
    bank: tuple[TextChange, ...]  # the bank's title and description
    sections: tuple[Section, ...]  # levels, dimensions, questions, options, recommendations
    comparability: Comparability

    @property
    def has_changes(self) -> bool:
        return bool(self.bank) or any(section.has_changes for section in self.sections)

    def section(self, kind: str) -> Section:
        return next(section for section in self.sections if section.kind == kind)


def dimension_signature(codes: Iterable[str]) -> str:
    """What peers must share: the bank version's dimension codes, whatever their order."""
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


def comparability(before: dict, after: dict) -> Comparability:
    old = [dimension["code"] for dimension in before["dimensions"]]
    new = [dimension["code"] for dimension in after["dimensions"]]
    same_slug = before["slug"] == after["slug"]
    return Comparability(
        comparable=same_slug and dimension_signature(old) == dimension_signature(new),
        same_slug=same_slug,
        dimensions_added=tuple(code for code in new if code not in old),
        dimensions_removed=tuple(code for code in old if code not in new),
    )


@dataclass(frozen=True)
class _Entry:
    item: Item
    data: dict  # the document's object, with derived fields ("position", "levels", …)


def _field_changes(
    old: dict, new: dict, text_fields: Sequence[str], value_fields: Sequence[str], languages: Sequence[str]
) -> tuple[tuple[TextChange, ...], tuple[ValueChange, ...]]:
    texts = tuple(
        TextChange(
            field, tuple(TextDiff(code, word_diff(old[field][code], new[field][code])) for code in languages)
        )
        for field in text_fields
        if old[field] != new[field]
    )
    values = tuple(
        ValueChange(field, old.get(field), new.get(field))
        for field in value_fields
        if old.get(field) != new.get(field)
    )
    return texts, values


def _reordered(before: Sequence[str], after: Sequence[str]) -> set[str]:
    """Keys in both sequences whose order relative to the others changed (not in a longest common run)."""
    common = set(before) & set(after)
    old, new = [key for key in before if key in common], [key for key in after if key in common]
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    kept = {key for block in matcher.get_matching_blocks() for key in old[block.a : block.a + block.size]}
    return common - kept


def _with_positions(entries: list[_Entry], moved: set[str]) -> list[_Entry]:
    """The entries with "position" only where the item moved: an unmoved item's position is no change."""
    return [
        _Entry(
            entry.item,
            {**entry.data, "position": entry.data["position"] if entry.item.key in moved else None},
        )
        for entry in entries
    ]


def _section(
    kind: str,
    before: list[_Entry],
    after: list[_Entry],
    compare: Callable[[dict, dict], tuple[tuple[TextChange, ...], tuple[ValueChange, ...]]],
) -> Section:
    old = {entry.item.key: entry for entry in before}
    new = {entry.item.key: entry for entry in after}
    changed = []
    for key, entry in new.items():
        if key in old:
            texts, values = compare(old[key].data, entry.data)
            if texts or values:
                changed.append(ItemChange(entry.item, texts, values))
    return Section(
        kind,
        added=tuple(entry.item for key, entry in new.items() if key not in old),
        removed=tuple(entry.item for key, entry in old.items() if key not in new),
        changed=tuple(changed),
    )


def _moved_within(entries_before: list[_Entry], entries_after: list[_Entry]) -> set[str]:
    """Keys that changed place among the items of the same parent in both versions."""
    moved: set[str] = set()
    parents_before = {entry.item.key: entry.item.parent for entry in entries_before}
    for parent in {entry.item.parent for entry in entries_after}:
        after = [entry.item.key for entry in entries_after if entry.item.parent == parent]
        before = [entry.item.key for entry in entries_before if entry.item.parent == parent]
        stayed = [key for key in after if parents_before.get(key) == parent]
        moved |= _reordered(before, stayed)
    return moved


def _positioned(
    entries_before: list[_Entry], entries_after: list[_Entry]
) -> tuple[list[_Entry], list[_Entry]]:
    moved = _moved_within(entries_before, entries_after)
    return _with_positions(entries_before, moved), _with_positions(entries_after, moved)


def _item(key: str, texts: dict[str, str], languages: Sequence[str], parent: str = "") -> Item:
    return Item(key, tuple((code, texts.get(code, "")) for code in languages), parent)


def _levels(document: dict, languages: Sequence[str]) -> list[_Entry]:
    return [
        _Entry(_item(str(level["level"]), level["name"], languages), level)
        for level in sorted(document["levels"], key=lambda level: level["level"])
    ]


def _dimensions(document: dict, languages: Sequence[str]) -> list[_Entry]:
    return [
        _Entry(
            _item(dimension["code"], dimension["name"], languages), {**dimension, "position": position + 1}
        )
        for position, dimension in enumerate(document["dimensions"])
    ]


def _questions(document: dict, languages: Sequence[str]) -> list[_Entry]:
    return [
        _Entry(
            _item(question["code"], question["text"], languages, dimension["code"]),
            {**question, "dimension": dimension["code"], "position": position + 1},
        )
        for dimension in document["dimensions"]
        for position, question in enumerate(dimension["questions"])
    ]


def _options(document: dict, questions: set[str], languages: Sequence[str]) -> list[_Entry]:
    """The options of the given questions, keyed "question:option"."""
    return [
        _Entry(
            _item(f"{question['code']}:{option['code']}", option["label"], languages, question["code"]),
            {**option, "position": position + 1},
        )
        for dimension in document["dimensions"]
        for question in dimension["questions"]
        if question["code"] in questions
        for position, option in enumerate(question["options"])
    ]


def _recommendation_entry(dimension: str, rec: dict, key: str, languages: Sequence[str]) -> _Entry:
    data = {**rec, "levels": f"{rec['min_level']}–{rec['max_level']}"}
    return _Entry(_item(key, rec["title"], languages, dimension), data)


def _title(rec: dict) -> str:
    return rec["title"].get(FALLBACK_LANGUAGE, "")


def _paired(before: list[dict], after: list[dict]) -> dict[int, int]:
    """One dimension's recommendations paired (index before → index after): those with the same question and
    English title, then, between two such pairs, those whose titles are alike (a reworded title)."""
    matcher = SequenceMatcher(
        None,
        [(rec["question"], _title(rec)) for rec in before],
        [(rec["question"], _title(rec)) for rec in after],
        autojunk=False,
    )
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace":
            alike = sorted(
                (
                    (SequenceMatcher(None, _title(before[i]), _title(after[j])).ratio(), i, j)
                    for i in range(i1, i2)
                    for j in range(j1, j2)
                ),
                reverse=True,
            )
            for ratio, i, j in alike:
                if ratio >= ALIKE and i not in pairs and j not in pairs.values():
                    pairs[i] = j
    return pairs


def _recommendations(
    before: dict, after: dict, languages: Sequence[str]
) -> tuple[list[_Entry], list[_Entry]]:
    """Both versions' recommendations, keyed by dimension and place in ``after``; a pair shares its key."""
    old = {dimension["code"]: dimension["recommendations"] for dimension in before["dimensions"]}
    new = {dimension["code"]: dimension["recommendations"] for dimension in after["dimensions"]}
    entries_before, entries_after = [], []
    for dimension in [*old, *(code for code in new if code not in old)]:
        recs_before, recs_after = old.get(dimension, []), new.get(dimension, [])
        pairs = _paired(recs_before, recs_after)
        for i, rec in enumerate(recs_before):
            key = f"{dimension} #{pairs[i] + 1}" if i in pairs else f"{dimension} -{i + 1}"
            entries_before.append(_recommendation_entry(dimension, rec, key, languages))
        for j, rec in enumerate(recs_after):
            entries_after.append(_recommendation_entry(dimension, rec, f"{dimension} #{j + 1}", languages))
    return entries_before, entries_after


def compare_banks(before: dict, after: dict, *, languages: Sequence[str] = CONTENT_LANGUAGES) -> BankDiff:
    """What changed from ``before`` to ``after`` (two ``cxmaturity.bank/1`` documents); each text's diffs
    come in the order of ``languages`` (the page's language first)."""

    def fields(text_fields: Sequence[str], value_fields: Sequence[str]):
        return lambda old, new: _field_changes(old, new, text_fields, value_fields, languages)

    bank_texts, _values = _field_changes(before, after, ("title", "description"), (), languages)
    dimensions = _positioned(_dimensions(before, languages), _dimensions(after, languages))
    questions = _positioned(_questions(before, languages), _questions(after, languages))
    in_both = {entry.item.key for entry in questions[0]} & {entry.item.key for entry in questions[1]}
    options = _positioned(_options(before, in_both, languages), _options(after, in_both, languages))
    recommendations = _recommendations(before, after, languages)
    sections = (
        _section(
            "levels",
            _levels(before, languages),
            _levels(after, languages),
            fields(("name", "description"), ("min_score",)),
        ),
        _section("dimensions", *dimensions, fields(("name", "description"), ("weight", "position"))),
        _section(
            "questions",
            *questions,
            fields(("text", "help"), ("dimension", "position", "type", "weight", "allow_na", "required")),
        ),
        _section("options", *options, fields(("label",), ("score", "position"))),
        _section(
            "recommendations",
            *recommendations,
            fields(("title", "body"), ("question", "levels", "max_score", "impact", "effort")),
        ),
    )
    return BankDiff(
        before_version=before["version"],
        after_version=after["version"],
        bank=bank_texts,
        sections=sections,
        comparability=comparability(before, after),
    )
