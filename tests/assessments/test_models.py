"""Each named database constraint refuses what it should, and clean() says the same in words."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from assessments.models import (
    Answer,
    Assessment,
    Dimension,
    DimensionResult,
    MaturityLevel,
    Option,
    Organization,
    Question,
    QuestionBank,
    Recommendation,
    Result,
    User,
)
from tests.documents import bank_document

pytestmark = pytest.mark.django_db


def refused(name: str, save) -> None:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        save()
    # PostgreSQL names every constraint; SQLite names CHECK constraints and triggers, and lists the columns
    # of a unique one instead.
    message = str(error.value)
    assert name in message or ("unique" in name and "UNIQUE" in message), message


@pytest.fixture
def draft(db):
    from assessments.banks import import_bank

    return import_bank(bank_document(slug="draft", status="draft"))


def test_bank_slug_and_version_are_unique(bank):
    refused(
        "bank_unique_slug_version",
        lambda: QuestionBank.objects.create(slug=bank.slug, version=bank.version, title_en="x", title_ja="x"),
    )


def test_bank_status_must_be_known(bank):
    refused("bank_status_valid", lambda: QuestionBank.objects.filter(pk=bank.pk).update(status="live"))


def test_level_numbers_and_scores_stay_in_range(draft):
    level = draft.levels.get(level=5)
    refused("level_number_range", lambda: MaturityLevel.objects.filter(pk=level.pk).update(level=6))
    refused("level_min_score_range", lambda: MaturityLevel.objects.filter(pk=level.pk).update(min_score=5.5))
    refused("level_unique_per_bank", lambda: MaturityLevel.objects.filter(pk=level.pk).update(level=4))


def test_level_one_starts_at_one(draft):
    refused("level_one_starts_at_one", lambda: draft.levels.filter(level=1).update(min_score=Decimal("1.2")))


def test_level_thresholds_must_increase(draft):
    # The trigger compares rows: level 3 (2.6) may not drop to level 2's 1.8 or below, nor reach 4's 3.4.
    level_3 = draft.levels.get(level=3)
    for score in ("1.80", "1.50", "3.40", "4.00"):
        level_3.min_score = Decimal(score)
        refused("maturity_level_thresholds_increase", level_3.save)
    level_3.min_score = Decimal("3.00")
    level_3.save()
    assert draft.levels.get(level=3).min_score == Decimal("3.00")


def test_inserting_a_level_out_of_order_is_refused(draft):
    draft.levels.filter(level=5).delete()
    refused(
        "maturity_level_thresholds_increase",
        lambda: MaturityLevel.objects.create(
            bank=draft, level=5, min_score=Decimal("3.0"), name_en="x", name_ja="x"
        ),
    )


def test_level_clean_explains_thresholds(draft):
    level = draft.levels.get(level=2)
    level.min_score = Decimal("3.0")
    with pytest.raises(ValidationError) as error:
        level.full_clean()
    assert "min_score" in error.value.message_dict


def test_codes_are_unique_per_bank(draft):
    strategy = draft.dimensions.get(code="strategy")
    refused(
        "dimension_unique_code_per_bank", lambda: draft.dimensions.filter(code="voc").update(code="strategy")
    )
    refused(
        "question_unique_code_per_bank",
        lambda: Question.objects.create(
            bank=draft, dimension=strategy, code="strategy.vision", text_en="x", text_ja="x"
        ),
    )
    question = draft.questions.get(code="strategy.vision")
    refused("option_unique_code_per_question", lambda: question.options.filter(code="2").update(code="1"))


def test_same_codes_in_another_bank_are_fine(bank, draft):
    assert Question.objects.filter(code="strategy.vision").count() == 2


def test_weights_cannot_be_negative(draft):
    refused("dimension_weight_non_negative", lambda: draft.dimensions.update(weight=-1))
    refused("question_weight_non_negative", lambda: draft.questions.update(weight=-1))


def test_question_type_must_be_known(draft):
    refused("question_type_valid", lambda: draft.questions.update(type="slider"))


def test_option_scores_are_positive(draft):
    refused("option_score_positive", lambda: Option.objects.filter(question__bank=draft).update(score=0))


def test_option_clean_checks_the_score_range_of_its_question_type(draft):
    option = Option.objects.get(question__code="strategy.budget", question__bank=draft, code="a")
    option.score = Decimal("6")
    with pytest.raises(ValidationError) as error:
        option.full_clean()
    assert "score" in error.value.message_dict
    level_option = Option.objects.get(question__code="strategy.vision", question__bank=draft, code="1")
    level_option.score = Decimal("1.5")
    with pytest.raises(ValidationError):
        level_option.full_clean()


def test_recommendation_constraints(draft):
    recs = Recommendation.objects.filter(dimension__bank=draft)
    refused("recommendation_level_range", lambda: recs.update(min_level=4, max_level=2))
    refused("recommendation_level_range", lambda: recs.update(max_level=6))
    refused("recommendation_question_max_score", lambda: recs.update(max_score=2))
    refused("recommendation_effort_impact_valid", lambda: recs.update(effort="tiny"))


def test_recommendation_clean_explains_the_question_rule(draft):
    rec = Recommendation.objects.filter(dimension__code="strategy", dimension__bank=draft).first()
    rec.question = draft.questions.get(code="voc.surveys")
    rec.max_score = Decimal(2)
    with pytest.raises(ValidationError) as error:
        rec.full_clean()
    assert "question" in error.value.message_dict


def test_a_published_bank_is_frozen(bank):
    question = bank.questions.first()
    question.text_en = "Reworded"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "cannot change" in str(error.value)


def test_a_draft_bank_can_change(draft):
    assert not draft.is_frozen
    question = draft.questions.first()
    question.text_en = "Reworded"
    question.full_clean()  # where a published bank's question raises "cannot change" (above)
    question.save()
    assert draft.questions.get(pk=question.pk).text_en == "Reworded"


def test_a_bank_with_assessments_cannot_be_deleted(assessment):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        assessment.bank.delete()


def test_one_answer_per_participant_and_question(participant):
    question = participant.assessment.bank.questions.first()
    Answer.objects.create(participant=participant, question=question)
    refused(
        "answer_unique_participant_question",
        lambda: Answer.objects.create(participant=participant, question=question),
    )


def test_answer_scores_stay_in_range_and_na_has_none(participant):
    answer = Answer.objects.create(
        participant=participant, question=participant.assessment.bank.questions.first()
    )
    refused("answer_score_range", lambda: Answer.objects.filter(pk=answer.pk).update(score=Decimal("5.5")))
    refused(
        "answer_not_applicable_has_no_score",
        lambda: Answer.objects.filter(pk=answer.pk).update(score=3, not_applicable=True),
    )


def test_a_submitted_assessment_has_a_date(assessment):
    refused("assessment_submitted_has_date", lambda: Assessment.objects.update(status="submitted"))
    refused("assessment_mode_valid", lambda: Assessment.objects.update(mode="solo"))
    refused("assessment_status_valid", lambda: Assessment.objects.update(status="done"))


def test_result_ranges(assessment):
    result = Result.objects.create(assessment=assessment, score=3, percent=50, level=3)
    refused("result_score_range", lambda: Result.objects.filter(pk=result.pk).update(score=Decimal("0.5")))
    refused("result_percent_range", lambda: Result.objects.filter(pk=result.pk).update(percent=101))
    refused("result_level_range", lambda: Result.objects.filter(pk=result.pk).update(level=0))
    refused("result_defined_together", lambda: Result.objects.filter(pk=result.pk).update(level=None))
    dimension = Dimension.objects.filter(bank=assessment.bank).first()
    refused(
        "dimension_result_counts_consistent",
        lambda: DimensionResult.objects.create(
            result=result, dimension=dimension, answered=3, not_applicable=0, questions=2
        ),
    )
    refused(
        "dimension_result_target_range",
        lambda: DimensionResult.objects.create(
            result=result, dimension=dimension, target_level=6, answered=0, not_applicable=0, questions=2
        ),
    )


def test_organization_choices_are_enforced():
    refused(
        "organization_industry_valid",
        lambda: Organization.objects.create(name="x", industry="mining", size_band="1-49", country="JP"),
    )
    refused(
        "organization_size_band_valid",
        lambda: Organization.objects.create(name="x", industry="retail", size_band="huge", country="JP"),
    )


def test_emails_are_unique_whatever_their_case():
    User.objects.create_user("Ann@Example.com", "pw-123456789")
    refused("user_email_unique_case_insensitive", lambda: User.objects.create_user("ann@example.COM", "x"))


def test_public_ids_are_long_random_and_not_sequential(member, bank):
    from assessments.services import assessment_start

    first = assessment_start(organization=member.organization, bank=bank, by=member.user)
    second = assessment_start(organization=member.organization, bank=bank, by=member.user)
    assert len(first.public_id) == 26  # 16 random bytes in base32
    assert first.public_id != second.public_id
    assert not first.public_id.isdigit()


def test_translated_text_follows_the_active_language(bank):
    level = bank.levels.get(level=2)
    with translation.override("ja"):
        assert level.name == "Developing（日本語）"
    with translation.override("en-us"):
        assert level.name == "Developing"
    level.name_ja = ""
    with translation.override("ja"):
        assert level.name == "Developing"  # falls back to English rather than showing nothing
