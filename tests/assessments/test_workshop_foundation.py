"""Consultancies, their clients and workshops: the models, the services that start a workshop and let
participants join, and who may see what."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from assessments.access import client_for, consultancy_for, workshop_for
from assessments.models import Answer, Assessment, Consultancy, Participant
from assessments.services import answer_save, consultancy_create, participant_join, workshop_start
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
