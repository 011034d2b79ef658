"""Bank 2.0 meets the rules of issue 13 and docs/japanese-style.md; 1.0 stays exactly as it was."""

import hashlib
import re

import pytest

from assessments.banks import DEFAULT_BANK_FILE, parse_bank
from assessments.banks.compare import comparability
from tests.assessments.test_default_bank import all_texts

BANK_2_FILE = DEFAULT_BANK_FILE.parent / "cx-maturity-2.0.json"
BANK_1 = parse_bank(DEFAULT_BANK_FILE.read_bytes())
BANK_2 = parse_bank(BANK_2_FILE.read_bytes())  # raises with every problem listed if the file is invalid
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# Within a question, the longest option at most this many times the shortest, per language.
EVEN = 1.6
# docs/japanese-style.md: terms rejected in favour of another.
REJECTED_TERMS = (
    "監視", "統治", "規程", "CXO", "顧客の手間", "顧客努力指標調査", "期待値を設定", "数値の操作",
    "タッチポイント", "社員", "担当者", "顧客層", "フィードバック", "クレーム", "コールセンター",
)  # fmt: skip
STOCK_WORDS = ("continuous", "real-time", "real time", "reviewed", "renewed", "as one")
POLITE = re.compile(r"(です|ます)(。|$)")


def questions(bank):
    return [question for dimension in bank["dimensions"] for question in dimension["questions"]]


def recommendations(bank):
    return [rec for dimension in bank["dimensions"] for rec in dimension["recommendations"]]


def uneven_questions(bank) -> list[tuple[str, str]]:
    """(question, language) pairs whose options' lengths differ by more than ``EVEN``."""
    uneven = []
    for question in questions(bank):
        if question["type"] == "checklist":
            continue
        for language in ("en", "ja"):
            lengths = [len(option["label"][language]) for option in question["options"]]
            if max(lengths) > EVEN * min(lengths):
                uneven.append((question["code"], language))
    return uneven


def test_it_is_version_two_of_cx_maturity_and_published():
    assert (BANK_2["slug"], BANK_2["version"], BANK_2["status"]) == ("cx-maturity", "2.0", "published")


def test_version_one_is_byte_for_byte_unchanged():
    digest = hashlib.sha256(DEFAULT_BANK_FILE.read_bytes()).hexdigest()
    assert digest == "7ce8367c73647b6f72182b72cc3f116f08d585b8566cba34c22a6bf450ab9cbe"


def test_it_compares_with_version_one_as_peers():
    assert comparability(BANK_1, BANK_2).comparable
    assert [d["code"] for d in BANK_2["dimensions"]] == [d["code"] for d in BANK_1["dimensions"]]


def test_every_text_is_written_in_english_and_in_japanese():
    for path, text in all_texts(BANK_2):
        assert text["en"].strip() and text["ja"].strip(), path
        assert JAPANESE.search(text["ja"]), f"{path}.ja has no Japanese"
        assert not JAPANESE.search(text["en"]), f"{path}.en has Japanese"


def test_option_lengths_are_even_in_two_but_were_not_in_one():
    assert uneven_questions(BANK_2) == []
    assert len(uneven_questions(BANK_1)) >= 5


def test_level_five_names_evidence_not_stock_words():
    for question in questions(BANK_2):
        if question["type"] == "level":
            label = question["options"][4]["label"]["en"].lower()
            assert not [word for word in STOCK_WORDS if word in label], question["code"]


def test_the_glossarys_rejected_terms_are_absent():
    for path, text in all_texts(BANK_2):
        found = [term for term in REJECTED_TERMS if term in text["ja"]]
        assert not found, (path, found)


def test_one_register_per_kind_of_japanese_text():
    for question in questions(BANK_2):
        if question["type"] != "checklist":
            assert question["text"]["ja"].endswith("か。"), question["code"]
        for option in question["options"]:
            assert not POLITE.search(option["label"]["ja"]), (question["code"], option["code"])
    for rec in recommendations(BANK_2):
        body, title = rec["body"]["ja"], rec["title"]["ja"]
        assert "しましょう" not in body and "ください" not in body, title
        assert body.rstrip("。").count("ます") >= 1 and not POLITE.search(title), title


def test_recommendations_name_an_owner_a_first_step_and_prerequisites():
    for rec in recommendations(BANK_2):
        assert all(label in rec["body"]["en"] for label in ("Owner:", "First 90 days:", "Prerequisites:"))
        assert all(label in rec["body"]["ja"] for label in ("責任者：", "最初の90日：", "前提条件："))


def test_ratings_vary_and_include_low():
    recs = recommendations(BANK_2)
    assert {rec["impact"] for rec in recs} == {"low", "medium", "high"}
    assert sum(rec["impact"] == "high" for rec in recs) < 0.6 * len(recs)
    level_five = [rec["title"]["en"] for rec in recs if rec["min_level"] == 5 and rec["question"] is None]
    assert len(set(level_five)) == len(BANK_2["dimensions"])


def test_automation_without_any_bot_is_scored_not_escaped():
    by_code = {question["code"]: question for question in questions(BANK_2)}
    assert not by_code["technology.automation"]["allow_na"]
    assert "technology.ai" not in by_code
    assert "rules" in by_code["technology.automation"]["options"][2]["label"]["en"]


@pytest.mark.parametrize(
    "code",
    [
        "people.harassment",
        "omnichannel.outsourcing",
        "omnichannel.quality_workforce",
        "design.accessibility",
        "voc.complaints",
        "omnichannel.social_care",
        "journey.commercial",
        "design.reinvention",
    ],
)
def test_it_asks_about_the_topics_a_japanese_client_expects(code):
    assert code in {question["code"] for question in questions(BANK_2)}


def test_checklists_are_informational_and_scored_questions_weigh_the_same():
    for question in questions(BANK_2):
        if question["type"] == "checklist":
            assert question["weight"] == 0 and not question["required"], question["code"]
        else:
            assert question["weight"] == 1.0, question["code"]
    assert [level["min_score"] for level in BANK_2["levels"]] == [1.0, 1.5, 2.5, 3.5, 4.5]


def test_load_default_banks_loads_one_then_two_once(db):
    from assessments.banks import load_default_banks
    from assessments.models import QuestionBank

    first = load_default_banks()
    assert [bank.version for bank in first] == ["1.0", "2.0"]
    assert [bank.pk for bank in load_default_banks()] == [bank.pk for bank in first]
    assert QuestionBank.objects.for_new_assessments().version == "2.0"
    assert QuestionBank.objects.get(version="1.0").status == "published"
