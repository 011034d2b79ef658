"""Consultancies, their clients and workshops: the models, the services that start a workshop and let
participants join, and who may see what."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from assessments.access import client_for, consultancy_for, workshop_for
from assessments.models import AgreedScore, Answer, Assessment, Consultancy, Participant
from assessments.services import (
    agreed_score_clear,
    agreed_score_set,
    answer_save,
    consultancy_create,
    participant_join,
    workshop_close,
    workshop_reveal,
    workshop_start,
)
from tests.factories import ClientFactory, ConsultantFactory, OrganizationFactory, UserFactory, option

pytestmark = pytest.mark.django_db


def test_a_consultancy_is_created_with_its_first_consultant():
    user = UserFactory()
    consultancy = consultancy_create(name="Harbor Advisory", user=user)
    assert consultancy.consultants.get().user == user
    assert consultancy_for(user) == consultancy
    assert len(consultancy.public_id) == 26


def test_an_accent_colour_must_be_a_hex_colour():
    consultancy = Consultancy(name="Harbor Advisory", accent_colour="red")
    with pytest.raises(ValidationError) as error:
        consultancy.full_clean()
    assert "accent_colour" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultancy.objects.create(name="Harbor Advisory", accent_colour="#12345z")


def test_a_workshop_is_an_assessment_in_workshop_mode_without_participants(workshop, bank):
    assessment = workshop.assessment
    assert assessment.mode == Assessment.Mode.WORKSHOP
    assert assessment.bank == bank
    assert assessment.is_open
    assert assessment.participants.count() == 0
    assert len(workshop.join_code) == 26  # 128 random bits in base32
    assert workshop.join_code != assessment.public_id


def test_a_workshop_is_only_for_a_consultancys_client(bank, consultant):
    with pytest.raises(ValidationError) as error:
        workshop_start(client=OrganizationFactory(), bank=bank, title="Kick-off", date=date(2026, 12, 1))
    assert error.value.code == "not_a_client"
    assert not Assessment.objects.exists()


def test_a_workshop_needs_a_title(bank, consultant):
    client = ClientFactory(consultancy=consultant.consultancy)
    with pytest.raises(ValidationError):
        workshop_start(client=client, bank=bank, title="", date=date(2026, 12, 1))
    assert not Assessment.objects.exists()


def test_the_same_name_twice_is_two_participants_with_their_own_resume_links(workshop):
    first = participant_join(workshop=workshop, display_name="Aiko", department="Sales", language="ja")
    second = participant_join(workshop=workshop, display_name="Aiko")
    assert first != second
    assert first.resume_token != second.resume_token
    assert len(first.resume_token) >= 43
    assert first.resume_token != first.public_id
    assert (first.department, first.language) == ("Sales", "ja")


def test_joining_needs_a_name_and_an_open_workshop(workshop):
    with pytest.raises(ValidationError) as error:
        participant_join(workshop=workshop, display_name="   ")
    assert error.value.code == "name_missing"
    Assessment.objects.filter(pk=workshop.assessment_id).update(
        status=Assessment.Status.CLOSED, submitted_at=timezone.now()
    )
    workshop.assessment.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        participant_join(workshop=workshop, display_name="Aiko")
    assert error.value.code == "closed"
    assert not Participant.objects.filter(assessment=workshop.assessment).exists()


def test_a_workshop_past_its_end_time_takes_no_answers(workshop, bank):
    participant = participant_join(workshop=workshop, display_name="Aiko")
    question = bank.questions.in_bank_order().first()
    answer_save(participant=participant, question=question, options=[option(bank, question.code, "3")])
    workshop.ends_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    with pytest.raises(ValidationError) as error:
        answer_save(participant=participant, question=question, options=[option(bank, question.code, "4")])
    assert error.value.code == "closed"
    assert Answer.objects.get(participant=participant).options.get().code == "3"
    workshop.assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        participant_join(workshop=workshop, display_name="Late")


def test_consultants_see_their_clients_and_workshops_and_nobody_else_does(workshop, consultant):
    client = workshop.assessment.organization
    other = ConsultantFactory()

    assert client_for(consultant.user, client.public_id) == client
    assert workshop_for(consultant.user, workshop.assessment.public_id) == workshop
    assert list(Assessment.objects.for_user(consultant.user)) == [workshop.assessment]

    for user in (other.user, UserFactory()):
        with pytest.raises(Http404):
            client_for(user, client.public_id)
        with pytest.raises(Http404):
            workshop_for(user, workshop.assessment.public_id)
        assert not Assessment.objects.for_user(user).exists()


def test_anonymous_visitors_see_no_client_or_workshop(workshop):
    visitor = AnonymousUser()
    with pytest.raises(Http404):
        client_for(visitor, workshop.assessment.organization.public_id)
    with pytest.raises(Http404):
        workshop_for(visitor, workshop.assessment.public_id)
    assert consultancy_for(visitor) is None


def _join_and_answer(workshop, bank, name, levels):
    """A participant who answers the small bank's level questions at the given levels, in bank order."""
    participant = participant_join(workshop=workshop, display_name=name)
    questions = [q for q in bank.questions.in_bank_order() if q.type == "level"]
    for question, level in zip(questions, levels, strict=False):
        answer_save(
            participant=participant, question=question, options=[option(bank, question.code, str(level))]
        )
    return participant


