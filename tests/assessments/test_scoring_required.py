"""Scoring rule 7 (PRODUCT.md): which required questions still lack an answer."""

import pytest

from assessments.scoring import Answer, missing_required
from tests.scoring_banks import NA, checklist_question, level_question, make_bank, pick


def test_missing_required_lists_unanswered_required_questions_in_bank_order():
    bank = make_bank(
        level_question("s1"),
        level_question("s2"),
        level_question("s3", required=False),
        level_question("s4"),
    )
    assert missing_required(bank, {"s2": pick("3")}) == ["s1", "s4"]


@pytest.mark.parametrize(
    ("question", "answer", "missing"),
    [
        pytest.param(level_question("q"), None, True, id="no-answer"),
        pytest.param(level_question("q"), Answer(), True, id="level-without-option"),
        pytest.param(level_question("q"), pick("2"), False, id="level-answered"),
        pytest.param(level_question("q", allow_na=True), NA, False, id="na-where-allowed"),
        pytest.param(level_question("q", allow_na=False), NA, True, id="na-where-not-allowed"),
        pytest.param(checklist_question("q", ["1", "2"]), Answer(), False, id="checklist-nothing-ticked"),
        pytest.param(checklist_question("q", ["1", "2"]), None, True, id="checklist-no-answer"),
        pytest.param(checklist_question("q", ["1", "2"]), NA, True, id="checklist-na-not-allowed"),
        pytest.param(level_question("q", required=False), None, False, id="optional"),
        pytest.param(level_question("q", weight="0"), None, True, id="informational-but-required"),
    ],
)
def test_missing_required_counts_an_answer_only_when_it_is_one(question, answer, missing):
    answers = {} if answer is None else {"q": answer}
    assert missing_required(make_bank(question), answers) == (["q"] if missing else [])
