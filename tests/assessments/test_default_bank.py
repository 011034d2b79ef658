"""The default bank shipped with the product is complete, in both languages."""

import re

import pytest

from assessments.banks import DEFAULT_BANK_FILE, parse_bank

BANK = parse_bank(DEFAULT_BANK_FILE.read_bytes())  # raises with every problem listed if the file is invalid
DIMENSIONS = BANK["dimensions"]
QUESTIONS = [question for dimension in DIMENSIONS for question in dimension["questions"]]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def all_texts(node, path="$"):
    """Every {"en", "ja"} pair in the document, with its path."""
    if isinstance(node, dict):
        if set(node) == {"en", "ja"}:
            yield path, node
            return
        for key, value in node.items():
            yield from all_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from all_texts(value, f"{path}[{i}]")


def test_it_is_version_one_of_cx_maturity_and_published():
    assert (BANK["slug"], BANK["version"], BANK["status"]) == ("cx-maturity", "1.0", "published")


def test_it_has_the_default_levels():
    assert [(level["level"], level["min_score"]) for level in BANK["levels"]] == [
        (1, 1.0),
        (2, 1.8),
        (3, 2.6),
        (4, 3.4),
        (5, 4.2),
    ]
    assert [level["name"]["ja"] for level in BANK["levels"]] == ["初期", "発展", "定義", "管理", "最適化"]


def test_it_covers_the_core_dimensions_and_more():
    codes = [dimension["code"] for dimension in DIMENSIONS]
    assert len(codes) >= 6
    assert {"strategy", "journey", "voc", "technology"} <= set(codes)


@pytest.mark.parametrize("dimension", DIMENSIONS, ids=lambda d: d["code"])
def test_each_dimension_has_enough_questions_mostly_level_questions(dimension):
    assert len(dimension["questions"]) >= 4
    assert all(question["code"].startswith(dimension["code"] + ".") for question in dimension["questions"])


def test_questions_are_mostly_level_questions_with_distinct_descriptors():
    level_questions = [question for question in QUESTIONS if question["type"] == "level"]
    assert len(level_questions) > 0.7 * len(QUESTIONS)
    for question in level_questions:
        for language in ("en", "ja"):
            labels = [option["label"][language] for option in question["options"]]
            assert len(set(labels)) == 5, (question["code"], language)
            assert all(len(label) >= 20 for label in labels), (question["code"], language)


def test_every_question_is_scored():
    assert all(question["weight"] > 0 for question in QUESTIONS)


@pytest.mark.parametrize("dimension", DIMENSIONS, ids=lambda d: d["code"])
def test_recommendations_cover_every_level(dimension):
    covered = set()
    for recommendation in dimension["recommendations"]:
        if recommendation["question"] is None:
            covered |= set(range(recommendation["min_level"], recommendation["max_level"] + 1))
    assert covered == {1, 2, 3, 4, 5}


def test_every_text_is_written_in_english_and_in_japanese():
    for path, text in all_texts(BANK):
        assert text["en"].strip() and text["ja"].strip(), path
        assert JAPANESE.search(text["ja"]), f"{path}.ja has no Japanese"
        assert not JAPANESE.search(text["en"]), f"{path}.en has Japanese"
        assert text["en"] != text["ja"], path


def test_it_loads_into_the_database(default_bank):
    assert default_bank.questions.count() == len(QUESTIONS)
    assert default_bank.levels.count() == 5
