"""A frozen bank's structure is read once per process (assessments/banks/structure.py); a draft's
each time."""

import pytest

from assessments.banks import import_bank
from assessments.banks.structure import structure_of
from tests.documents import bank_document

pytestmark = pytest.mark.django_db


def test_a_published_bank_is_read_once(default_bank, django_assert_num_queries):
    with django_assert_num_queries(3):  # dimensions, their questions, the questions' options
        structure = structure_of(default_bank)
    with django_assert_num_queries(0):
        assert structure_of(default_bank) is structure
        question = structure.by_code["strategy.vision"]
        assert question.dimension.code == "strategy" and len(question.options.all()) == 5
    assert [dimension.code for dimension in structure.dimensions] == list(
        default_bank.dimensions.in_bank_order().values_list("code", flat=True)
    )
    assert structure.question_count == default_bank.questions.count()
    for dimension in structure.dimensions:
        expected = list(dimension.questions.in_bank_order().values_list("code", flat=True))
        assert [question.code for question in structure.questions[dimension.pk]] == expected


def test_a_draft_is_read_each_time_and_a_saved_bank_afresh(bank, django_assert_num_queries):
    document = bank_document()
    document["status"] = "draft"
    document["version"] = "9.9"
    draft = import_bank(document)
    assert structure_of(draft) is not structure_of(draft)
    kept = structure_of(bank)
    bank.save()  # a status change, in this process: read again next time
    assert structure_of(bank) is not kept