def test_an_agreed_score_replaces_the_mean_when_the_workshop_closes(workshop, bank, consultant):
    strategy = bank.questions.get(code="strategy.vision")
    _join_and_answer(workshop, bank, "Aiko", [1])
    _join_and_answer(workshop, bank, "Ben", [4])  # mean 2.5, range 3: no consensus
    agreed = agreed_score_set(
        workshop=workshop, question=strategy, score="3.5", rationale="Vision exists", by=consultant.user
    )
    assert (agreed.score, agreed.rationale, agreed.agreed_by) == (
        Decimal("3.5"),
        "Vision exists",
        consultant.user,
    )

    result = workshop_close(workshop=workshop, by=consultant.user)

    workshop.assessment.refresh_from_db()
    assert workshop.assessment.status == Assessment.Status.CLOSED
    assert workshop.assessment.has_result
    strategy_result = result.dimensions.get(dimension__code="strategy")
    # Only strategy.vision is answered in strategy, and its agreed 3.5 replaces the mean of 1 and 4.
    assert strategy_result.score == Decimal("3.50")
    with pytest.raises(ValidationError) as error:
        agreed_score_set(workshop=workshop, question=strategy, score=2)
    assert error.value.code == "closed"
    with pytest.raises(ValidationError):
        participant_join(workshop=workshop, display_name="Late")


@pytest.mark.parametrize("score", ["0.5", "5.5", "2.25", "abc", "NaN", "sNaN", "Infinity", "", None])
def test_an_agreed_score_outside_half_steps_from_1_to_5_changes_nothing(workshop, bank, score):
    question = bank.questions.get(code="strategy.vision")
    with pytest.raises(ValidationError) as error:
        agreed_score_set(workshop=workshop, question=question, score=score)
    assert error.value.code == "score_invalid"
    assert not AgreedScore.objects.exists()


def test_an_agreed_score_needs_a_question_of_the_workshop_and_a_short_rationale(workshop, default_bank, bank):
    foreign = default_bank.questions.in_bank_order().first()
    with pytest.raises(ValidationError) as error:
        agreed_score_set(workshop=workshop, question=foreign, score=3)
    assert error.value.code == "foreign_question"
    question = bank.questions.get(code="strategy.vision")
    with pytest.raises(ValidationError) as error:
        agreed_score_set(workshop=workshop, question=question, score=3, rationale="x" * 2001)
    assert error.value.code == "rationale_too_long"
    assert not AgreedScore.objects.exists()
    agreed_score_set(workshop=workshop, question=question, score=3)
    agreed_score_clear(workshop=workshop, question=question)
    assert not AgreedScore.objects.exists()


def test_one_question_of_an_open_workshop_at_a_time_is_on_the_projector(workshop, default_bank, bank):
    vision, budget = bank.questions.get(code="strategy.vision"), bank.questions.get(code="strategy.budget")
    workshop_reveal(workshop=workshop, question=vision)
    workshop_reveal(workshop=workshop, question=budget)
    workshop.refresh_from_db()
    assert workshop.revealed_question == budget
    with pytest.raises(ValidationError) as error:
        workshop_reveal(workshop=workshop, question=default_bank.questions.first())
    assert error.value.code == "foreign_question"
    workshop_reveal(workshop=workshop, question=None)
    workshop.refresh_from_db()
    assert workshop.revealed_question is None
    workshop_close(workshop=workshop)
    workshop.assessment.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        workshop_reveal(workshop=workshop, question=vision)
    assert error.value.code == "closed"
    workshop.refresh_from_db()
    assert workshop.revealed_question is None
