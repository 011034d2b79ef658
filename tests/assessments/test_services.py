from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assessments import services
from assessments.banks import import_bank
from assessments.models import COMMENT_MAX_LENGTH, Answer, Assessment, Dimension, Option, QuestionBank
from assessments.services import MissingAnswers, answer_save, assessment_start, assessment_submit
from tests.documents import bank_document
from tests.factories import answer_all, option

pytestmark = pytest.mark.django_db


def test_start_creates_the_member_as_participant(assessment, member):
    participant = assessment.participants.get()
    assert participant.user == member.user
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_only_a_published_bank_can_be_started(member):
    draft = import_bank(bank_document(status="draft"))
    with pytest.raises(ValidationError):
        assessment_start(organization=member.organization, bank=draft, by=member.user)


def test_saving_again_replaces_the_answer(participant, bank):
    question = bank.questions.get(code="strategy.vision")
    answer_save(participant=participant, question=question, options=[option(bank, "strategy.vision", "2")])
    answer_save(
        participant=participant,
        question=question,
        options=[option(bank, "strategy.vision", "5")],
        comment="x",
    )
    answer = Answer.objects.get()
    assert [o.code for o in answer.options.all()] == ["5"]
    assert answer.comment == "x"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            lambda bank: {"question": "strategy.vision", "options": [option(bank, "strategy.budget", "a")]},
            "does not belong to this question",
        ),
        (
            lambda bank: {"question": "strategy.vision", "options": [987654]},
            "does not belong to this question",
        ),
        (lambda bank: {"question": "strategy.vision", "not_applicable": True}, "cannot be answered N/A"),
        (
            lambda bank: {
                "question": "voc.surveys",
                "not_applicable": True,
                "options": [option(bank, "voc.surveys", "3")],
            },
            "not both",
        ),
        (
            lambda bank: {
                "question": "strategy.vision",
                "options": [option(bank, "strategy.vision", "2"), option(bank, "strategy.vision", "3")],
            },
            "only one option",
        ),
        (
            lambda bank: {
                "question": "strategy.vision",
                "options": [option(bank, "strategy.vision", "2")],
                "comment": "x" * (COMMENT_MAX_LENGTH + 1),
            },
            "at most 2000 characters",
        ),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(participant, bank, kwargs, message):
    arguments = kwargs(bank)
    arguments["question"] = bank.questions.get(code=arguments["question"])
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        answer_save(participant=participant, **arguments)
    assert not Answer.objects.exists()


def test_a_question_of_another_bank_is_refused(participant):
    other = import_bank(bank_document(slug="other"))
    with translation.override("en"), pytest.raises(ValidationError, match="not part of this assessment"):
        answer_save(
            participant=participant,
            question=other.questions.get(code="strategy.vision"),
            options=[option(other, "strategy.vision", "3")],
        )
    assert not Answer.objects.exists()


def test_messages_follow_the_users_language(participant, bank):
    with translation.override("ja"), pytest.raises(ValidationError) as error:
        answer_save(
            participant=participant, question=bank.questions.get(code="strategy.vision"), not_applicable=True
        )
    assert error.value.messages == ["この設問は「該当なし」を選べません。"]


def test_submit_refuses_missing_answers_and_lists_them(participant, assessment, bank):
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "3")],
    )
    with pytest.raises(MissingAnswers) as error:
        assessment_submit(assessment=assessment)
    assert error.value.missing == ["strategy.budget", "voc.surveys", "voc.metrics"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert not hasattr(assessment, "result")


def test_submit_scores_and_stores_the_result(participant, assessment, bank, member):
    answer_all(participant, bank)
    result = assessment_submit(assessment=assessment, by=member.user)

    # strategy: (4 + 2.5) / 2 = 3.25 → level 3, percent 56.25; voc: only metrics scores, 4.00 → level 4.
    # overall: (3.25 + 4) / 2 = 3.625 → 3.63, level 4 (≥ 3.4), percent 65.625 → 65.63.
    assert (result.score, result.percent, result.level) == (Decimal("3.63"), Decimal("65.63"), 4)
    dimensions = {d.dimension.code: d for d in result.dimensions.select_related("dimension")}
    strategy, voc = dimensions["strategy"], dimensions["voc"]
    assert (strategy.score, strategy.percent, strategy.level, strategy.target_level) == (
        Decimal("3.25"),
        Decimal("56.25"),
        3,
        4,
    )
    assert (voc.score, voc.level, voc.target_level) == (Decimal("4.00"), 4, 5)
    assert (voc.answered, voc.not_applicable, voc.questions) == (1, 1, 2)
    scores = dict(Answer.objects.values_list("question__code", "score"))
    assert scores == {
        "strategy.vision": Decimal("4.00"),
        "strategy.budget": Decimal("2.50"),
        "voc.surveys": None,
        "voc.metrics": Decimal("4.00"),
    }
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    assert assessment.submitted_by == member.user


def test_a_submitted_assessment_cannot_be_submitted_or_answered_again(participant, assessment, bank):
    answer_all(participant, bank)
    assessment_submit(assessment=assessment)
    with pytest.raises(ValidationError, match="already been submitted"):
        assessment_submit(assessment=assessment)
    with translation.override("en"), pytest.raises(ValidationError, match="can no longer change"):
        answer_save(
            participant=participant,
            question=bank.questions.get(code="strategy.vision"),
            options=[option(bank, "strategy.vision", "1")],
        )


def test_a_stored_result_outlives_changes_to_the_bank(participant, assessment, bank):
    answer_all(participant, bank)
    result = assessment_submit(assessment=assessment)
    # Even a forced edit of the bank (bypassing the frozen check) does not touch stored scores.
    QuestionBank.objects.filter(pk=bank.pk).update(status=QuestionBank.Status.RETIRED)
    Option.objects.filter(question__bank=bank).update(score=Decimal(1))
    result.refresh_from_db()
    assert result.score == Decimal("3.63")


def test_progress_lists_the_dimensions_in_bank_order_whatever_their_keys(participant, bank):
    """Meta.ordering does not apply to the GROUP BY of the progress query, so the order must be asked for.
    Reversing the dimensions' order against their keys catches a query that leaves it to the database."""
    dimensions = list(bank.dimensions.order_by("pk"))
    for position, dimension in enumerate(reversed(dimensions)):
        Dimension.objects.filter(pk=dimension.pk).update(order=position)
    progress = services.participant_progress(participant)
    assert [entry.dimension.pk for entry in progress] == [dimension.pk for dimension in reversed(dimensions)]
