import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.exports import result_document, submitted_assessments
from tests.factories import add_peers

pytestmark = pytest.mark.django_db


def expected_dimensions() -> list[dict]:
    """The dimensions of the ``submitted`` fixture (see ``answer_all``) as the result format writes them."""
    return [
        {
            "code": "strategy",
            "score": 3.25,
            "percent": 56.25,
            "level": 3,
            "target_level": 4,
            "answered": 2,
            "not_applicable": 0,
            "questions": 2,
        },
        {
            "code": "voc",
            "score": 4.0,
            "percent": 75.0,
            "level": 4,
            "target_level": 5,
            "answered": 1,
            "not_applicable": 1,
            "questions": 2,
        },
    ]


def expected_answers(participant) -> list[dict]:
    """The participant's answers in the ``submitted`` fixture, as the result format writes them."""
    return [
        {
            "participant": participant.public_id,
            "question": "strategy.vision",
            "options": ["4"],
            "score": 4.0,
            "not_applicable": False,
            "comment": "",
        },
        {
            "participant": participant.public_id,
            "question": "strategy.budget",
            "options": ["b"],
            "score": 2.5,
            "not_applicable": False,
            "comment": "",
        },
        {
            "participant": participant.public_id,
            "question": "voc.surveys",
            "options": [],
            "score": None,
            "not_applicable": True,
            "comment": "No surveys yet",
        },
        {
            "participant": participant.public_id,
            "question": "voc.metrics",
            "options": ["a", "c"],
            "score": 4.0,
            "not_applicable": False,
            "comment": "",
        },
    ]


def test_the_document_follows_the_result_format(submitted, participant):
    out = StringIO()
    call_command("export_result", submitted.public_id, stdout=out)
    document = json.loads(out.getvalue())

    assert document["format"] == "cxmaturity.result/1"
    assert document["assessment"] == submitted.public_id
    assert document["organization"] == submitted.organization.name
    assert document["mode"] == "self"
    assert document["bank"] == {"slug": "test-bank", "version": "1.0"}
    assert document["submitted_at"].endswith("+09:00")  # Asia/Tokyo by default
    assert document["overall"] == {"score": 3.63, "percent": 65.63, "level": 4}
    assert document["dimensions"] == expected_dimensions()
    assert document["answers"] == expected_answers(participant)


def test_an_undefined_dimension_is_null(submitted_with_an_undefined_dimension):
    assessment = submitted_with_an_undefined_dimension
    document = result_document(submitted_assessments().get(pk=assessment.pk))
    assert document["dimensions"][1] == {
        "code": "b",
        "score": None,
        "percent": None,
        "level": None,
        "target_level": None,
        "answered": 0,
        "not_applicable": 1,
        "questions": 1,
    }
    assert document["overall"] == {"score": 2.0, "percent": 25.0, "level": 2}


def test_all_prints_one_json_object_per_line(submitted):
    out = StringIO()
    call_command("export_result", "--all", stdout=out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["assessment"] for line in lines] == [submitted.public_id]


def test_an_in_progress_or_unknown_assessment_is_not_exported(assessment):
    with pytest.raises(CommandError, match="No submitted assessment"):
        call_command("export_result", assessment.public_id)
    with pytest.raises(CommandError, match="No submitted assessment"):
        call_command("export_result", "nope")
    with pytest.raises(CommandError, match="or --all"):
        call_command("export_result")


def test_a_document_costs_the_same_queries_whatever_the_number_of_answers(
    submitted, django_assert_num_queries
):
    # assessment with organization, bank and result; the bank's levels; dimension results; participants;
    # answers; answer options; the peer group sizes (too few peers: no histogram)
    with django_assert_num_queries(7):
        result_document(submitted_assessments().get(pk=submitted.pk))


def test_a_document_with_a_benchmark_costs_one_more_query_whatever_the_number_of_peers(
    submitted, bank, django_assert_num_queries
):
    add_peers(bank, [3] * 300)
    # assessment with organization, bank and result; the bank's levels; dimension results; participants;
    # answers; answer options; the peer group sizes; the group's histogram
    with django_assert_num_queries(8):
        document = result_document(submitted_assessments().get(pk=submitted.pk))
    assert document["benchmark"]["n"] == 300


def test_the_document_says_why_there_is_no_benchmark(submitted):
    document = result_document(submitted_assessments().get(pk=submitted.pk))
    assert document["benchmark"] is None
    assert "Fewer than 5 other organizations" in document["benchmark_reason"]
