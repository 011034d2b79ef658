import pytest
from django.urls import reverse

from assessments.models import Assessment, Organization
from assessments.services import answer_save, assessment_start
from tests.factories import UserFactory, option

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"


def test_it_lists_assessments_in_progress_with_their_completion(
    client, member, assessment, participant, bank
):
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "3")],
    )
    client.force_login(member.user)
    body = client.get(reverse("dashboard")).content.decode()
    assert "25% complete (1 of 4)" in body
    assert reverse("assessment_resume", args=[assessment.public_id]) in body


def test_it_lists_submitted_assessments_with_level_and_date(member_client, submitted):
    body = member_client.get(reverse("dashboard")).content.decode()
    assert reverse("results", args=[submitted.public_id]) in body
    assert '<span class="level-badge">4</span>' in body
    assert "3.63" in body


def test_it_shows_nothing_of_other_organizations(client, member, bank):
    other = UserFactory()
    other_org = Organization.objects.create(
        name="Other Co", industry="retail", size_band="1-49", country="US"
    )
    foreign = assessment_start(organization=other_org, bank=bank, by=other)
    client.force_login(member.user)
    body = client.get(reverse("dashboard")).content.decode()
    assert foreign.public_id not in body
    assert "Other Co" not in body


def test_start_creates_an_assessment_on_the_latest_bank_and_opens_it(client, member, bank):
    client.force_login(member.user)
    response = client.post(reverse("assessment_start"))
    assessment = Assessment.objects.get()
    assert assessment.organization == member.organization
    assert assessment.bank == bank
    assert list(assessment.participants.values_list("user", flat=True)) == [member.user.pk]
    assert response["Location"] == reverse("assessment_resume", args=[assessment.public_id])


def test_start_needs_post_and_a_login(client, member, bank):
    assert client.post(reverse("assessment_start")).status_code == 302
    assert not Assessment.objects.exists()
    client.force_login(member.user)
    assert client.get(reverse("assessment_start")).status_code == 405


def test_start_without_a_published_bank_explains(client, member):
    client.force_login(member.user)
    response = client.post(reverse("assessment_start"), follow=True)
    assert "No question bank is published yet" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_user_without_an_organization_describes_one_first(client, bank):
    user = UserFactory()
    client.force_login(user)
    assert "Describe your organization" in client.get(reverse("dashboard")).content.decode()
    client.post(
        reverse("dashboard"), {"name": "Solo KK", "industry": "other", "size_band": "1-49", "country": "JP"}
    )
    assert user.memberships.get().organization.name == "Solo KK"


def test_the_dashboard_costs_the_same_queries_for_one_or_many_assessments(
    client, member, bank, django_assert_num_queries
):
    client.force_login(member.user)
    assessment_start(organization=member.organization, bank=bank, by=member.user)
    # session, user, membership with its organization, assessments (with bank, result and progress
    # annotations), published banks
    with django_assert_num_queries(5) as first:
        client.get(reverse("dashboard"))
    for _ in range(4):
        assessment_start(organization=member.organization, bank=bank, by=member.user)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("dashboard"))
