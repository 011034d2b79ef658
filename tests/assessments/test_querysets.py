"""Reusable filters and orders: bank order (ties broken by the pk, which databases leave open), "has a
result", and the scoring engine's view of a bank."""

import pytest
from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    DimensionResult,
    Option,
    Participant,
    Question,
    Recommendation,
)
from assessments.scoring_adapter import plain_bank, scoring_bank
from assessments.services import assessment_submit
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


def voc_first(bank) -> None:
    bank.dimensions.filter(code="strategy").update(order=1)
    bank.dimensions.filter(code="voc").update(order=0)


def test_dimensions_in_bank_order_break_ties_by_pk(bank):
    bank.dimensions.update(order=0)
    assert [d.code for d in bank.dimensions.in_bank_order()] == ["strategy", "voc"]
    voc_first(bank)
    assert [d.code for d in bank.dimensions.in_bank_order()] == ["voc", "strategy"]


def test_questions_in_bank_order_follow_their_dimension_first(bank):
    bank.dimensions.update(order=0)
    Question.objects.filter(bank=bank).update(order=0)
    assert [q.code for q in Question.objects.filter(bank=bank).in_bank_order()] == [
        "strategy.vision",
        "strategy.budget",
        "voc.surveys",
        "voc.metrics",
    ]
    voc_first(bank)
    bank.questions.filter(code="voc.surveys").update(order=1)
    assert [q.code for q in bank.questions.in_bank_order()] == [
        "voc.metrics",
        "voc.surveys",
        "strategy.vision",
        "strategy.budget",
    ]


def test_options_in_bank_order_break_ties_by_pk(bank):
    options = Option.objects.filter(question__bank=bank, question__code="strategy.budget")
    options.update(order=0)
    assert [o.code for o in options.in_bank_order()] == ["a", "b", "c"]
    options.filter(code="a").update(order=1)
    assert [o.code for o in options.in_bank_order()] == ["b", "c", "a"]


def test_recommendations_in_bank_order_follow_their_dimension_first(bank):
    recommendations = Recommendation.objects.filter(dimension__bank=bank)
    recommendations.update(order=0)
    assert [r.dimension.code for r in recommendations.in_bank_order()] == ["strategy", "voc"]
    voc_first(bank)
    assert [r.dimension.code for r in recommendations.in_bank_order()] == ["voc", "strategy"]


def test_answers_in_bank_order_follow_the_questions_then_the_participants(assessment, participant, bank):
    answer_all(participant, bank)
    other = Participant.objects.create(assessment=assessment, display_name="Other")
    Answer.objects.create(participant=other, question=bank.questions.get(code="voc.metrics"))
    voc_first(bank)
    assert [(a.question.code, a.participant_id) for a in Answer.objects.in_bank_order()] == [
        ("voc.surveys", participant.pk),
        ("voc.metrics", participant.pk),
        ("voc.metrics", other.pk),
        ("strategy.vision", participant.pk),
        ("strategy.budget", participant.pk),
    ]


def test_dimension_results_in_bank_order(assessment, participant, bank):
    answer_all(participant, bank)
    result = assessment_submit(assessment=assessment)
    voc_first(bank)
    rows = DimensionResult.objects.filter(result=result).in_bank_order()
    assert [row.dimension.code for row in rows] == ["voc", "strategy"]


def test_an_assessment_has_a_result_once_submitted(assessment, participant, bank):
    assert not Assessment.objects.with_result().exists()
    assert not Assessment.objects.get(pk=assessment.pk).has_result
    answer_all(participant, bank)
    assessment_submit(assessment=assessment)
    assert list(Assessment.objects.with_result()) == [assessment]
    assert Assessment.objects.get(pk=assessment.pk).has_result


def test_a_closed_assessment_without_a_stored_result_has_none(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status="closed", submitted_at=timezone.now())
    assert not Assessment.objects.with_result().exists()
    assert not Assessment.objects.get(pk=assessment.pk).has_result


def test_the_scoring_bank_lists_questions_in_bank_order(bank):
    voc_first(bank)
    plain = scoring_bank(bank)
    assert [d.code for d in plain.dimensions] == ["voc", "strategy"]
    assert [q.code for q in plain.questions] == [
        "voc.surveys",
        "voc.metrics",
        "strategy.vision",
        "strategy.budget",
    ]
    assert plain.questions[0].dimension == "voc"
    assert [o.code for o in plain.questions[-1].options] == ["a", "b", "c"]


def test_a_plain_bank_keeps_the_order_it_is_given(bank):
    questions = list(bank.questions.prefetch_related("options").order_by("-pk"))
    plain = plain_bank(bank.levels.all(), bank.dimensions.all(), questions)
    assert [q.code for q in plain.questions] == [
        "voc.metrics",
        "voc.surveys",
        "strategy.budget",
        "strategy.vision",
    ]
    assert [level.level for level in plain.levels] == [1, 2, 3, 4, 5]
